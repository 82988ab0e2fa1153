/* oe_sgx_get_signer_id_from_public_key: MRSIGNER from a PEM public key,
 * the same value oesign and the loader compute from a SIGSTRUCT (SHA-256
 * of the 384-byte little-endian modulus; sgx-dcap.md §2.2). */
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <openenclave/attestation/sgx/report.h>

#define MODULUS_SIZE 384

static oe_result_t modulus_le(uint8_t out[MODULUS_SIZE], const char *pem, size_t pem_size)
{
    BIO *bio = BIO_new_mem_buf(pem, (int)pem_size);
    EVP_PKEY *key = bio ? PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL) : NULL;
    BIGNUM *n = NULL;
    oe_result_t result = OE_INVALID_PARAMETER;
    if (key && EVP_PKEY_is_a(key, "RSA") && EVP_PKEY_get_bits(key) == MODULUS_SIZE * 8 &&
        EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &n) == 1 &&
        BN_bn2lebinpad(n, out, MODULUS_SIZE) == MODULUS_SIZE)
        result = OE_OK;
    BN_free(n);
    EVP_PKEY_free(key);
    BIO_free(bio);
    return result;
}

oe_result_t oe_sgx_get_signer_id_from_public_key(const char *pem, size_t pem_size,
                                                 uint8_t *signer_id, size_t *signer_id_size)
{
    if (!pem || !pem_size || pem_size > 1 << 16 || !signer_id_size ||
        (*signer_id_size && !signer_id))
        return OE_INVALID_PARAMETER;
    if (*signer_id_size < 32) {
        *signer_id_size = 32;
        return OE_BUFFER_TOO_SMALL;
    }
    uint8_t modulus[MODULUS_SIZE];
    unsigned int length = 0;
    oe_result_t result = modulus_le(modulus, pem, strnlen(pem, pem_size));
    if (result == OE_OK && (EVP_Digest(modulus, sizeof(modulus), signer_id, &length,
                                       EVP_sha256(), NULL) != 1 || length != 32))
        result = OE_CRYPTO_ERROR;
    if (result == OE_OK)
        *signer_id_size = 32;
    return result;
}
