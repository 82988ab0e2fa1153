// The certificate generator's key memo: the same PEMs give a certificate
// for the same key (a hit), one changed byte or a mismatched pair is
// decided afresh (a miss that fails), and a failure leaves nothing behind.
#include <string.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <openenclave/attestation/attester.h>
#include <openenclave/attestation/sgx/evidence.h>
#include <openenclave/enclave.h>

#include "key_pem.h"
#include "keymemo_t.h"

typedef struct pem_pair {
    char priv[1024], pub[512];
    size_t priv_size, pub_size; // each counts the terminating NUL
} pem_pair;

static int make_pair(EVP_PKEY *key, pem_pair *p)
{
    p->priv_size = test_key_pem(key, 1, p->priv, sizeof(p->priv));
    p->pub_size = test_key_pem(key, 0, p->pub, sizeof(p->pub));
    return p->priv_size && p->pub_size ? 0 : -1;
}

// 1 when the PEMs make a certificate whose key is `want`, whose
// signature verifies with it and whose issuer is its (default) subject;
// 0 when generation fails; -1 otherwise.
static int cert_for(const pem_pair *p, EVP_PKEY *want)
{
    static const oe_uuid_t ecdsa = {OE_FORMAT_UUID_SGX_ECDSA};
    pem_pair copy = *p; // the API takes non-const buffers
    uint8_t *der = NULL;
    size_t der_size = 0;
    oe_result_t r = oe_get_attestation_certificate_with_evidence_v2(
        &ecdsa, NULL, (uint8_t *)copy.priv, copy.priv_size, (uint8_t *)copy.pub, copy.pub_size,
        NULL, 0, &der, &der_size);
    if (r != OE_OK)
        return 0;
    const unsigned char *q = der;
    X509 *cert = d2i_X509(NULL, &q, (long)der_size);
    EVP_PKEY *key = cert ? X509_get0_pubkey(cert) : NULL;
    char subject[128] = "";
    int ok = key && EVP_PKEY_eq(key, want) == 1 && X509_verify(cert, want) == 1 &&
             X509_NAME_cmp(X509_get_subject_name(cert), X509_get_issuer_name(cert)) == 0 &&
             X509_NAME_oneline(X509_get_subject_name(cert), subject, sizeof(subject)) &&
             strcmp(subject, "/CN=Open Enclave SDK/O=OESDK TLS/C=US") == 0;
    X509_free(cert);
    oe_free_attestation_certificate(der);
    return ok ? 1 : -1;
}

static int run(EVP_PKEY *a, EVP_PKEY *b)
{
    pem_pair pa, pb, mixed, flipped;
    if (make_pair(a, &pa) || make_pair(b, &pb))
        return 1;
    if (cert_for(&pa, a) != 1 || cert_for(&pa, a) != 1) // import, then a hit
        return 2;
    mixed = pa; // A's private key with B's public key: never a hit
    memcpy(mixed.pub, pb.pub, pb.pub_size);
    mixed.pub_size = pb.pub_size;
    if (cert_for(&mixed, a) != 0)
        return 3;
    flipped = pa; // one changed byte in the point's base64
    flipped.pub[strlen("-----BEGIN PUBLIC KEY-----\n") + 40] ^= 0x01;
    if (cert_for(&flipped, a) != 0)
        return 4;
    // One changed byte in the private scalar's base64: the point in the
    // PEM still matches, so the certificate may be made, but a hit would
    // sign with A's scalar and the signature would verify with A.
    flipped = pa;
    flipped.priv[strlen("-----BEGIN PRIVATE KEY-----\n") + 60] ^= 0x01;
    if (cert_for(&flipped, a) == 1)
        return 5;
    if (cert_for(&pa, a) != 1) // the failures above left A's pair usable
        return 6;
    if (cert_for(&pb, b) != 1 || cert_for(&pa, a) != 1) // replaced, and back
        return 7;
    pa.priv_size--; // the same PEM without its NUL: not the kept bytes, same key
    if (cert_for(&pa, a) != 1)
        return 8;
    return 0;
}

int keymemo_checks(void)
{
    EVP_PKEY *a = EVP_EC_gen("P-256"), *b = EVP_EC_gen("P-256");
    int result = a && b ? run(a, b) : 1;
    EVP_PKEY_free(a);
    EVP_PKEY_free(b);
    return result;
}
