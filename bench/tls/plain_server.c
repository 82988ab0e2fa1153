/* See plain_server.h. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "plain_server.h"
#include "tls_server.h"

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
    s->ctx = bench_tls_server_ctx("bench");
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
