#ifndef ATTESTED_TLS_IDENTITY_H
#define ATTESTED_TLS_IDENTITY_H
#include <stddef.h>
#include <stdint.h>

#include <openssl/ssl.h>

// The server's key pair, and the PEM forms OE's certificate API takes.
typedef struct tls_server_key {
    EVP_PKEY* key;
    uint8_t *private_pem, *public_pem; // NUL-terminated; sizes count the NUL
    size_t private_pem_size, public_pem_size;
} tls_server_key;

// Makes a fresh P-256 key pair; 0 on success.
int tls_server_key_new(tls_server_key* k);
// Wipes and frees the key.
void tls_server_key_free(tls_server_key* k);
// Installs `k` in `ctx` with a new attested certificate (new SGX ECDSA
// evidence binding the key); 0 on success.
int tls_server_certify(SSL_CTX* ctx, const tls_server_key* k);
// Both: a fresh key and its attested certificate.
int tls_server_identity(SSL_CTX* ctx);
#endif
