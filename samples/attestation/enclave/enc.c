// The attestation sample's enclave. Its key pair is derived by the platform
// for this enclave's identity (oe_get_*_key_by_policy): the same on every
// run, never stored; its public key travels in the evidence's custom claims.
#include <stdio.h>
#include <string.h>

#include <openssl/pem.h>

#include <openenclave/attestation/attester.h>
#include <openenclave/attestation/custom_claims.h>
#include <openenclave/attestation/sgx/evidence.h>
#include <openenclave/attestation/verifier.h>
#include <openenclave/enclave.h>

#include "../exchange.h"
#include "attestation_t.h"

static const oe_uuid_t local_format = {OE_FORMAT_UUID_SGX_LOCAL_ATTESTATION};
static const oe_uuid_t remote_format = {OE_FORMAT_UUID_SGX_ECDSA};
static char user_data[] = "attestation sample key";

static oe_result_t my_key(int private_key, uint8_t** pem, size_t* size)
{
    oe_asymmetric_key_params_t params = {OE_ASYMMETRIC_KEY_EC_SECP256P1, OE_ASYMMETRIC_KEY_PEM,
                                         user_data, sizeof(user_data)};
    return private_key ? oe_get_private_key_by_policy(OE_SEAL_POLICY_UNIQUE, &params, pem, size,
                                                      NULL, NULL)
                       : oe_get_public_key_by_policy(OE_SEAL_POLICY_UNIQUE, &params, pem, size,
                                                     NULL, NULL);
}

int get_local_settings(uint8_t* settings, size_t* size)
{
    uint8_t* s = NULL;
    oe_result_t r = oe_verifier_get_format_settings(&local_format, &s, size);
    if (r == OE_OK && *size <= 512)
        memcpy(settings, s, *size);
    oe_verifier_free_format_settings(s);
    return r;
}

int get_evidence(int remote, const uint8_t* settings, size_t settings_size, uint8_t* evidence,
                 size_t cap, size_t* evidence_size)
{
    uint8_t *pem = NULL, *claims = NULL, *ev = NULL;
    size_t pem_size = 0, claims_size = 0, ev_size = 0;
    oe_result_t r = my_key(0, &pem, &pem_size);
    oe_claim_t claim = {"public_key", pem, pem_size};
    if (r == OE_OK)
        r = oe_serialize_custom_claims(&claim, 1, &claims, &claims_size);
    if (r == OE_OK)
        r = oe_attester_initialize();
    if (r == OE_OK)
        r = oe_get_evidence(remote ? &remote_format : &local_format,
                            OE_EVIDENCE_FLAGS_EMBED_FORMAT_ID, claims, claims_size,
                            remote ? NULL : settings, remote ? 0 : settings_size, &ev, &ev_size,
                            NULL, NULL);
    if (r == OE_OK && ev_size > cap)
        r = OE_BUFFER_TOO_SMALL;
    if (r == OE_OK)
        memcpy(evidence, ev, ev_size);
    *evidence_size = ev_size;
    oe_free_evidence(ev);
    oe_free_serialized_custom_claims(claims);
    oe_free_key(pem, pem_size, NULL, 0);
    return r;
}

int verify_local(const uint8_t* evidence, size_t size)
{
    oe_claim_t* claims = NULL;
    size_t count = 0;
    oe_result_t r = oe_verify_evidence(NULL, evidence, size, NULL, 0, NULL, 0, &claims, &count);
    for (size_t i = 0; r == OE_OK && i < count; i++)
        if (strcmp(claims[i].name, OE_CLAIM_UNIQUE_ID) == 0)
            printf("enclave: verified local evidence of enclave %02x%02x%02x%02x...\n",
                   claims[i].value[0], claims[i].value[1], claims[i].value[2],
                   claims[i].value[3]);
    oe_free_claims(claims, count);
    return r;
}

static EVP_PKEY* parse(const uint8_t* pem, size_t size, int private_key)
{
    BIO* bio = BIO_new_mem_buf(pem, (int)size);
    EVP_PKEY* key = private_key ? PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL)
                                : PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL);
    BIO_free(bio);
    return key;
}

static EVP_PKEY* peer_key(const uint8_t point[65])
{
    EVP_PKEY* key = NULL;
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string("group", (char*)"prime256v1", 0),
        OSSL_PARAM_construct_octet_string("pub", (void*)point, 65), OSSL_PARAM_construct_end()};
    if (!ctx || EVP_PKEY_fromdata_init(ctx) != 1 ||
        EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) != 1)
        key = NULL;
    EVP_PKEY_CTX_free(ctx);
    return key;
}

static int decrypt(const uint8_t key[32], const uint8_t* iv, const uint8_t* in, size_t size,
                   const uint8_t* tag, uint8_t* out)
{
    int n = 0, ok;
    EVP_CIPHER_CTX* c = EVP_CIPHER_CTX_new();
    ok = c && EVP_DecryptInit_ex(c, EVP_aes_256_gcm(), NULL, key, iv) == 1 &&
         EVP_DecryptUpdate(c, out, &n, in, (int)size) == 1 &&
         EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, 16, (void*)tag) == 1 &&
         EVP_DecryptFinal_ex(c, out + n, &n) == 1;
    EVP_CIPHER_CTX_free(c);
    return ok ? 0 : -1;
}

int receive_secret(const uint8_t* peer_public, const uint8_t* iv, const uint8_t* ciphertext,
                   size_t size, const uint8_t* tag)
{
    uint8_t *pem = NULL, key[32], plain[256] = {0};
    size_t pem_size = 0;
    if (size >= sizeof(plain))
        return OE_INVALID_PARAMETER;
    oe_result_t r = my_key(1, &pem, &pem_size);
    EVP_PKEY *mine = r == OE_OK ? parse(pem, pem_size, 1) : NULL, *peer = peer_key(peer_public);
    if (r == OE_OK && (!mine || !peer || exchange_key(key, mine, peer) != 0 ||
                       decrypt(key, iv, ciphertext, size, tag, plain) != 0))
        r = OE_CRYPTO_ERROR;
    if (r == OE_OK)
        printf("enclave: decrypted the host's secret: \"%s\"\n", (const char*)plain);
    OPENSSL_cleanse(key, sizeof(key));
    OPENSSL_cleanse(plain, sizeof(plain));
    EVP_PKEY_free(mine);
    EVP_PKEY_free(peer);
    oe_free_key(pem, pem_size, NULL, 0);
    return r;
}
