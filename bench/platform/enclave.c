/* bench_platform's enclave: the timed loops run inside the enclave so that
 * ECALL costs and copies across the boundary do not enter the comparison. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include <openenclave/attestation/attester.h>
#include <openenclave/attestation/sgx/evidence.h>
#include <openenclave/enclave.h>
#include <openenclave/seal.h>

#include "bench_platform_t.h"

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int seal_once(const uint8_t *data, size_t size)
{
    uint8_t *blob = NULL, *back = NULL;
    size_t blob_size = 0, back_size = 0;
    oe_result_t r = oe_seal(NULL, NULL, 0, data, size, NULL, 0, &blob, &blob_size);
    if (r == OE_OK)
        r = oe_unseal(blob, blob_size, NULL, 0, &back, &back_size);
    oe_free(blob);
    oe_free(back);
    return r;
}

/* The baseline: what sealing must do at least (AES-256-GCM both ways). */
static int gcm_once(const uint8_t *data, size_t size, uint8_t *ct, uint8_t *pt)
{
    static const uint8_t key[32] = {1}, iv[12] = {2};
    uint8_t tag[16];
    int n = 0, ok;
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    ok = c && EVP_EncryptInit_ex(c, EVP_aes_256_gcm(), NULL, key, iv) == 1 &&
         EVP_EncryptUpdate(c, ct, &n, data, (int)size) == 1 &&
         EVP_EncryptFinal_ex(c, ct + n, &n) == 1 &&
         EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, 16, tag) == 1 &&
         EVP_DecryptInit_ex(c, EVP_aes_256_gcm(), NULL, key, iv) == 1 &&
         EVP_DecryptUpdate(c, pt, &n, ct, (int)size) == 1 &&
         EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, 16, tag) == 1 &&
         EVP_DecryptFinal_ex(c, pt + n, &n) == 1;
    EVP_CIPHER_CTX_free(c);
    return ok ? OE_OK : OE_CRYPTO_ERROR;
}

int bench_seal(int gcm, size_t size, int iterations, uint64_t *ns)
{
    uint8_t *data = malloc(size), *ct = malloc(size + 16), *pt = malloc(size + 16);
    int r = data && ct && pt ? OE_OK : OE_OUT_OF_MEMORY;
    if (data)
        memset(data, 0xa5, size);
    uint64_t start = now_ns();
    for (int i = 0; i < iterations && r == OE_OK; i++)
        r = gcm ? gcm_once(data, size, ct, pt) : seal_once(data, size);
    *ns = now_ns() - start;
    free(data);
    free(ct);
    free(pt);
    return r;
}

int bench_evidence(uint8_t *evidence, size_t cap, size_t *size)
{
    static const oe_uuid_t format = {OE_FORMAT_UUID_SGX_ECDSA};
    static const uint8_t claims[] = "bench";
    uint8_t *ev = NULL;
    size_t ev_size = 0;
    oe_result_t r = oe_get_evidence(&format, 0, claims, sizeof(claims), NULL, 0, &ev, &ev_size,
                                    NULL, NULL);
    if (r == OE_OK && ev_size > cap)
        r = OE_BUFFER_TOO_SMALL;
    if (r == OE_OK)
        memcpy(evidence, ev, ev_size);
    *size = ev_size;
    oe_free_evidence(ev);
    return r;
}
