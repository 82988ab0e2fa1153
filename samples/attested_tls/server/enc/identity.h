#ifndef ATTESTED_TLS_IDENTITY_H
#define ATTESTED_TLS_IDENTITY_H
#include <openssl/ssl.h>
// Installs a fresh key and its attested certificate (SGX ECDSA evidence
// binding the key) in `ctx`; 0 on success.
int tls_server_identity(SSL_CTX* ctx);
#endif
