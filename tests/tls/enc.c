// The attested TLS certificate tests' enclave: makes certificates with
// each API name and verifies them inside the enclave.
#include <stdlib.h>
#include <string.h>

#include <mbedtls/sha256.h>
#include <openssl/crypto.h>
#include <openssl/encoder.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <openenclave/attestation/attester.h>
#include <openenclave/attestation/sgx/evidence.h>
#include <openenclave/attestation/verifier.h>
#include <openenclave/enclave.h>

#include "key_pem.h"
#include "tls_t.h"

// The private key as SEC1 PEM ("EC PRIVATE KEY", OpenSSL's type-specific
// structure), NUL-terminated; its size counts the NUL.
static size_t sec1_pem(EVP_PKEY *key, char *out, size_t cap)
{
    OSSL_ENCODER_CTX *ctx = OSSL_ENCODER_CTX_new_for_pkey(key, OSSL_KEYMGMT_SELECT_ALL, "PEM",
                                                          "type-specific", NULL);
    unsigned char *data = NULL;
    size_t len = 0, size = 0;
    if (ctx && OSSL_ENCODER_to_data(ctx, &data, &len) == 1 && len < cap &&
        strstr((const char *)data, "-----BEGIN EC PRIVATE KEY-----") == (const char *)data) {
        memcpy(out, data, len);
        out[len] = '\0';
        size = len + 1;
    }
    if (data)
        OPENSSL_clear_free(data, len);
    OSSL_ENCODER_CTX_free(ctx);
    return size;
}

static oe_result_t generate(int local, int v1_api, char *priv, size_t priv_size, char *pub,
                            size_t pub_size, uint8_t **der, size_t *der_size)
{
    static const oe_uuid_t local_id = {OE_FORMAT_UUID_SGX_LOCAL_ATTESTATION};
    static const oe_uuid_t ecdsa = {OE_FORMAT_UUID_SGX_ECDSA};
    if (v1_api)
        return oe_generate_attestation_certificate((const unsigned char *)"CN=test,O=Keep,C=US",
                                                   (uint8_t *)priv, priv_size, (uint8_t *)pub,
                                                   pub_size, der, der_size);
    uint8_t *settings = NULL;
    size_t settings_size = 0;
    oe_result_t r = local ? oe_verifier_get_format_settings(&local_id, &settings, &settings_size)
                          : OE_OK;
    if (r == OE_OK)
        r = oe_get_attestation_certificate_with_evidence_v2(
            local ? &local_id : &ecdsa, NULL, (uint8_t *)priv, priv_size, (uint8_t *)pub,
            pub_size, settings, settings_size, der, der_size);
    oe_verifier_free_format_settings(settings);
    return r;
}

int make_cert(int local, int v1_api, uint8_t *cert, size_t cap, size_t *cert_size, char *key_pem)
{
    EVP_PKEY *key = EVP_EC_gen("P-256");
    char pub[1024];
    size_t priv_size = key ? test_key_pem(key, 1, key_pem, 4096) : 0;
    size_t pub_size = key ? test_key_pem(key, 0, pub, sizeof(pub)) : 0;
    uint8_t *der = NULL;
    size_t der_size = 0;
    oe_result_t r = priv_size && pub_size ? generate(local, v1_api, key_pem, priv_size, pub,
                                                     pub_size, &der, &der_size)
                                          : OE_CRYPTO_ERROR;
    EVP_PKEY_free(key);
    if (r == OE_OK && der_size <= cap) {
        memcpy(cert, der, der_size);
        *cert_size = der_size;
    }
    oe_free_attestation_certificate(der);
    return r == OE_OK && der_size <= cap ? 0 : (int)r;
}

int make_cert_form(int form, uint8_t *cert, size_t cap, size_t *cert_size)
{
    static const oe_uuid_t ecdsa = {OE_FORMAT_UUID_SGX_ECDSA};
    EVP_PKEY *key = EVP_EC_gen(form == 2 ? "P-384" : "P-256");
    char priv[4096], pub[1024];
    size_t priv_size = !key        ? 0
                       : form == 1 ? sec1_pem(key, priv, sizeof(priv))
                                   : test_key_pem(key, 1, priv, sizeof(priv));
    size_t pub_size = key ? test_key_pem(key, 0, pub, sizeof(pub)) : 0;
    uint8_t *der = NULL;
    size_t der_size = 0;
    oe_result_t r = priv_size && pub_size
                        ? oe_get_attestation_certificate_with_evidence(
                              &ecdsa, NULL, (uint8_t *)priv, priv_size, (uint8_t *)pub, pub_size,
                              &der, &der_size)
                        : OE_CRYPTO_ERROR;
    if (r == OE_OK && der_size > cap)
        r = OE_BUFFER_TOO_SMALL;
    if (r == OE_OK) {
        memcpy(cert, der, der_size);
        *cert_size = der_size;
    }
    OPENSSL_cleanse(priv, sizeof(priv));
    oe_free_attestation_certificate(der);
    EVP_PKEY_free(key);
    return (int)r;
}

int verify_cert(const uint8_t *cert, size_t size)
{
    uint8_t *copy = malloc(size ? size : 1);
    oe_claim_t *claims = NULL;
    size_t count = 0;
    if (!copy)
        return OE_OUT_OF_MEMORY;
    memcpy(copy, cert, size);
    oe_result_t r = oe_verify_attestation_certificate_with_evidence_v2(copy, size, NULL, 0, NULL,
                                                                       0, &claims, &count);
    oe_free_claims(claims, count);
    free(copy);
    return (int)r;
}

// Mismatched keys (PKCS#8 and SEC1 private keys), no keys, garbage PEM
// and a bad subject are refused.
int bad_args(void)
{
    static const oe_uuid_t ecdsa = {OE_FORMAT_UUID_SGX_ECDSA};
    EVP_PKEY *a = EVP_EC_gen("P-256"), *b = EVP_EC_gen("P-256");
    char priv[4096], pub[1024], junk[] = "-----BEGIN PUBLIC KEY-----\nAAAA\n";
    size_t priv_size = test_key_pem(a, 1, priv, sizeof(priv));
    size_t pub_size = test_key_pem(b, 0, pub, sizeof(pub));
    uint8_t *der = NULL;
    size_t der_size = 0;
    int failures = 0;
    failures += oe_get_attestation_certificate_with_evidence(
                    &ecdsa, NULL, (uint8_t *)priv, priv_size, (uint8_t *)pub, pub_size, &der,
                    &der_size) == OE_OK;
    failures += oe_get_attestation_certificate_with_evidence(
                    &ecdsa, NULL, (uint8_t *)priv, priv_size, (uint8_t *)junk, sizeof(junk),
                    &der, &der_size) == OE_OK;
    failures += oe_get_attestation_certificate_with_evidence(&ecdsa, NULL, NULL, 0, NULL, 0,
                                                             &der, &der_size) == OE_OK;
    priv_size = sec1_pem(a, priv, sizeof(priv));
    failures += !priv_size || oe_get_attestation_certificate_with_evidence(
                                  &ecdsa, NULL, (uint8_t *)priv, priv_size, (uint8_t *)pub,
                                  pub_size, &der, &der_size) == OE_OK;
    priv_size = test_key_pem(a, 1, priv, sizeof(priv));
    pub_size = test_key_pem(a, 0, pub, sizeof(pub));
    failures += oe_get_attestation_certificate_with_evidence(
                    &ecdsa, (const unsigned char *)"no-equals-sign", (uint8_t *)priv, priv_size,
                    (uint8_t *)pub, pub_size, &der, &der_size) == OE_OK;
    failures += oe_generate_attestation_certificate_v2(
                    NULL, "2019", NULL, (uint8_t *)priv, priv_size, (uint8_t *)pub, pub_size,
                    &der, &der_size) == OE_OK;
    OPENSSL_cleanse(priv, sizeof(priv));
    EVP_PKEY_free(a);
    EVP_PKEY_free(b);
    return failures;
}

// FIPS 180-2's first example: the mbedTLS that mbedtlslibs names runs here.
int mbedtls_sha256_abc(void)
{
    static const uint8_t want[4] = {0xba, 0x78, 0x16, 0xbf};
    uint8_t hash[32];
    if (mbedtls_sha256_ret((const unsigned char *)"abc", 3, hash, 0) != 0)
        return -1;
    return memcmp(hash, want, sizeof(want)) == 0 ? 0 : -1;
}
