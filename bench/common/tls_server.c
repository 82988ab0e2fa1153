/* See tls_server.h. */
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "tls_server.h"

static X509 *self_signed(EVP_PKEY *key, const char *common_name)
{
    X509 *cert = X509_new();
    X509_NAME *name = X509_NAME_new();
    int ok = cert && name &&
             X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                        (const unsigned char *)common_name, -1, -1, 0) == 1 &&
             X509_set_version(cert, X509_VERSION_3) == 1 &&
             ASN1_INTEGER_set(X509_get_serialNumber(cert), 1) == 1 &&
             X509_set_subject_name(cert, name) == 1 && X509_set_issuer_name(cert, name) == 1 &&
             X509_gmtime_adj(X509_getm_notBefore(cert), 0) &&
             X509_gmtime_adj(X509_getm_notAfter(cert), 24 * 3600) &&
             X509_set_pubkey(cert, key) == 1 && X509_sign(cert, key, EVP_sha256()) > 0;
    X509_NAME_free(name);
    if (!ok) {
        X509_free(cert);
        return NULL;
    }
    return cert;
}

SSL_CTX *bench_tls_server_ctx(const char *common_name)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    EVP_PKEY *key = EVP_EC_gen("P-256");
    X509 *cert = key ? self_signed(key, common_name) : NULL;
    int ok = ctx && cert && SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION) == 1 &&
             SSL_CTX_use_certificate(ctx, cert) == 1 && SSL_CTX_use_PrivateKey(ctx, key) == 1;
    X509_free(cert);
    EVP_PKEY_free(key);
    if (!ok) {
        SSL_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}
