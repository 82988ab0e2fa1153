// The attestation sample's host: two enclaves attest to each other locally;
// then enclave A attests remotely to the host, whose verifier checks the
// quote (here against this machine's Keep platform root), reads A's public
// key from the custom claims and sends A a secret only A can decrypt.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/ec.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include <openenclave/attestation/custom_claims.h>
#include <openenclave/attestation/sgx/evidence.h>
#include <openenclave/attestation/verifier.h>
#include <openenclave/host.h>

#include "../exchange.h"
#include "attestation_u.h"

#define CAP 16384

static int check(oe_result_t r, int ret, const char* what)
{
    if (r == OE_OK && ret == OE_OK)
        return 0;
    fprintf(stderr, "%s failed: %s\n", what, oe_result_str(r != OE_OK ? r : (oe_result_t)ret));
    return 1;
}

// `verifier` checks `attester`'s local evidence (made for its settings).
static int local(oe_enclave_t* attester, oe_enclave_t* verifier, const char* names)
{
    uint8_t settings[512], evidence[CAP];
    size_t settings_size = 0, size = 0;
    int ret = -1;
    oe_result_t r = get_local_settings(verifier, &ret, settings, &settings_size);
    if (check(r, ret, "settings"))
        return 1;
    r = get_evidence(attester, &ret, 0, settings, settings_size, evidence, CAP, &size);
    if (check(r, ret, "local evidence"))
        return 1;
    r = verify_local(verifier, &ret, evidence, size);
    if (check(r, ret, "local verification"))
        return 1;
    printf("host: local attestation %s: ok\n", names);
    return 0;
}

static const oe_claim_t* find(const oe_claim_t* c, size_t n, const char* name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(c[i].name, name) == 0)
            return &c[i];
    return NULL;
}

// Verifies A's remote evidence; returns A's public key from the claims.
static EVP_PKEY* remote(oe_enclave_t* a)
{
    uint8_t evidence[CAP];
    size_t size = 0, count = 0, custom_count = 0;
    int ret = -1;
    oe_claim_t *claims = NULL, *custom = NULL;
    EVP_PKEY* key = NULL;
    oe_result_t r = get_evidence(a, &ret, 1, NULL, 0, evidence, CAP, &size);
    if (check(r, ret, "remote evidence"))
        return NULL;
    r = oe_verify_evidence(NULL, evidence, size, NULL, 0, NULL, 0, &claims, &count);
    if (check(r, OE_OK, "oe_verify_evidence"))
        return NULL;
    const oe_claim_t *backend = find(claims, count, "keep_backend"),
                     *root = find(claims, count, "keep_trust_root"),
                     *buffer = find(claims, count, OE_CLAIM_CUSTOM_CLAIMS_BUFFER);
    printf("host: remote attestation of enclave A: ok (backend %s, root \"%s\")\n",
           backend ? (char*)backend->value : "?", root ? (char*)root->value : "?");
    if (buffer && oe_deserialize_custom_claims(buffer->value, buffer->value_size, &custom,
                                               &custom_count) == OE_OK) {
        const oe_claim_t* pem = find(custom, custom_count, "public_key");
        BIO* bio = pem ? BIO_new_mem_buf(pem->value, (int)pem->value_size) : NULL;
        key = bio ? PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL) : NULL;
        BIO_free(bio);
    }
    oe_free_custom_claims(custom, custom_count);
    oe_free_claims(claims, count);
    return key;
}

static int encrypt(const uint8_t key[32], const uint8_t iv[12], const char* msg, uint8_t* out,
                   uint8_t tag[16])
{
    int n = 0;
    EVP_CIPHER_CTX* c = EVP_CIPHER_CTX_new();
    int ok = c && EVP_EncryptInit_ex(c, EVP_aes_256_gcm(), NULL, key, iv) == 1 &&
             EVP_EncryptUpdate(c, out, &n, (const uint8_t*)msg, (int)strlen(msg) + 1) == 1 &&
             EVP_EncryptFinal_ex(c, out + n, &n) == 1 &&
             EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, 16, tag) == 1;
    EVP_CIPHER_CTX_free(c);
    return ok ? 0 : -1;
}

static int send_secret(oe_enclave_t* a, EVP_PKEY* a_key)
{
    const char* secret = "only enclave A can read this";
    uint8_t key[32], iv[12], ct[64], tag[16], point[65];
    size_t point_size = 0;
    EVP_PKEY* eph = EVP_EC_gen("P-256");
    int ret = -1;
    if (!eph || exchange_key(key, eph, a_key) != 0 || RAND_bytes(iv, sizeof(iv)) != 1 ||
        encrypt(key, iv, secret, ct, tag) != 0 ||
        EVP_PKEY_get_octet_string_param(eph, "pub", point, sizeof(point), &point_size) != 1) {
        EVP_PKEY_free(eph);
        return 1;
    }
    EVP_PKEY_free(eph);
    OPENSSL_cleanse(key, sizeof(key));
    oe_result_t r = receive_secret(a, &ret, point, iv, ct, strlen(secret) + 1, tag);
    return check(r, ret, "receive_secret");
}

int main(int argc, const char* argv[])
{
    if (argc < 2) {
        fprintf(stderr, "Usage: %s enclave_image [--simulate]\n", argv[0]);
        return 1;
    }
    uint32_t flags = OE_ENCLAVE_FLAG_DEBUG;
    if (argc > 2 && strcmp(argv[2], "--simulate") == 0) {
        flags |= OE_ENCLAVE_FLAG_SIMULATE;
        // Simulation evidence proves nothing; a relying party must opt in.
        setenv("KEEP_ALLOW_SIMULATION", "1", 1);
        printf("host: simulation mode: accepting simulation evidence\n");
    }
    oe_enclave_t *a = NULL, *b = NULL;
    if (check(oe_create_attestation_enclave(argv[1], OE_ENCLAVE_TYPE_AUTO, flags, NULL, 0, &a),
              OE_OK, "creating enclave A") ||
        check(oe_create_attestation_enclave(argv[1], OE_ENCLAVE_TYPE_AUTO, flags, NULL, 0, &b),
              OE_OK, "creating enclave B"))
        return 1;
    int failed = local(b, a, "B to A") || local(a, b, "A to B");
    EVP_PKEY* a_key = failed ? NULL : remote(a);
    failed = failed || !a_key || send_secret(a, a_key);
    EVP_PKEY_free(a_key);
    oe_terminate_enclave(a);
    oe_terminate_enclave(b);
    printf("%s\n", failed ? "attestation: FAILED" : "attestation: all steps succeeded");
    return failed;
}
