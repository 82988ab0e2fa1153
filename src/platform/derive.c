/* Keys the platform derives, never stores: seal keys (EGETKEY's SEAL key,
 * sgx-dcap.md §1.3–1.4) and report MAC keys, each HKDF-SHA256 (RFC 5869)
 * from a platform secret with the request's key id as salt and everything
 * the key must depend on in `info`. */
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>

#include "internal.h"

#define SEAL_LABEL "keep seal key v1"
#define REPORT_LABEL "keep report key v1"
#define KNOWN_POLICIES                                                                       \
    (KEEP_SGX_KEYPOLICY_MRENCLAVE | KEEP_SGX_KEYPOLICY_MRSIGNER | KEEP_SGX_KEYPOLICY_NOISVPRODID)
/* Keep always binds these attribute bits, whatever the mask says: a debug
 * enclave never derives a production enclave's keys (SGX's seal functions
 * require the same bits in every mask). */
#define FORCED_FLAGS (KEEP_SGX_FLAGS_INITTED | KEEP_SGX_FLAGS_DEBUG)

bool keep_pf_hkdf(uint8_t *out, size_t out_size, const uint8_t *ikm, size_t ikm_size,
                  const uint8_t *salt, size_t salt_size, const uint8_t *info, size_t info_size)
{
    EVP_KDF *kdf = EVP_KDF_fetch(NULL, "HKDF", NULL);
    EVP_KDF_CTX *ctx = kdf ? EVP_KDF_CTX_new(kdf) : NULL;
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, (char *)"SHA256", 0),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, (void *)ikm, ikm_size),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, (void *)salt, salt_size),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, (void *)info, info_size),
        OSSL_PARAM_construct_end(),
    };
    bool ok = ctx && EVP_KDF_derive(ctx, out, out_size, params) == 1;
    EVP_KDF_CTX_free(ctx);
    EVP_KDF_free(kdf);
    return ok;
}

static bool all_zero(const uint8_t *p, size_t n)
{
    uint8_t acc = 0;
    for (size_t i = 0; i < n; i++)
        acc |= p[i];
    return acc == 0;
}

/* SGX's EGETKEY checks, in its order of precedence. */
static oe_result_t check_request(const keep_platform *platform,
                                 const keep_platform_subject *subject,
                                 const keep_sgx_key_request *r)
{
    if (r->key_name != KEEP_SGX_KEYSELECT_SEAL)
        return OE_INVALID_KEYNAME;
    if (r->reserved1 || !all_zero(r->reserved2, sizeof(r->reserved2)) || r->config_svn)
        return OE_INVALID_PARAMETER;
    if ((r->key_policy & ~KNOWN_POLICIES) ||
        !(r->key_policy & (KEEP_SGX_KEYPOLICY_MRENCLAVE | KEEP_SGX_KEYPOLICY_MRSIGNER)))
        return OE_INVALID_PARAMETER;
    for (size_t i = 0; i < KEEP_SGX_CPUSVN_SIZE; i++)
        if (r->cpu_svn[i] > platform->cpu_svn[i])
            return OE_INVALID_CPUSVN;
    if (r->isv_svn > subject->isv_svn)
        return OE_INVALID_ISVSVN;
    return OE_OK;
}

static size_t append(uint8_t *info, size_t at, const void *bytes, size_t n)
{
    memcpy(info + at, bytes, n);
    return at + n;
}

oe_result_t keep_pf_get_key(const keep_platform *platform, const keep_platform_subject *subject,
                            const keep_sgx_key_request *r, uint8_t key[KEEP_PLATFORM_KEY_SIZE])
{
    oe_result_t result = check_request(platform, subject, r);
    if (result != OE_OK)
        return result;
    static const uint8_t zero[32];
    bool by_enclave = r->key_policy & KEEP_SGX_KEYPOLICY_MRENCLAVE;
    bool by_signer = r->key_policy & KEEP_SGX_KEYPOLICY_MRSIGNER;
    uint16_t prod_id = (r->key_policy & KEEP_SGX_KEYPOLICY_NOISVPRODID) ? 0 : subject->isv_prod_id;
    uint64_t mask = r->attribute_mask.flags | FORCED_FLAGS;
    uint64_t flags = subject->flags & mask, xfrm = subject->xfrm & r->attribute_mask.xfrm;
    uint8_t info[256];
    size_t n = append(info, 0, SEAL_LABEL, sizeof(SEAL_LABEL));
    n = append(info, n, &r->key_name, 2);
    n = append(info, n, &r->key_policy, 2);
    n = append(info, n, &r->isv_svn, 2);
    n = append(info, n, &prod_id, 2);
    n = append(info, n, r->cpu_svn, sizeof(r->cpu_svn));
    n = append(info, n, &mask, 8);
    n = append(info, n, &flags, 8);
    n = append(info, n, &xfrm, 8);
    n = append(info, n, by_enclave ? subject->mr_enclave : zero, 32);
    n = append(info, n, by_signer ? subject->mr_signer : zero, 32);
    bool ok = keep_pf_hkdf(key, KEEP_PLATFORM_KEY_SIZE, platform->seal_root,
                           sizeof(platform->seal_root), r->key_id, sizeof(r->key_id), info, n);
    return ok ? OE_OK : OE_CRYPTO_ERROR;
}

oe_result_t keep_pf_report_mac(const keep_platform *platform, const uint8_t target_mr_enclave[32],
                               const keep_sgx_report *report, uint8_t mac[KEEP_SGX_MAC_SIZE])
{
    uint8_t info[sizeof(REPORT_LABEL) + 32], key[32], full[32];
    unsigned int full_size = sizeof(full);
    memcpy(info, REPORT_LABEL, sizeof(REPORT_LABEL));
    memcpy(info + sizeof(REPORT_LABEL), target_mr_enclave, 32);
    bool ok = keep_pf_hkdf(key, sizeof(key), platform->report_key, sizeof(platform->report_key),
                           report->key_id, sizeof(report->key_id), info, sizeof(info)) &&
              HMAC(EVP_sha256(), key, sizeof(key), (const uint8_t *)&report->body,
                   sizeof(report->body), full, &full_size) != NULL;
    if (ok)
        memcpy(mac, full, KEEP_SGX_MAC_SIZE);
    OPENSSL_cleanse(key, sizeof(key));
    OPENSSL_cleanse(full, sizeof(full));
    return ok ? OE_OK : OE_CRYPTO_ERROR;
}

void keep_pf_report_body(keep_sgx_report_body *body, const keep_platform *platform,
                         const keep_platform_subject *subject,
                         const uint8_t report_data[KEEP_SGX_REPORT_DATA_SIZE])
{
    memset(body, 0, sizeof(*body));
    memcpy(body->cpu_svn, platform->cpu_svn, sizeof(body->cpu_svn));
    memcpy(body->isv_ext_prod_id, subject->isv_ext_prod_id, 16);
    body->attributes.flags = subject->flags;
    body->attributes.xfrm = subject->xfrm;
    memcpy(body->mr_enclave, subject->mr_enclave, 32);
    memcpy(body->mr_signer, subject->mr_signer, 32);
    body->isv_prod_id = subject->isv_prod_id;
    body->isv_svn = subject->isv_svn;
    memcpy(body->isv_family_id, subject->isv_family_id, 16);
    memcpy(body->report_data, report_data, KEEP_SGX_REPORT_DATA_SIZE);
}
