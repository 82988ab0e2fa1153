/* Steps on the PCK certificate chain: chain, validity, SGX extension, CRLs
 * and revocation (sgx-dcap.md §3.4 steps 3-4). */
#include <string.h>

#include "pck_ext.h"
#include "pem.h"
#include "verify_steps.h"

/* The quote's PEM chain, parsed or (same bytes seen before) cached. */
static STACK_OF(X509)* quote_chain(keep_vctx_t* v, char* err, size_t es)
{
    uint8_t key[32];
    STACK_OF(X509)* chain = NULL;
    int cache = v->memo && keep_sha256(key, v->q.cert_data, v->q.cert_size) == 0;
    if (cache && (chain = keep_chaincache_get(v->coll, key)))
        return chain;
    chain = keep_pem_cert_chain(v->q.cert_data, v->q.cert_size, err, es);
    if (chain && cache)
        keep_chaincache_put(v->coll, key, chain);
    return chain;
}

int keep_step_pck_chain(keep_vctx_t* v)
{
    char err[KEEP_VERIFY_REASON_SIZE];
    v->quote_certs = quote_chain(v, err, sizeof(err));
    if (!v->quote_certs) {
        keep_check_fail(v, KEEP_CHECK_PCK_CHAIN, OE_MISSING_CERTIFICATE_CHAIN,
                        "certification data: %s", err);
        return -1;
    }
    X509* leaf = sk_X509_value(v->quote_certs, 0);
    if (!keep_x509_is_signer(leaf)) {
        keep_check_fail(v, KEEP_CHECK_PCK_CHAIN, OE_VERIFY_FAILED, "PCK chain: "
                        "the first certificate is a CA or may not sign");
        return -1;
    }
    /* Type 5 carries the whole chain: build it from the quote alone and
     * require every certificate in it to be used. */
    oe_result_t r = keep_chain_build(&v->pck, leaf, v->quote_certs, NULL,
                                     v->anchors, v->anchor_count, v->memo, err,
                                     sizeof(err));
    if (r == OE_OK && v->pck.count != (size_t)sk_X509_num(v->quote_certs)) {
        keep_fmt(err, sizeof(err), "certification data holds %d certificates "
                 "but the chain uses %zu", sk_X509_num(v->quote_certs),
                 v->pck.count);
        r = OE_VERIFY_FAILED;
    }
    if (r != OE_OK) {
        keep_check_fail(v, KEEP_CHECK_PCK_CHAIN, r, "PCK chain: %s", err);
        return -1;
    }
    v->res->anchor_name = v->pck.anchor->name;
    if (memcmp(v->pck.anchor->qe_vendor_id, v->q.header.qe_vendor_id, 16)) {
        keep_check_fail(v, KEEP_CHECK_PCK_CHAIN, OE_VERIFY_FAILED,
                        "quote's QE vendor id does not belong to \"%s\"",
                        v->pck.anchor->name);
        return -1;
    }
    v->pck_ok = 1;
    keep_check_pass(v, KEEP_CHECK_PCK_CHAIN);
    return 0;
}

void keep_step_pck_validity(keep_vctx_t* v)
{
    char err[KEEP_VERIFY_REASON_SIZE];
    int64_t exp = 0;
    oe_result_t r = keep_chain_validity(&v->pck, v->at, &exp, err, sizeof(err));
    keep_note_expiry(v, exp);
    if (r != OE_OK)
        keep_check_fail(v, KEEP_CHECK_PCK_VALIDITY, r, "PCK chain: %s", err);
    else
        keep_check_pass(v, KEEP_CHECK_PCK_VALIDITY);
}

/* The leaf's SGX extension, parsed or (same bytes parsed before) from the
 * collateral set's memo. */
static oe_result_t pck_extension(keep_vctx_t* v, char* err, size_t es)
{
    const uint8_t* der;
    size_t size;
    memset(&v->res->pck, 0, sizeof(v->res->pck));
    oe_result_t r = keep_pck_ext_find(&der, &size, v->pck.certs[0], err, es);
    if (r != OE_OK)
        return r;
    if (v->memo && keep_pckmemo_get(v->coll, der, size, &v->res->pck))
        return OE_OK;
    r = keep_pck_ext_parse(&v->res->pck, der, size, err, es);
    if (r == OE_OK && v->memo)
        keep_pckmemo_put(v->coll, der, size, &v->res->pck);
    return r;
}

int keep_step_pck_extensions(keep_vctx_t* v)
{
    char err[KEEP_VERIFY_REASON_SIZE];
    oe_result_t r = pck_extension(v, err, sizeof(err));
    if (r != OE_OK) {
        keep_check_fail(v, KEEP_CHECK_PCK_EXTENSIONS, r, "%s", err);
        return -1;
    }
    v->res->pck_valid = 1;
    keep_check_pass(v, KEEP_CHECK_PCK_EXTENSIONS);
    return 0;
}

static X509_CRL* one_crl(keep_vctx_t* v, keep_verify_check_t id, X509* issuer,
                         const char* what)
{
    char err[KEEP_VERIFY_REASON_SIZE];
    oe_result_t why = OE_VERIFY_CRL_MISSING;
    int64_t next = 0;
    X509_CRL* crl = keep_crl_find(v->coll->crls, issuer, v->memo, &why, err,
                                  sizeof(err));
    if (!crl) {
        keep_check_fail(v, id, why, "%s: %s", what, err);
        return NULL;
    }
    oe_result_t r = keep_crl_fresh(crl, v->at, what, &next, err, sizeof(err));
    keep_note_expiry(v, next);
    if (r != OE_OK)
        keep_check_fail(v, id, r, "%s", err);
    else
        keep_check_pass(v, id);
    return crl;
}

void keep_step_crls(keep_vctx_t* v)
{
    X509* root = v->pck.certs[v->pck.count - 1];
    X509* pck_issuer = v->pck.count > 1 ? v->pck.certs[1] : root;
    v->root_crl = one_crl(v, KEEP_CHECK_ROOT_CRL, root, "root CA CRL");
    v->pck_crl = one_crl(v, KEEP_CHECK_PCK_CRL, pck_issuer, "PCK CRL");
}

/* Each non-root certificate must be absent from its issuer's CRL. */
void keep_step_revocation(keep_vctx_t* v)
{
    char name[96];
    for (size_t i = 0; i + 1 < v->pck.count; i++) {
        X509_CRL* crl = i + 2 == v->pck.count ? v->root_crl
                        : i == 0              ? v->pck_crl
                                              : NULL;
        if (!crl) {
            keep_check_skip(v, KEEP_CHECK_REVOCATION, "a CRL is unusable");
            return;
        }
        if (keep_crl_lists(crl, v->pck.certs[i])) {
            keep_x509_name(name, sizeof(name), v->pck.certs[i]);
            keep_check_fail(v, KEEP_CHECK_REVOCATION, OE_VERIFY_REVOKED,
                            "certificate \"%s\" is revoked by its issuer's CRL",
                            name);
            return;
        }
    }
    keep_check_pass(v, KEEP_CHECK_REVOCATION);
}
