/* Steps on the quote itself: format, ISV signature, QE report signature
 * and binding (sgx-dcap.md §3.4 steps 1, 2, 5, 6). */
#include <string.h>

#include "pem.h"
#include "verify_steps.h"

static int vendor_known(const keep_vctx_t* v)
{
    for (size_t i = 0; i < v->anchor_count; i++)
        if (memcmp(v->anchors[i]->qe_vendor_id, v->q.header.qe_vendor_id,
                   16) == 0)
            return 1;
    return 0;
}

int keep_step_format(keep_vctx_t* v, const uint8_t* quote, size_t size)
{
    char err[KEEP_VERIFY_REASON_SIZE];
    oe_result_t r = keep_quote_parse(&v->q, quote, size, err, sizeof(err));
    v->res->header = v->q.header;
    if (r != OE_OK) {
        keep_check_fail(v, KEEP_CHECK_QUOTE_FORMAT,
                        r == OE_UNSUPPORTED ? r : OE_QUOTE_VERIFICATION_ERROR,
                        "%s", err);
        return -1;
    }
    keep_quote_read_body(&v->res->identity, v->q.body);
    keep_quote_read_body(&v->res->qe_identity, v->q.qe_report);
    v->res->identity_valid = 1;
    if (!vendor_known(v)) {
        keep_check_fail(v, KEEP_CHECK_QUOTE_FORMAT, OE_QUOTE_VERIFICATION_ERROR,
                        "QE vendor id (offset 12) is not that of any trusted "
                        "root");
        return -1;
    }
    if (v->q.cert_type != KEEP_CERT_TYPE_PCK_CHAIN) {
        keep_check_fail(v, KEEP_CHECK_QUOTE_FORMAT, OE_UNSUPPORTED,
                        "certification data type %u: only type 5 (PCK "
                        "certificate chain) is supported", v->q.cert_type);
        return -1;
    }
    keep_check_pass(v, KEEP_CHECK_QUOTE_FORMAT);
    return 0;
}

void keep_step_quote_signature(keep_vctx_t* v)
{
    EVP_PKEY* key = keep_keycache_get(v->coll, v->q.attest_key, v->memo != NULL);
    int ok = key ? keep_ecdsa_verify(key, v->q.signed_data, v->q.signed_size,
                                     v->q.signature)
                 : 0; /* not a point on the curve */
    EVP_PKEY_free(key);
    if (ok == 1)
        keep_check_pass(v, KEEP_CHECK_QUOTE_SIGNATURE);
    else
        keep_check_fail(v, KEEP_CHECK_QUOTE_SIGNATURE,
                        OE_QUOTE_VERIFICATION_ERROR,
                        "quote signature (offset 436) does not verify with "
                        "the attestation key over the header and report body");
}

static void qe_binding(keep_vctx_t* v)
{
    uint8_t buf[64 + KEEP_QUOTE_MAX_AUTH_SIZE], hash[32];
    static const uint8_t zero[32];
    const uint8_t* rd = v->q.qe_report + KEEP_RB_REPORTDATA;
    memcpy(buf, v->q.attest_key, 64);
    memcpy(buf + 64, v->q.qe_auth, v->q.qe_auth_size);
    if (keep_sha256(hash, buf, 64 + (size_t)v->q.qe_auth_size) ||
        memcmp(hash, rd, 32) != 0 || memcmp(rd + 32, zero, 32) != 0)
        keep_check_fail(v, KEEP_CHECK_QE_REPORT_BINDING, OE_QUOTE_HASH_MISMATCH,
                        "QE report data is not SHA-256(attestation key || QE "
                        "auth data) || 32 zero bytes");
    else
        keep_check_pass(v, KEEP_CHECK_QE_REPORT_BINDING);
}

_Static_assert(sizeof(((keep_qememo_entry_t*)0)->report) == KEEP_REPORT_BODY_SIZE,
               "the QE memo holds one report body");

/* The QE report signature by the PCK leaf's key; with the caches on, a
 * (key, report, signature) that verified before, byte for byte, is not
 * verified again (collateral.h, keep_qememo). */
static int qe_report_signed(keep_vctx_t* v)
{
    X509_PUBKEY* spki = X509_get_X509_PUBKEY(v->pck.certs[0]);
    uint8_t key[KEEP_QEMEMO_KEY_MAX], *p = key;
    int n = v->memo && spki ? i2d_X509_PUBKEY(spki, NULL) : -1;
    size_t key_size = n > 0 && n <= (int)sizeof(key) && i2d_X509_PUBKEY(spki, &p) == n
                          ? (size_t)n : 0;
    if (key_size && keep_qememo_has(v->coll, key, key_size, v->q.qe_report,
                                    v->q.qe_report_sig))
        return 1;
    int ok = keep_ecdsa_verify(X509_get0_pubkey(v->pck.certs[0]), v->q.qe_report,
                               KEEP_REPORT_BODY_SIZE, v->q.qe_report_sig);
    if (ok == 1 && key_size)
        keep_qememo_put(v->coll, key, key_size, v->q.qe_report, v->q.qe_report_sig);
    return ok;
}

void keep_step_qe_report(keep_vctx_t* v)
{
    qe_binding(v);
    if (!v->pck_ok) {
        keep_check_skip(v, KEEP_CHECK_QE_REPORT_SIGNATURE,
                        "no PCK certificate");
        return;
    }
    int ok = qe_report_signed(v);
    if (ok == 1)
        keep_check_pass(v, KEEP_CHECK_QE_REPORT_SIGNATURE);
    else
        keep_check_fail(v, KEEP_CHECK_QE_REPORT_SIGNATURE,
                        OE_QUOTE_VERIFICATION_ERROR,
                        "QE report signature does not verify with the PCK "
                        "certificate's key");
}
