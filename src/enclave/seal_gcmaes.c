/* The AES-GCM seal plug-in (openenclave-api.md §2.4): AES-256-GCM under a
 * platform-derived key, a random 12-byte IV unless one is set, the blob
 * layout of seal_internal.h. Any change to the blob, other additional
 * data, or another enclave, signer or platform makes unsealing fail. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <openenclave/enclave.h>
#include <openenclave/sgx/seal.h>

#include "seal_internal.h"

#define AUTHENTICATED_HEADER offsetof(keep_seal_header, tag)

typedef struct seal_options {
    keep_sgx_key_request request;
    bool have_iv;
    uint8_t iv[KEEP_SEAL_IV_SIZE];
} seal_options;

static oe_result_t apply_sgx(seal_options *o, const oe_seal_setting_t *s)
{
    switch (s->type) {
    case OE_SEAL_SETTING_SGX_KEYNAME:
        o->request.key_name = (uint16_t)s->value.q;
        return s->value.q > UINT16_MAX ? OE_INVALID_PARAMETER : OE_OK;
    case OE_SEAL_SETTING_SGX_ISVSVN:
        o->request.isv_svn = (uint16_t)s->value.q;
        return s->value.q > UINT16_MAX ? OE_INVALID_PARAMETER : OE_OK;
    case OE_SEAL_SETTING_SGX_CPUSVN:
        if (s->size != KEEP_SGX_CPUSVN_SIZE || !s->value.p)
            return OE_INVALID_PARAMETER;
        memcpy(o->request.cpu_svn, s->value.p, KEEP_SGX_CPUSVN_SIZE);
        return OE_OK;
    case OE_SEAL_SETTING_SGX_FLAGSMASK:
        o->request.attribute_mask.flags = s->value.q;
        return OE_OK;
    case OE_SEAL_SETTING_SGX_XFRMMASK:
        o->request.attribute_mask.xfrm = s->value.q;
        return OE_OK;
    case OE_SEAL_SETTING_SGX_MISCMASK:
        o->request.misc_mask = (uint32_t)s->value.q;
        return OE_OK;
    default:
        return OE_UNSUPPORTED; /* CET attributes, context, plug-in defined */
    }
}

static oe_result_t policy_of(const oe_seal_setting_t *settings, size_t count, uint16_t *bits)
{
    *bits = KEEP_SGX_KEYPOLICY_MRSIGNER; /* OE's default: PRODUCT */
    for (size_t i = 0; i < count; i++) {
        if (settings[i].type != OE_SEAL_SETTING_POLICY)
            continue;
        if (settings[i].value.q == OE_SEAL_POLICY_UNIQUE)
            *bits = KEEP_SGX_KEYPOLICY_MRENCLAVE;
        else if (settings[i].value.q == OE_SEAL_POLICY_PRODUCT)
            *bits = KEEP_SGX_KEYPOLICY_MRSIGNER;
        else
            return OE_INVALID_PARAMETER;
    }
    return OE_OK;
}

static oe_result_t read_settings(seal_options *o, const oe_seal_setting_t *settings, size_t count)
{
    uint16_t policy;
    memset(o, 0, sizeof(*o));
    oe_result_t result = policy_of(settings, count, &policy);
    if (result == OE_OK)
        result = keep_seal_key_request(&o->request, policy);
    for (size_t i = 0; i < count && result == OE_OK; i++) {
        const oe_seal_setting_t *s = &settings[i];
        if (s->type == OE_SEAL_SETTING_POLICY)
            continue;
        if (s->type == OE_SEAL_SETTING_IV) {
            if (s->size != KEEP_SEAL_IV_SIZE || !s->value.p)
                return OE_INVALID_PARAMETER;
            memcpy(o->iv, s->value.p, KEEP_SEAL_IV_SIZE);
            o->have_iv = true;
        } else {
            result = apply_sgx(o, s);
        }
    }
    if (result == OE_OK && !o->have_iv)
        result = oe_random(o->iv, sizeof(o->iv));
    return result;
}

/* AES-256-GCM over `in` (size bytes) with AAD = authenticated header ‖
 * additional data. encrypt: writes the tag; decrypt: checks it. */
static oe_result_t gcm(bool encrypt, const uint8_t key[KEEP_PLATFORM_KEY_SIZE],
                       keep_seal_header *h, const uint8_t *aad, size_t aad_size,
                       const uint8_t *in, uint8_t *out, size_t size)
{
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int n = 0;
    bool ok = ctx && EVP_CipherInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL, encrypt) == 1 &&
              EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, KEEP_SEAL_IV_SIZE, NULL) == 1 &&
              EVP_CipherInit_ex(ctx, NULL, NULL, key, h->iv, encrypt) == 1 &&
              EVP_CipherUpdate(ctx, NULL, &n, (const uint8_t *)h, AUTHENTICATED_HEADER) == 1;
    for (size_t off = 0; ok && off < aad_size; off += INT_MAX / 2) {
        size_t chunk = aad_size - off < INT_MAX / 2 ? aad_size - off : INT_MAX / 2;
        ok = EVP_CipherUpdate(ctx, NULL, &n, aad + off, (int)chunk) == 1;
    }
    if (ok && size)
        ok = EVP_CipherUpdate(ctx, out, &n, in, (int)size) == 1;
    if (ok && !encrypt)
        ok = EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, KEEP_SEAL_TAG_SIZE, h->tag) == 1;
    bool final_ok = ok && EVP_CipherFinal_ex(ctx, out + size, &n) == 1;
    if (final_ok && encrypt)
        final_ok = EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, KEEP_SEAL_TAG_SIZE, h->tag) == 1;
    EVP_CIPHER_CTX_free(ctx);
    if (!ok)
        return OE_CRYPTO_ERROR;
    return final_ok ? OE_OK : OE_CRYPTO_ERROR; /* decrypt: the tag did not match */
}

static oe_result_t gcm_seal(const oe_seal_setting_t *settings, size_t settings_count,
                            const uint8_t *plaintext, size_t plaintext_size,
                            const uint8_t *additional_data, size_t additional_data_size,
                            uint8_t **blob, size_t *blob_size)
{
    if (plaintext_size > KEEP_SEAL_MAX_PLAINTEXT)
        return OE_INVALID_PARAMETER;
    seal_options o;
    uint8_t key[KEEP_PLATFORM_KEY_SIZE];
    oe_result_t result = read_settings(&o, settings, settings_count);
    if (result == OE_OK)
        result = keep_seal_key_fresh(&o.request, key);
    if (result != OE_OK)
        return result;
    size_t total = sizeof(keep_seal_header) + plaintext_size;
    uint8_t *out = malloc(total);
    if (!out) {
        OPENSSL_cleanse(key, sizeof(key));
        return OE_OUT_OF_MEMORY;
    }
    keep_seal_header h;
    memset(&h, 0, sizeof(h));
    h.key_request = o.request;
    h.ciphertext_size = (uint32_t)plaintext_size;
    h.total_size = (uint32_t)total;
    memcpy(h.iv, o.iv, sizeof(h.iv));
    result = gcm(true, key, &h, additional_data, additional_data_size, plaintext,
                 out + sizeof(h), plaintext_size);
    OPENSSL_cleanse(key, sizeof(key));
    memcpy(out, &h, sizeof(h));
    if (result != OE_OK) {
        free(out);
        return result;
    }
    *blob = out;
    *blob_size = total;
    return OE_OK;
}

static oe_result_t gcm_unseal(const uint8_t *blob, size_t blob_size,
                              const uint8_t *additional_data, size_t additional_data_size,
                              uint8_t **plaintext, size_t *plaintext_size)
{
    keep_seal_header h;
    uint8_t key[KEEP_PLATFORM_KEY_SIZE];
    oe_result_t result = keep_seal_blob_parse(&h, blob, blob_size);
    if (result == OE_OK)
        result = keep_seal_key_derive(&h.key_request, key);
    if (result != OE_OK)
        return result;
    uint8_t *out = malloc(h.ciphertext_size + 1);
    result = out ? gcm(false, key, &h, additional_data, additional_data_size,
                       blob + sizeof(h), out, h.ciphertext_size)
                 : OE_OUT_OF_MEMORY;
    OPENSSL_cleanse(key, sizeof(key));
    if (result != OE_OK) {
        if (out)
            OPENSSL_cleanse(out, h.ciphertext_size + 1);
        free(out);
        return result;
    }
    *plaintext = out;
    *plaintext_size = h.ciphertext_size;
    return OE_OK;
}

const oe_seal_plugin_definition_t oe_seal_plugin_gcm_aes = {
    .id = {{0xb3, 0x38, 0xde, 0xea, 0x4c, 0x9b, 0x41, 0x88, 0x90, 0x00, 0x50, 0x5b, 0x8f, 0x63,
            0xf7, 0x6f}},
    .seal = gcm_seal,
    .unseal = gcm_unseal,
};

/* As OE's plug-in object: linking it registers it (not as the default). */
__attribute__((constructor)) static void register_gcm_aes(void)
{
    (void)oe_register_seal_plugin(&oe_seal_plugin_gcm_aes, false);
}
