/* Certificate chains up to a pinned root (sgx-dcap.md §3.4 step 3). Each
 * step is explicit so the failure names the certificate. */
#include <string.h>

#include <openssl/x509v3.h>

#include "util.h"
#include "vtime.h"
#include "x509check.h"

void keep_x509_name(char* buf, size_t size, X509* x)
{
    X509_NAME* n = X509_get_subject_name(x);
    int idx = n ? X509_NAME_get_index_by_NID(n, NID_commonName, -1) : -1;
    ASN1_STRING* s = idx >= 0 ? X509_NAME_ENTRY_get_data(
                                    X509_NAME_get_entry(n, idx))
                              : NULL;
    if (s && s->length > 0 && (size_t)s->length < size) {
        memcpy(buf, s->data, (size_t)s->length);
        buf[s->length] = '\0';
        for (int i = 0; i < s->length; i++)
            if (buf[i] < 0x20 || buf[i] > 0x7e)
                buf[i] = '?';
    } else {
        keep_fmt(buf, size, "(certificate without a printable CN)");
    }
}

static const keep_verify_anchor_t* match_anchor(
    X509* x, const keep_verify_anchor_t* const* anchors, size_t count,
    keep_sigmemo_t* memo)
{
    uint8_t fp[32];
    if (keep_cert_digests(memo, x, fp, NULL))
        return NULL;
    for (size_t i = 0; i < count; i++)
        if (memcmp(fp, anchors[i]->root_sha256, 32) == 0)
            return anchors[i];
    return NULL;
}

/* 1 when cand may have issued cert (names, CA, keyUsage, signature). */
static int issued_by(X509* cert, X509* cand, keep_sigmemo_t* memo)
{
    uint8_t parts[64], key[32];
    if (X509_NAME_cmp(X509_get_subject_name(cand), X509_get_issuer_name(cert)))
        return 0;
    if (X509_check_ca(cand) != 1) /* basicConstraints CA:TRUE, nothing less */
        return 0;
    if ((X509_get_extension_flags(cand) & EXFLAG_KUSAGE) &&
        !(X509_get_key_usage(cand) & KU_KEY_CERT_SIGN))
        return 0;
    if (keep_cert_digests(memo, cert, parts, NULL) ||
        keep_cert_digests(memo, cand, NULL, parts + 32) ||
        keep_sha256(key, parts, sizeof(parts)))
        return 0;
    if (memo && keep_sigmemo_has(memo, key))
        return 1;
    EVP_PKEY* pk = X509_get0_pubkey(cand);
    if (!pk || X509_verify(cert, pk) != 1)
        return 0;
    if (memo)
        keep_sigmemo_put(memo, key);
    return 1;
}

static X509* find_issuer(X509* cert, STACK_OF(X509)* a, STACK_OF(X509)* b,
                         keep_sigmemo_t* memo)
{
    STACK_OF(X509)* pools[2] = {a, b};
    for (int p = 0; p < 2; p++)
        for (int i = 0; pools[p] && i < sk_X509_num(pools[p]); i++) {
            X509* cand = sk_X509_value(pools[p], i);
            if (cand != cert && issued_by(cert, cand, memo))
                return cand;
        }
    return NULL;
}

static int cert_basic_ok(X509* x, char* err, size_t es)
{
    char name[96];
    uint32_t flags = X509_get_extension_flags(x);
    keep_x509_name(name, sizeof(name), x);
    if (flags & (EXFLAG_CRITICAL | EXFLAG_INVALID)) {
        keep_fmt(err, es, "certificate \"%s\" has an invalid or unhandled "
                 "critical extension", name);
        return -1;
    }
    if (X509_get_signature_nid(x) != NID_ecdsa_with_SHA256) {
        keep_fmt(err, es, "certificate \"%s\" is not signed with "
                 "ecdsa-with-SHA256", name);
        return -1;
    }
    return 0;
}

/* An end-entity certificate that signs (PCK leaf, collateral signer): not a
 * CA, and digitalSignature when keyUsage is present. */
int keep_x509_is_signer(X509* x)
{
    if (X509_check_ca(x) != 0)
        return 0;
    return !(X509_get_extension_flags(x) & EXFLAG_KUSAGE) ||
           (X509_get_key_usage(x) & KU_DIGITAL_SIGNATURE);
}

oe_result_t keep_chain_build(keep_chain_t* out, X509* leaf,
                             STACK_OF(X509)* first, STACK_OF(X509)* second,
                             const keep_verify_anchor_t* const* anchors,
                             size_t anchor_count, keep_sigmemo_t* memo,
                             char* err, size_t es)
{
    char name[96];
    X509* cur = leaf;
    memset(out, 0, sizeof(*out));
    while (out->count < KEEP_CHAIN_MAX) {
        out->certs[out->count++] = cur;
        out->anchor = match_anchor(cur, anchors, anchor_count, memo);
        if (out->anchor)
            return OE_OK; /* pinned: its own signature adds nothing */
        if (cert_basic_ok(cur, err, es))
            return OE_VERIFY_FAILED;
        keep_x509_name(name, sizeof(name), cur);
        if (X509_NAME_cmp(X509_get_subject_name(cur),
                          X509_get_issuer_name(cur)) == 0) {
            keep_fmt(err, es, "chain ends at \"%s\", which is not a trusted "
                     "root (SHA-256 fingerprint not pinned)", name);
            return OE_VERIFY_FAILED;
        }
        X509* issuer = find_issuer(cur, first, second, memo);
        if (!issuer) {
            keep_fmt(err, es, "no issuer certificate whose signature verifies "
                     "for \"%s\"", name);
            return OE_VERIFY_FAILED;
        }
        /* CAs below the issuer: out->count - 1; pathLenConstraint bounds it. */
        long pathlen = X509_get_pathlen(issuer);
        if (pathlen >= 0 && (long)out->count - 1 > pathlen) {
            keep_x509_name(name, sizeof(name), issuer);
            keep_fmt(err, es, "\"%s\" exceeds its pathLenConstraint", name);
            return OE_VERIFY_FAILED;
        }
        cur = issuer;
    }
    keep_fmt(err, es, "certificate chain longer than %d", KEEP_CHAIN_MAX);
    return OE_VERIFY_FAILED;
}

oe_result_t keep_chain_validity(const keep_chain_t* chain, int64_t at,
                                int64_t* min_not_after, char* err, size_t es)
{
    for (size_t i = 0; i < chain->count; i++) {
        int64_t nb, na;
        char name[96], t1[32], t2[32];
        X509* x = chain->certs[i];
        keep_x509_name(name, sizeof(name), x);
        if (keep_asn1_time_to_epoch(&nb, X509_get0_notBefore(x)) ||
            keep_asn1_time_to_epoch(&na, X509_get0_notAfter(x))) {
            keep_fmt(err, es, "certificate \"%s\": unreadable validity", name);
            return OE_VERIFY_FAILED_TO_FIND_VALIDITY_PERIOD;
        }
        if (min_not_after && (*min_not_after == 0 || na < *min_not_after))
            *min_not_after = na;
        if (at < nb || at > na) {
            keep_verify_format_time(t1, sizeof(t1), nb);
            keep_verify_format_time(t2, sizeof(t2), na);
            keep_fmt(err, es, "certificate \"%s\" is not valid at the "
                     "verification time (valid %s .. %s)", name, t1, t2);
            return OE_VERIFY_FAILED_TO_FIND_VALIDITY_PERIOD;
        }
    }
    return OE_OK;
}
