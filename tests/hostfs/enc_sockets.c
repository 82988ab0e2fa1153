/* The host I/O tests' socket calls: a TCP exchange and a UDP datagram
 * between sockets of the enclave on 127.0.0.1, through the host. Each
 * returns 0 or the failing line; hs_last_errno() says why. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openenclave/enclave.h>

#include "hostfs_t.h"
#include "hs_enclave.h"

int hs_errno_slot;
#define last_errno hs_errno_slot

int hs_last_errno(void)
{
    return last_errno;
}

int hs_load_sockets(void)
{
    return oe_load_module_host_socket_interface() == OE_OK ? 0 : -1;
}

int hs_socket_try(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    return fd < 0 ? -errno : fd;
}

static struct sockaddr_in loopback(void)
{
    struct sockaddr_in a = {.sin_family = AF_INET};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

/* A listening socket on 127.0.0.1 and an ephemeral port, in *a. */
static int listener(struct sockaddr_in *a, int *out)
{
    int srv = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(srv >= 0);
    int one = 1;
    CHECK(setsockopt(srv, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == 0);
    *a = loopback();
    CHECK(bind(srv, (struct sockaddr *)a, sizeof(*a)) == 0);
    CHECK(listen(srv, 4) == 0);
    socklen_t len = sizeof(*a);
    CHECK(getsockname(srv, (struct sockaddr *)a, &len) == 0 && len == sizeof(*a));
    CHECK(a->sin_port != 0);
    *out = srv;
    return 0;
}

static int exchange(int from, int to, const char *text)
{
    char buf[16] = {0};
    size_t n = strlen(text);
    CHECK(send(from, text, n, 0) == (ssize_t)n);
    CHECK(recv(to, buf, sizeof(buf), 0) == (ssize_t)n && memcmp(buf, text, n) == 0);
    return 0;
}

static int connected(int srv, const struct sockaddr_in *a, int cli, int *conn)
{
    CHECK(connect(cli, (const struct sockaddr *)a, sizeof(*a)) == 0);
    struct pollfd p = {.fd = srv, .events = POLLIN};
    CHECK(poll(&p, 1, 5000) == 1 && (p.revents & POLLIN));
    struct sockaddr_in peer;
    socklen_t len = sizeof(peer);
    *conn = accept(srv, (struct sockaddr *)&peer, &len);
    CHECK(*conn >= 0 && len == sizeof(peer) && peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
    return 0;
}

/* A new client connected to `srv` (*cli), and the server's side (*conn). */
static int connect_pair(int srv, const struct sockaddr_in *a, int *cli, int *conn)
{
    *cli = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(*cli >= 0);
    return connected(srv, a, *cli, conn);
}

int hs_tcp_pair(struct sockaddr_in *a, int *srv, int *cli, int *conn)
{
    int rc = listener(a, srv);
    return rc ? rc : connect_pair(*srv, a, cli, conn);
}

int hs_loopback(void)
{
    struct sockaddr_in a;
    int srv = -1, cli = -1, conn = -1, rc;
    if ((rc = hs_tcp_pair(&a, &srv, &cli, &conn)) || (rc = exchange(cli, conn, "ping")) ||
        (rc = exchange(conn, cli, "pong")))
        return rc;
    int type = 0;
    socklen_t len = sizeof(type);
    CHECK(getsockopt(cli, SOL_SOCKET, SO_TYPE, &type, &len) == 0 && type == SOCK_STREAM);
    struct sockaddr_in peer;
    len = sizeof(peer);
    CHECK(getpeername(cli, (struct sockaddr *)&peer, &len) == 0 && peer.sin_port == a.sin_port);
    CHECK(shutdown(cli, SHUT_WR) == 0);
    char c;
    CHECK(recv(conn, &c, 1, 0) == 0);
    CHECK(close(conn) == 0 && close(cli) == 0 && close(srv) == 0);
    return 0;
}

/* Read-ahead on stream sockets (src/runner/hostio_readahead.c): a small
 * read takes what the socket has into the enclave; the rest comes back in
 * order, to reads, MSG_PEEK and MSG_WAITALL, poll reports it readable
 * though the host's socket is empty, and a closed socket's kept bytes
 * never reach the next socket. Each returns 0 or the failing line. */
static int readahead_small_reads(int cli, int conn)
{
    char buf[16] = {0};
    CHECK(send(cli, "abcdefghij", 10, 0) == 10);
    struct pollfd p = {.fd = conn, .events = POLLIN};
    CHECK(poll(&p, 1, 5000) == 1); /* all ten bytes have arrived */
    CHECK(recv(conn, buf, 3, 0) == 3 && memcmp(buf, "abc", 3) == 0);
    p.revents = 0;
    CHECK(poll(&p, 1, 5000) == 1 && p.revents == POLLIN);
    CHECK(recv(conn, buf, 2, MSG_PEEK) == 2 && memcmp(buf, "de", 2) == 0);
    CHECK(read(conn, buf, 4) == 4 && memcmp(buf, "defg", 4) == 0);
    CHECK(send(cli, "klmnopq", 7, 0) == 7);
    CHECK(recv(conn, buf, 10, MSG_WAITALL) == 10 && memcmp(buf, "hijklmnopq", 10) == 0);
    return 0;
}

/* 48 KiB in odd-sized sends, read back in odd-sized reads, in order. */
static int readahead_stream(int cli, int conn)
{
    static unsigned char out[48 << 10], in[sizeof(out)];
    for (size_t i = 0; i < sizeof(out); i++)
        out[i] = (unsigned char)(i * 7 + i / 251);
    for (size_t done = 0, step = 1000; done < sizeof(out); step += 777) {
        size_t n = sizeof(out) - done < step ? sizeof(out) - done : step;
        CHECK(send(cli, out + done, n, 0) == (ssize_t)n);
        done += n;
    }
    for (size_t done = 0, step = 5; done < sizeof(in); step = step * 3 % 4093 + 1) {
        size_t want = sizeof(in) - done < step ? sizeof(in) - done : step;
        ssize_t n = recv(conn, in + done, want, 0);
        CHECK(n > 0 && (size_t)n <= want);
        done += (size_t)n;
    }
    CHECK(memcmp(in, out, sizeof(out)) == 0);
    return 0;
}

int hs_readahead(void)
{
    struct sockaddr_in a;
    int srv = -1, cli = -1, conn = -1, rc;
    if ((rc = hs_tcp_pair(&a, &srv, &cli, &conn)) || (rc = readahead_small_reads(cli, conn)) ||
        (rc = readahead_stream(cli, conn)))
        return rc;
    /* Close with bytes kept; the next connection starts clean. */
    char buf[16];
    CHECK(send(cli, "xyz", 3, 0) == 3);
    struct pollfd p = {.fd = conn, .events = POLLIN};
    CHECK(poll(&p, 1, 5000) == 1 && recv(conn, buf, 1, 0) == 1 && buf[0] == 'x');
    CHECK(close(conn) == 0 && close(cli) == 0);
    if ((rc = connect_pair(srv, &a, &cli, &conn)) || (rc = exchange(cli, conn, "fresh")))
        return rc;
    CHECK(close(conn) == 0 && close(cli) == 0 && close(srv) == 0);
    return 0;
}

int hs_datagram(void)
{
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    CHECK(s >= 0);
    struct sockaddr_in a = loopback(), from;
    CHECK(bind(s, (struct sockaddr *)&a, sizeof(a)) == 0);
    socklen_t len = sizeof(a);
    CHECK(getsockname(s, (struct sockaddr *)&a, &len) == 0);
    CHECK(sendto(s, "dgram", 5, 0, (struct sockaddr *)&a, sizeof(a)) == 5);
    char buf[16];
    len = sizeof(from);
    CHECK(recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len) == 5);
    CHECK(memcmp(buf, "dgram", 5) == 0 && len == sizeof(from) && from.sin_port == a.sin_port);
    CHECK(close(s) == 0);
    return 0;
}

int hs_load_resolver(void)
{
    return oe_load_module_host_resolver() == OE_OK ? 0 : -1;
}

/* 127.0.0.1:80 through getaddrinfo; *eai is its result. */
int hs_resolve(int *eai)
{
    struct addrinfo hints = {.ai_family = AF_INET, .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV};
    struct addrinfo *list = NULL;
    errno = 0;
    *eai = getaddrinfo("127.0.0.1", "80", &hints, &list);
    last_errno = errno;
    if (*eai)
        return __LINE__;
    const struct sockaddr_in *a = (const struct sockaddr_in *)list->ai_addr;
    int ok = list->ai_family == AF_INET && list->ai_addrlen == sizeof(*a) &&
             a->sin_port == htons(80) && a->sin_addr.s_addr == htonl(INADDR_LOOPBACK) &&
             list->ai_socktype == SOCK_STREAM;
    freeaddrinfo(list);
    return ok ? 0 : __LINE__;
}

static int served_listener = -1;

/* A listener on 127.0.0.1 for a client outside the enclave: its port. */
int hs_listen(void)
{
    struct sockaddr_in a;
    int rc = listener(&a, &served_listener);
    return rc ? -rc : ntohs(a.sin_port);
}

/* Accepts one client, reads its line and sends it back reversed. */
int hs_serve_one(void)
{
    int conn = accept(served_listener, NULL, NULL);
    CHECK(conn >= 0);
    char buf[64];
    ssize_t n = recv(conn, buf, sizeof(buf), 0);
    CHECK(n > 0);
    for (ssize_t i = 0; i < n / 2; i++) {
        char c = buf[i];
        buf[i] = buf[n - 1 - i];
        buf[n - 1 - i] = c;
    }
    CHECK(send(conn, buf, (size_t)n, 0) == n);
    CHECK(close(conn) == 0 && close(served_listener) == 0);
    served_listener = -1;
    return 0;
}
