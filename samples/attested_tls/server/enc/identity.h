#ifndef ATTESTED_TLS_IDENTITY_H
#define ATTESTED_TLS_IDENTITY_H
#include <openssl/ssl.h>
// Installs a fresh key and its attested certificate in `ctx`; 0 on success.
int tls_server_identity(SSL_CTX* ctx);
// Installs a fresh key and a certificate with local evidence for the
// enclave whose target info is `settings` in this connection only.
int tls_server_local_identity(SSL* ssl, const uint8_t* settings, size_t settings_size);
#endif
