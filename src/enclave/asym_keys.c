/* Enclave-bound EC P-256 keys (openenclave-api.md §2.4). The key request
 * is a seal key request whose key id is SHA-256 of a label, the key type
 * and the caller's user data, so the same inputs give the same key; the
 * platform derives 32 secret bytes from it (never a key it stores), which
 * are stretched with HKDF into a private scalar in [1, n-1]. */
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/kdf.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include <openenclave/enclave.h>

#include "seal_internal.h"

#define ASYM_LABEL "keep enclave asymmetric key v1"
#define MAX_USER_DATA 4096

static oe_result_t check_params(const oe_asymmetric_key_params_t *p)
{
    if (!p || (!p->user_data && p->user_data_size) || p->user_data_size > MAX_USER_DATA)
        return OE_INVALID_PARAMETER;
    if (p->type != OE_ASYMMETRIC_KEY_EC_SECP256P1 || p->format != OE_ASYMMETRIC_KEY_PEM)
        return OE_UNSUPPORTED;
    return OE_OK;
}

static oe_result_t key_id_for(uint8_t key_id[32], const oe_asymmetric_key_params_t *p)
{
    uint32_t type = (uint32_t)p->type;
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    bool ok = md && EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1 &&
              EVP_DigestUpdate(md, ASYM_LABEL, sizeof(ASYM_LABEL)) == 1 &&
              EVP_DigestUpdate(md, &type, sizeof(type)) == 1 &&
              (!p->user_data_size || EVP_DigestUpdate(md, p->user_data, p->user_data_size) == 1) &&
              EVP_DigestFinal_ex(md, key_id, NULL) == 1;
    EVP_MD_CTX_free(md);
    return ok ? OE_OK : OE_CRYPTO_ERROR;
}

/* A private scalar in [1, n-1] from the platform secret. */
static BIGNUM *scalar_from(const uint8_t secret[32], const EC_GROUP *group)
{
    uint8_t wide[48];
    EVP_PKEY_CTX *kdf = EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, NULL);
    size_t len = sizeof(wide);
    bool ok = kdf && EVP_PKEY_derive_init(kdf) == 1 &&
              EVP_PKEY_CTX_set_hkdf_md(kdf, EVP_sha256()) == 1 &&
              EVP_PKEY_CTX_set1_hkdf_key(kdf, secret, 32) == 1 &&
              EVP_PKEY_CTX_add1_hkdf_info(kdf, (const uint8_t *)ASYM_LABEL,
                                          sizeof(ASYM_LABEL)) == 1 &&
              EVP_PKEY_derive(kdf, wide, &len) == 1;
    EVP_PKEY_CTX_free(kdf);
    BIGNUM *d = ok ? BN_bin2bn(wide, sizeof(wide), NULL) : NULL;
    BIGNUM *n1 = BN_dup(EC_GROUP_get0_order(group));
    BN_CTX *bn = BN_CTX_new();
    ok = d && n1 && bn && BN_sub_word(n1, 1) && BN_nnmod(d, d, n1, bn) && BN_add_word(d, 1);
    OPENSSL_cleanse(wide, sizeof(wide));
    BN_free(n1);
    BN_CTX_free(bn);
    if (!ok) {
        BN_clear_free(d);
        return NULL;
    }
    return d;
}

static EVP_PKEY *key_from(const uint8_t secret[32])
{
    EC_GROUP *group = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
    BIGNUM *d = group ? scalar_from(secret, group) : NULL;
    EC_POINT *q = group ? EC_POINT_new(group) : NULL;
    uint8_t pub[65];
    bool ok = d && q && EC_POINT_mul(group, q, d, NULL, NULL, NULL) == 1 &&
              EC_POINT_point2oct(group, q, POINT_CONVERSION_UNCOMPRESSED, pub, sizeof(pub),
                                 NULL) == sizeof(pub);
    OSSL_PARAM_BLD *bld = ok ? OSSL_PARAM_BLD_new() : NULL;
    ok = bld && OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) &&
         OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, d) &&
         OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, pub, sizeof(pub));
    OSSL_PARAM *params = ok ? OSSL_PARAM_BLD_to_param(bld) : NULL;
    EVP_PKEY_CTX *ctx = params ? EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL) : NULL;
    EVP_PKEY *key = NULL;
    if (!ctx || EVP_PKEY_fromdata_init(ctx) != 1 ||
        EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_KEYPAIR, params) != 1)
        key = NULL;
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    EC_POINT_free(q);
    BN_clear_free(d);
    EC_GROUP_free(group);
    return key;
}

/* PEM of the public or private key, NUL-terminated, malloc'd. */
static oe_result_t pem_of(EVP_PKEY *key, bool private_key, uint8_t **out, size_t *out_size)
{
    BIO *bio = BIO_new(BIO_s_mem());
    int ok = bio && (private_key ? PEM_write_bio_PrivateKey(bio, key, NULL, NULL, 0, NULL, NULL)
                                 : PEM_write_bio_PUBKEY(bio, key));
    char *data = NULL;
    long len = ok ? BIO_get_mem_data(bio, &data) : 0;
    oe_result_t result = len > 0 ? OE_OK : OE_CRYPTO_ERROR;
    if (result == OE_OK && !(*out = malloc((size_t)len + 1)))
        result = OE_OUT_OF_MEMORY;
    if (result == OE_OK) {
        memcpy(*out, data, (size_t)len);
        (*out)[len] = '\0';
        *out_size = (size_t)len + 1;
    }
    if (data && len > 0)
        OPENSSL_cleanse(data, (size_t)len);
    BIO_free(bio);
    return result;
}

static oe_result_t key_for_request(const keep_sgx_key_request *request, bool private_key,
                                   uint8_t **key_buffer, size_t *key_buffer_size)
{
    uint8_t secret[KEEP_PLATFORM_KEY_SIZE];
    oe_result_t result = keep_seal_key_derive(request, secret);
    if (result != OE_OK)
        return result;
    EVP_PKEY *key = key_from(secret);
    OPENSSL_cleanse(secret, sizeof(secret));
    result = key ? pem_of(key, private_key, key_buffer, key_buffer_size) : OE_CRYPTO_ERROR;
    EVP_PKEY_free(key);
    return result;
}

static oe_result_t by_policy(oe_seal_policy_t policy, const oe_asymmetric_key_params_t *params,
                             bool private_key, uint8_t **key_buffer, size_t *key_buffer_size,
                             uint8_t **key_info, size_t *key_info_size)
{
    if (!key_buffer || !key_buffer_size || (!key_info) != (!key_info_size))
        return OE_INVALID_PARAMETER;
    *key_buffer = NULL;
    *key_buffer_size = 0;
    if (key_info)
        *key_info = NULL, *key_info_size = 0;
    oe_result_t result = check_params(params);
    if (result == OE_OK && policy != OE_SEAL_POLICY_UNIQUE && policy != OE_SEAL_POLICY_PRODUCT)
        result = OE_INVALID_PARAMETER;
    keep_sgx_key_request request;
    if (result == OE_OK)
        result = keep_seal_key_request(&request, policy == OE_SEAL_POLICY_UNIQUE
                                                     ? KEEP_SGX_KEYPOLICY_MRENCLAVE
                                                     : KEEP_SGX_KEYPOLICY_MRSIGNER);
    if (result == OE_OK)
        result = key_id_for(request.key_id, params);
    if (result == OE_OK && key_info && !(*key_info = malloc(sizeof(request))))
        result = OE_OUT_OF_MEMORY;
    if (result == OE_OK)
        result = key_for_request(&request, private_key, key_buffer, key_buffer_size);
    if (result == OE_OK && key_info) {
        memcpy(*key_info, &request, sizeof(request));
        *key_info_size = sizeof(request);
    } else if (key_info) {
        free(*key_info);
        *key_info = NULL;
    }
    return result;
}

static oe_result_t by_info(const oe_asymmetric_key_params_t *params, const uint8_t *key_info,
                           size_t key_info_size, bool private_key, uint8_t **key_buffer,
                           size_t *key_buffer_size)
{
    if (!key_buffer || !key_buffer_size)
        return OE_INVALID_PARAMETER;
    *key_buffer = NULL;
    *key_buffer_size = 0;
    oe_result_t result = check_params(params);
    if (result != OE_OK)
        return result;
    if (!key_info || key_info_size != sizeof(keep_sgx_key_request))
        return OE_INVALID_PARAMETER;
    keep_sgx_key_request request;
    uint8_t expected[32];
    memcpy(&request, key_info, sizeof(request));
    result = key_id_for(expected, params); /* key_info must be for these parameters */
    if (result == OE_OK && memcmp(expected, request.key_id, sizeof(expected)) != 0)
        result = OE_INVALID_PARAMETER;
    if (result != OE_OK)
        return result;
    return key_for_request(&request, private_key, key_buffer, key_buffer_size);
}

oe_result_t oe_get_public_key_by_policy(oe_seal_policy_t seal_policy,
                                        const oe_asymmetric_key_params_t *key_params,
                                        uint8_t **key_buffer, size_t *key_buffer_size,
                                        uint8_t **key_info, size_t *key_info_size)
{
    return by_policy(seal_policy, key_params, false, key_buffer, key_buffer_size, key_info,
                     key_info_size);
}

oe_result_t oe_get_private_key_by_policy(oe_seal_policy_t seal_policy,
                                         const oe_asymmetric_key_params_t *key_params,
                                         uint8_t **key_buffer, size_t *key_buffer_size,
                                         uint8_t **key_info, size_t *key_info_size)
{
    return by_policy(seal_policy, key_params, true, key_buffer, key_buffer_size, key_info,
                     key_info_size);
}

oe_result_t oe_get_public_key(const oe_asymmetric_key_params_t *key_params,
                              const uint8_t *key_info, size_t key_info_size,
                              uint8_t **key_buffer, size_t *key_buffer_size)
{
    return by_info(key_params, key_info, key_info_size, false, key_buffer, key_buffer_size);
}

oe_result_t oe_get_private_key(const oe_asymmetric_key_params_t *key_params,
                               const uint8_t *key_info, size_t key_info_size,
                               uint8_t **key_buffer, size_t *key_buffer_size)
{
    return by_info(key_params, key_info, key_info_size, true, key_buffer, key_buffer_size);
}

void oe_free_key(uint8_t *key_buffer, size_t key_buffer_size, uint8_t *key_info,
                 size_t key_info_size)
{
    if (key_buffer)
        OPENSSL_cleanse(key_buffer, key_buffer_size);
    if (key_info)
        OPENSSL_cleanse(key_info, key_info_size);
    free(key_buffer);
    free(key_info);
}
