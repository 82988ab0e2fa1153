// The server's TLS identity: a fresh P-256 key made in the enclave and a
// self-signed certificate whose extension carries the enclave's evidence
// binding that key (oe_get_attestation_certificate_with_evidence_v2 with
// SGX ECDSA, i.e. remote evidence), which plain clients and client
// enclaves alike verify.
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

#include <openenclave/attestation/attester.h>
#include <openenclave/attestation/sgx/evidence.h>
#include <openenclave/enclave.h>

#include "identity.h"

// The PEM of `key` (private or public) as a NUL-terminated buffer; its
// size counts the NUL, as OE's samples pass it. Wipe private ones.
static uint8_t* to_pem(EVP_PKEY* key, int private_part, size_t* size)
{
    BIO* bio = BIO_new(BIO_s_mem());
    char* data = NULL;
    uint8_t* out = NULL;
    int ok = bio && (private_part ? PEM_write_bio_PrivateKey(bio, key, NULL, NULL, 0, NULL, NULL)
                                  : PEM_write_bio_PUBKEY(bio, key));
    long len = ok ? BIO_get_mem_data(bio, &data) : 0;
    if (len > 0 && (out = malloc((size_t)len + 1))) {
        memcpy(out, data, (size_t)len);
        out[len] = 0;
        *size = (size_t)len + 1;
    }
    if (data && len > 0)
        OPENSSL_cleanse(data, (size_t)len);
    BIO_free(bio);
    return out;
}

// Installs the certificate and key in the context.
static int install(SSL_CTX* ctx, EVP_PKEY* key, const uint8_t* der, size_t der_size)
{
    const unsigned char* p = der;
    X509* cert = d2i_X509(NULL, &p, (long)der_size);
    int ok = cert && SSL_CTX_use_certificate(ctx, cert) == 1 &&
             SSL_CTX_use_PrivateKey(ctx, key) == 1;
    X509_free(cert);
    return ok ? 0 : -1;
}

int tls_server_key_new(tls_server_key* k)
{
    memset(k, 0, sizeof(*k));
    k->key = EVP_EC_gen("P-256");
    k->private_pem = k->key ? to_pem(k->key, 1, &k->private_pem_size) : NULL;
    k->public_pem = k->key ? to_pem(k->key, 0, &k->public_pem_size) : NULL;
    if (k->private_pem && k->public_pem)
        return 0;
    tls_server_key_free(k);
    return -1;
}

void tls_server_key_free(tls_server_key* k)
{
    if (k->private_pem)
        OPENSSL_cleanse(k->private_pem, k->private_pem_size);
    free(k->private_pem);
    free(k->public_pem);
    EVP_PKEY_free(k->key);
    memset(k, 0, sizeof(*k));
}

int tls_server_certify(SSL_CTX* ctx, const tls_server_key* k)
{
    static const oe_uuid_t remote = {OE_FORMAT_UUID_SGX_ECDSA};
    uint8_t* cert = NULL;
    size_t cert_size = 0;
    int ret = -1;
    if (oe_get_attestation_certificate_with_evidence_v2(
            &remote, (const unsigned char*)"CN=Keep attested TLS server,O=Keep,C=US",
            k->private_pem, k->private_pem_size, k->public_pem, k->public_pem_size, NULL, 0,
            &cert, &cert_size) == OE_OK)
        ret = install(ctx, k->key, cert, cert_size);
    oe_free_attestation_certificate(cert);
    return ret;
}

int tls_server_identity(SSL_CTX* ctx)
{
    tls_server_key k;
    int ret = tls_server_key_new(&k) == 0 ? tls_server_certify(ctx, &k) : -1;
    tls_server_key_free(&k);
    return ret;
}
