/* See plain_server.h. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "plain_server.h"

static X509* self_signed(EVP_PKEY* key)
{
    X509* cert = X509_new();
    X509_NAME* name = X509_NAME_new();
    int ok = cert && name &&
             X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                        (const unsigned char*)"bench", -1, -1, 0) == 1 &&
             X509_set_version(cert, X509_VERSION_3) == 1 &&
             ASN1_INTEGER_set(X509_get_serialNumber(cert), 1) == 1 &&
             X509_set_subject_name(cert, name) == 1 && X509_set_issuer_name(cert, name) == 1 &&
             X509_gmtime_adj(X509_getm_notBefore(cert), 0) &&
             X509_gmtime_adj(X509_getm_notAfter(cert), 3600) &&
             X509_set_pubkey(cert, key) == 1 && X509_sign(cert, key, EVP_sha256()) > 0;
    X509_NAME_free(name);
    if (!ok) {
        X509_free(cert);
        return NULL;
    }
    return cert;
}

static SSL_CTX* server_ctx(void)
{
    SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
    EVP_PKEY* key = EVP_EC_gen("P-256");
    X509* cert = key ? self_signed(key) : NULL;
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

static void* serve(void* arg)
{
    plain_server* s = arg;
    for (int i = 0; i < s->handshakes; i++) {
        int fd = accept(s->listener, NULL, NULL);
        SSL* ssl = fd >= 0 ? SSL_new(s->ctx) : NULL;
        char byte;
        s->failures += !(ssl && SSL_set_fd(ssl, fd) == 1 && SSL_accept(ssl) == 1 &&
                         SSL_read(ssl, &byte, 1) == 1);
        SSL_free(ssl);
        if (fd >= 0)
            close(fd);
    }
    return NULL;
}

int plain_server_start(plain_server* s, int handshakes)
{
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(addr);
    *s = (plain_server){.handshakes = handshakes, .listener = -1};
    s->ctx = server_ctx();
    s->listener = socket(AF_INET, SOCK_STREAM, 0);
    if (!s->ctx || s->listener < 0 ||
        bind(s->listener, (struct sockaddr*)&addr, sizeof(addr)) != 0 ||
        listen(s->listener, 64) != 0 ||
        getsockname(s->listener, (struct sockaddr*)&addr, &len) != 0)
        return -1;
    s->port = ntohs(addr.sin_port);
    return pthread_create(&s->thread, NULL, serve, s) == 0 ? 0 : -1;
}

int plain_server_join(plain_server* s)
{
    pthread_join(s->thread, NULL);
    close(s->listener);
    SSL_CTX_free(s->ctx);
    return s->failures;
}
