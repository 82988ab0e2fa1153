// The attested TLS server enclave: TLS 1.3 (OpenSSL 3) over a host socket
// bound to 127.0.0.1 only. Each client gets one reply to one request.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/ssl.h>

#include <openenclave/enclave.h>

#include "attested_tls_t.h"
#include "identity.h"

#define REPLY "hello from the attested TLS server in the enclave\n"

static SSL_CTX* ctx;
static int listener = -1;

static int open_listener(uint16_t port, uint16_t* bound_port)
{
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port),
                               .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(addr);
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
        bind(fd, (struct sockaddr*)&addr, sizeof(addr)) != 0 || listen(fd, 8) != 0 ||
        getsockname(fd, (struct sockaddr*)&addr, &len) != 0 || len != sizeof(addr)) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    *bound_port = ntohs(addr.sin_port);
    listener = fd;
    return 0;
}

int setup_server(uint16_t port, uint16_t* bound_port)
{
    if (ctx || oe_load_module_host_socket_interface() != OE_OK)
        return -1;
    ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx || SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION) != 1 ||
        tls_server_identity(ctx) != 0) {
        fprintf(stderr, "enclave: TLS setup failed\n");
        return -1;
    }
    return open_listener(port, bound_port);
}

static int serve_one(int fd)
{
    SSL* ssl = SSL_new(ctx);
    char request[256];
    int ok = ssl && SSL_set_fd(ssl, fd) == 1 && SSL_accept(ssl) == 1;
    int n = ok ? SSL_read(ssl, request, sizeof(request) - 1) : -1;
    ok = n > 0 && SSL_write(ssl, REPLY, (int)strlen(REPLY)) == (int)strlen(REPLY);
    if (ok) {
        request[n] = '\0';
        printf("enclave: served a TLS 1.3 client (request: %.*s)\n", (int)strcspn(request, "\r\n"),
               request);
        SSL_shutdown(ssl);
    }
    SSL_free(ssl);
    return ok ? 0 : -1;
}

// Serves `connections` clients, then closes the listener and frees the
// TLS context. Returns how many were served (a client that rejects the
// server's certificate ends its handshake), -1 if accepting failed.
int serve(int connections)
{
    int served = 0;
    for (int i = 0; i < connections && listener >= 0 && served >= 0; i++) {
        int fd = accept(listener, NULL, NULL);
        if (fd < 0) {
            served = -1;
            break;
        }
        served += serve_one(fd) == 0;
        close(fd);
    }
    if (listener >= 0)
        close(listener);
    listener = -1;
    SSL_CTX_free(ctx);
    ctx = NULL;
    return served;
}
