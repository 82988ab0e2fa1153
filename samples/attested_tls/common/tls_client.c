// See tls_client.h.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <openenclave/attestation/verifier.h>

#include "tls_client.h"

// Replaces chain building: the certificate is self-signed; its evidence,
// not a CA, is what makes it trustworthy. The same call verifies the
// server's remote (SGX ECDSA) evidence on a host (liboehostverify) and in
// an enclave (through the enclave's platform); the policy is then checked
// on the claims it returns.
static int verify_peer(X509_STORE_CTX* store, void* arg)
{
    X509* cert = X509_STORE_CTX_get0_cert(store);
    unsigned char* der = NULL;
    oe_claim_t* claims = NULL;
    size_t claims_length = 0;
    int len = cert ? i2d_X509(cert, &der) : -1;
    oe_result_t r = len > 0 ? oe_verify_attestation_certificate_with_evidence_v2(
                                  der, (size_t)len, NULL, 0, NULL, 0, &claims, &claims_length)
                            : OE_INVALID_PARAMETER;
    if (r == OE_OK)
        r = tls_policy_check(claims, claims_length, arg);
    oe_free_claims(claims, claims_length);
    OPENSSL_free(der);
    printf("client: server certificate %s (%s)\n", r == OE_OK ? "verified" : "REJECTED",
           oe_result_str(r));
    return r == OE_OK;
}

static int connect_to(const char* host, int port)
{
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || inet_pton(AF_INET, host, &addr.sin_addr) != 1 ||
        connect(fd, (struct sockaddr*)&addr, sizeof(addr)) != 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

static int talk(SSL_CTX* ctx, int fd)
{
    SSL* ssl = SSL_new(ctx);
    char reply[256];
    int ok = ssl && SSL_set_fd(ssl, fd) == 1 && SSL_connect(ssl) == 1;
    ok = ok && SSL_write(ssl, "GET /\r\n", 7) == 7;
    int n = ok ? SSL_read(ssl, reply, sizeof(reply) - 1) : -1;
    if (n > 0) {
        reply[n] = '\0';
        printf("client: %s reply: %s", SSL_get_version(ssl), reply);
        SSL_shutdown(ssl);
    }
    SSL_free(ssl);
    return n > 0 ? 0 : -1;
}

int tls_client_run(const char* host, int port, tls_policy* policy)
{
    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    int fd = -1, ret = -1;
    int ok = ctx && SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION) == 1;
    if (ok) {
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
        SSL_CTX_set_cert_verify_callback(ctx, verify_peer, policy);
        fd = connect_to(host, port);
        ret = fd >= 0 ? talk(ctx, fd) : -1;
    }
    if (fd >= 0)
        close(fd);
    SSL_CTX_free(ctx);
    printf("client: %s\n", ret == 0 ? "attested TLS succeeded" : "attested TLS failed");
    return ret;
}
