// bench_tls's enclave: TLS 1.3 handshakes over a host socket with an
// attested certificate (the attested_tls sample's identity code).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/ssl.h>

#include <openenclave/enclave.h>

#include "bench_tls_t.h"
#include "identity.h"

static int listener = -1;

int bench_listen(uint16_t* port)
{
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(addr);
    if (oe_load_module_host_socket_interface() != OE_OK)
        return -1;
    listener = socket(AF_INET, SOCK_STREAM, 0);
    if (listener < 0 || bind(listener, (struct sockaddr*)&addr, sizeof(addr)) != 0 ||
        listen(listener, 64) != 0 || getsockname(listener, (struct sockaddr*)&addr, &len) != 0)
        return -1;
    *port = ntohs(addr.sin_port);
    return 0;
}

static SSL_CTX* new_ctx(void)
{
    SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
    if (ctx && (SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION) != 1 ||
                tls_server_identity(ctx) != 0)) {
        SSL_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

static int handshake(SSL_CTX* ctx)
{
    int fd = accept(listener, NULL, NULL);
    SSL* ssl = fd >= 0 ? SSL_new(ctx) : NULL;
    char byte;
    int ok = ssl && SSL_set_fd(ssl, fd) == 1 && SSL_accept(ssl) == 1 &&
             SSL_read(ssl, &byte, 1) == 1; // the client's byte: it verified us
    SSL_free(ssl);
    if (fd >= 0)
        close(fd);
    return ok ? 0 : -1;
}

// One context for all handshakes, as a server keeps. Per handshake the
// server first replaces its certificate as `mode` says (bench_tls.edl), so
// only attestation work is added to what the plain server does.
static int refresh(SSL_CTX* ctx, tls_server_key* key, int mode)
{
    if (mode == BENCH_NEW_KEY_EACH)
        return tls_server_identity(ctx);
    if (mode == BENCH_NEW_EVIDENCE_EACH)
        return tls_server_certify(ctx, key);
    return 0;
}

int bench_serve(int handshakes, int mode)
{
    SSL_CTX* ctx = new_ctx();
    tls_server_key key;
    int failures = !ctx || tls_server_key_new(&key) != 0;
    for (int i = 0; i < handshakes && !failures; i++) {
        failures += refresh(ctx, &key, mode) != 0;
        failures += handshake(ctx) != 0;
    }
    if (ctx)
        tls_server_key_free(&key);
    SSL_CTX_free(ctx);
    return failures;
}
