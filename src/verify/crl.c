/* CRL selection, freshness and lookup (sgx-dcap.md §3.4 step 4). */
#include <string.h>

#include "util.h"
#include "vtime.h"
#include "x509check.h"

static int crl_sig_ok(X509_CRL* crl, X509* issuer, keep_sigmemo_t* memo)
{
    uint8_t parts[64], key[32];
    unsigned int a = 0;
    if (X509_CRL_get_signature_nid(crl) != NID_ecdsa_with_SHA256 ||
        !X509_CRL_digest(crl, EVP_sha256(), parts, &a) ||
        keep_cert_digests(memo, issuer, NULL, parts + 32) ||
        keep_sha256(key, parts, sizeof(parts)))
        return 0;
    if (memo && keep_sigmemo_has(memo, key))
        return 1;
    EVP_PKEY* pk = X509_get0_pubkey(issuer);
    if (!pk || X509_CRL_verify(crl, pk) != 1)
        return 0;
    if (memo)
        keep_sigmemo_put(memo, key);
    return 1;
}

X509_CRL* keep_crl_find(STACK_OF(X509_CRL)* crls, X509* issuer,
                        keep_sigmemo_t* memo, oe_result_t* why, char* err,
                        size_t es)
{
    X509_CRL* best = NULL;
    int named = 0;
    char name[96];
    keep_x509_name(name, sizeof(name), issuer);
    for (int i = 0; crls && i < sk_X509_CRL_num(crls); i++) {
        X509_CRL* crl = sk_X509_CRL_value(crls, i);
        if (X509_NAME_cmp(X509_CRL_get_issuer(crl),
                          X509_get_subject_name(issuer)))
            continue;
        named++;
        /* A delta CRL is not a complete list. */
        if (X509_CRL_get_ext_by_NID(crl, NID_delta_crl, -1) >= 0 ||
            !crl_sig_ok(crl, issuer, memo))
            continue;
        if (!best || ASN1_TIME_compare(X509_CRL_get0_lastUpdate(crl),
                                       X509_CRL_get0_lastUpdate(best)) > 0)
            best = crl;
    }
    if (best)
        return best;
    *why = named ? OE_VERIFY_FAILED : OE_VERIFY_CRL_MISSING;
    keep_fmt(err, es, named ? "CRL issued by \"%s\": signature does not verify"
                            : "no CRL issued by \"%s\" in the collateral",
             name);
    return NULL;
}

oe_result_t keep_crl_fresh(X509_CRL* crl, int64_t at, const char* what,
                           int64_t* next_update, char* err, size_t es)
{
    int64_t tu, nu;
    char t1[32], t2[32];
    const ASN1_TIME* next = X509_CRL_get0_nextUpdate(crl);
    if (keep_asn1_time_to_epoch(&tu, X509_CRL_get0_lastUpdate(crl)) || !next ||
        keep_asn1_time_to_epoch(&nu, next)) {
        keep_fmt(err, es, "%s has no readable thisUpdate/nextUpdate", what);
        return OE_VERIFY_CRL_EXPIRED;
    }
    *next_update = nu;
    if (at < tu || at > nu) {
        keep_verify_format_time(t1, sizeof(t1), tu);
        keep_verify_format_time(t2, sizeof(t2), nu);
        keep_fmt(err, es, "%s is %s at the verification time (thisUpdate %s, "
                 "nextUpdate %s)", what, at > nu ? "stale (expired)" : "not yet valid",
                 t1, t2);
        return OE_VERIFY_CRL_EXPIRED;
    }
    return OE_OK;
}

int keep_crl_lists(X509_CRL* crl, X509* cert)
{
    X509_REVOKED* rev = NULL;
    return X509_CRL_get0_by_cert(crl, &rev, cert) == 1;
}
