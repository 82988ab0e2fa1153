/* See stream.h. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "stream.h"
#include "tls_server.h"

SSL_CTX *hio_server_ctx(void)
{
    SSL_CTX *ctx = bench_tls_server_ctx("bench_hostio");
    if (ctx && SSL_CTX_set_ciphersuites(ctx, HIO_CIPHER) != 1) {
        SSL_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

int hio_listen(uint16_t *port)
{
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(addr);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0 || listen(fd, 8) != 0 ||
        getsockname(fd, (struct sockaddr *)&addr, &len) != 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    *port = ntohs(addr.sin_port);
    return fd;
}

int hio_pump(SSL *ssl, int sending, uint64_t total, uint32_t record)
{
    static __thread unsigned char buf[HIO_RECORD_MAX];
    if (record == 0 || record > sizeof(buf))
        return -1;
    if (sending)
        memset(buf, 0x5a, record);
    for (uint64_t done = 0; done < total;) {
        uint64_t left = total - done;
        int want = (int)(left < record ? left : record);
        int n = sending ? SSL_write(ssl, buf, want) : SSL_read(ssl, buf, want);
        if (n <= 0)
            return -1;
        done += (uint64_t)n;
    }
    return 0;
}

int hio_serve_one(SSL_CTX *ctx, int listener, int mode, uint64_t total, uint32_t record)
{
    int fd = accept(listener, NULL, NULL);
    SSL *ssl = fd >= 0 ? SSL_new(ctx) : NULL;
    unsigned char ack = 1;
    int ok = ssl && SSL_set_fd(ssl, fd) == 1 && SSL_accept(ssl) == 1;
    if (ok && mode == HIO_SERVER_SENDS)
        ok = hio_pump(ssl, 1, total, record) == 0 && SSL_read(ssl, &ack, 1) == 1;
    else if (ok && mode == HIO_SERVER_RECEIVES)
        ok = hio_pump(ssl, 0, total, record) == 0 && SSL_write(ssl, &ack, 1) == 1;
    else
        ok = 0;
    SSL_free(ssl);
    if (fd >= 0)
        close(fd);
    return ok ? 0 : -1;
}
