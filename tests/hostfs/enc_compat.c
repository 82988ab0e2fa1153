/* The host I/O tests' OE-compatibility calls on host descriptors: dup,
 * dup2, dup3 and fcntl(F_DUPFD_CLOEXEC). The same code runs on sandbox
 * (through the host) and sim (the kernel). Each returns 0 or the failing
 * line (hs_last_errno), or, for the lying-host helpers, a result or
 * -errno. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openenclave/enclave.h>

#include "hostfs_t.h"
#include "hs_enclave.h"

/* `text` sent on `from` arrives whole on `to`. */
static int pass(int from, int to, const char *text)
{
    char buf[32] = {0};
    size_t n = strlen(text);
    CHECK(send(from, text, n, 0) == (ssize_t)n);
    CHECK(n < sizeof(buf) && recv(to, buf, n, MSG_WAITALL) == (ssize_t)n);
    CHECK(memcmp(buf, text, n) == 0);
    return 0;
}

/* dup of a connection reads the same stream, read-ahead included; the
 * copy works after the original is closed. */
static int dup_stream(int cli, int conn, int *copy)
{
    int d = dup(conn);
    CHECK(d >= 0 && d != conn);
    CHECK(send(cli, "abcdef", 6, 0) == 6);
    struct pollfd p = {.fd = d, .events = POLLIN};
    CHECK(poll(&p, 1, 5000) == 1);
    char buf[16] = {0};
    CHECK(recv(conn, buf, 1, 0) == 1 && buf[0] == 'a'); /* sandbox: keeps "bcdef" */
    CHECK(recv(d, buf, sizeof(buf), 0) == 5 && memcmp(buf, "bcdef", 5) == 0);
    CHECK(close(conn) == 0);
    int rc = pass(cli, d, "still");
    *copy = d;
    return rc;
}

/* dup2 and dup3 onto an open descriptor close it first. */
static int dup_onto(int cli, int d)
{
    int other = socket(AF_INET, SOCK_DGRAM, 0), type = 0, rc;
    CHECK(other >= 0);
    CHECK(dup2(cli, other) == other);
    socklen_t len = sizeof(type);
    CHECK(getsockopt(other, SOL_SOCKET, SO_TYPE, &type, &len) == 0 && type == SOCK_STREAM);
    if ((rc = pass(other, d, "x")))
        return rc;
    CHECK(dup3(d, other, O_CLOEXEC) == other && (fcntl(other, F_GETFD) & FD_CLOEXEC));
    if ((rc = pass(cli, other, "y")))
        return rc;
    CHECK(dup2(d, d) == d);
    CHECK(dup3(d, d, 0) == -1 && errno == EINVAL);
    CHECK(dup3(d, other, O_NONBLOCK) == -1 && errno == EINVAL);
    CHECK(dup(-1) == -1 && errno == EBADF);
    CHECK(close(other) == 0);
    return pass(cli, d, "z");
}

int hc_dup(void)
{
    struct sockaddr_in a;
    int srv = -1, cli = -1, conn = -1, d = -1, rc;
    if ((rc = hs_tcp_pair(&a, &srv, &cli, &conn)) || (rc = dup_stream(cli, conn, &d)) ||
        (rc = dup_onto(cli, d)))
        return rc;
    int high = fcntl(d, F_DUPFD_CLOEXEC, 100);
    CHECK(high >= 100 && (fcntl(high, F_GETFD) & FD_CLOEXEC));
    if ((rc = pass(cli, high, "high")))
        return rc;
    /* The connection closes with its last descriptor. */
    char c;
    CHECK(close(d) == 0 && send(cli, "w", 1, 0) == 1);
    CHECK(recv(high, &c, 1, 0) == 1 && c == 'w');
    CHECK(close(high) == 0);
    CHECK(recv(cli, &c, 1, 0) == 0);
    CHECK(close(cli) == 0 && close(srv) == 0);
    return 0;
}

/* An epoll registration of a descriptor that is closed while a dup keeps
 * the socket open: on sandbox the registration goes with the descriptor
 * (the host is told); Linux may still report it, with its data word.
 * Either way the wait succeeds. */
int hc_dup_epoll(void)
{
    struct sockaddr_in a;
    int srv = -1, cli = -1, conn = -1, rc;
    if ((rc = hs_tcp_pair(&a, &srv, &cli, &conn)))
        return rc;
    int ep = epoll_create1(0);
    CHECK(ep >= 0);
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 7}, got[4];
    CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, conn, &ev) == 0);
    int ep2 = dup(ep); /* sandbox: epoll instances are not duplicated */
    CHECK(ep2 >= 0 ? close(ep2) == 0 : errno == EINVAL);
    int d = dup(conn);
    CHECK(d >= 0 && close(conn) == 0);
    CHECK(send(cli, "e", 1, 0) == 1);
    struct pollfd p = {.fd = d, .events = POLLIN};
    CHECK(poll(&p, 1, 5000) == 1);
    int n = epoll_wait(ep, got, 4, 0);
    CHECK(n == 0 || (n == 1 && got[0].data.u64 == 7));
    char c;
    CHECK(recv(d, &c, 1, 0) == 1 && c == 'e');
    CHECK(close(d) == 0 && close(ep) == 0 && close(cli) == 0 && close(srv) == 0);
    return 0;
}

/* A file's dup shares its offset. */
int hc_dup_file(const char *path)
{
    int fd = open(path, O_RDONLY);
    CHECK(fd >= 0);
    int d = dup(fd);
    CHECK(d >= 0);
    char buf[4] = {0};
    CHECK(read(fd, buf, 3) == 3 && memcmp(buf, "012", 3) == 0);
    CHECK(read(d, buf, 3) == 3 && memcmp(buf, "345", 3) == 0);
    CHECK(close(fd) == 0);
    CHECK(read(d, buf, 3) == 3 && memcmp(buf, "678", 3) == 0);
    CHECK(lseek(d, 0, SEEK_CUR) == 9);
    CHECK(close(d) == 0);
    return 0;
}

/* dup (exact = 0) or dup2 onto a closed number (1) of a fresh socket:
 * the new descriptor or -errno. */
int hc_dup_lie(int exact)
{
    int s = socket(AF_INET, SOCK_STREAM, 0), t = -1;
    if (s < 0)
        return -errno;
    if (exact) {
        t = socket(AF_INET, SOCK_STREAM, 0);
        if (t < 0 || close(t) != 0)
            return -EPROTO;
    }
    int rc = exact ? dup2(s, t) : dup(s);
    rc = rc < 0 ? -errno : rc;
    if (rc >= 0)
        close(rc);
    close(s);
    return rc;
}

/* ioctl FIONREAD counts what arrived, read-ahead included; FIONBIO (and
 * fcntl's O_NONBLOCK) makes reads not wait; other requests are ENOTTY. */
int hc_ioctl(void)
{
    struct sockaddr_in a;
    int srv = -1, cli = -1, conn = -1, rc, n = -1, on = 1, off = 0;
    if ((rc = hs_tcp_pair(&a, &srv, &cli, &conn)))
        return rc;
    CHECK(ioctl(conn, FIONREAD, &n) == 0 && n == 0);
    CHECK(send(cli, "12345", 5, 0) == 5);
    struct pollfd p = {.fd = conn, .events = POLLIN};
    CHECK(poll(&p, 1, 5000) == 1);
    CHECK(ioctl(conn, FIONREAD, &n) == 0 && n == 5);
    char buf[8];
    CHECK(recv(conn, buf, 1, 0) == 1); /* sandbox: the other 4 kept in the enclave */
    CHECK(ioctl(conn, FIONREAD, &n) == 0 && n == 4);
    CHECK(recv(conn, buf, sizeof(buf), 0) == 4);
    CHECK(ioctl(conn, FIONBIO, &on) == 0 && (fcntl(conn, F_GETFL) & O_NONBLOCK));
    CHECK(recv(conn, buf, 1, 0) == -1 && (errno == EAGAIN || errno == EWOULDBLOCK));
    CHECK(ioctl(conn, FIONBIO, &off) == 0 && !(fcntl(conn, F_GETFL) & O_NONBLOCK));
    int flags = fcntl(conn, F_GETFL); /* the same through fcntl */
    CHECK(flags >= 0 && fcntl(conn, F_SETFL, flags | O_NONBLOCK) == 0);
    CHECK(recv(conn, buf, 1, 0) == -1 && (errno == EAGAIN || errno == EWOULDBLOCK));
    CHECK(fcntl(conn, F_SETFL, flags) == 0);
    struct winsize ws;
    CHECK(ioctl(conn, TIOCGWINSZ, &ws) == -1 && errno == ENOTTY);
    CHECK(close(conn) == 0 && close(cli) == 0 && close(srv) == 0);
    return 0;
}

/* ioctl on a file: -errno or 0 (sandbox: ENOTTY, sockets only). */
int hc_ioctl_file(const char *path)
{
    int fd = open(path, O_RDONLY), n = 0;
    if (fd < 0)
        return -errno;
    int rc = ioctl(fd, FIONREAD, &n) == 0 ? 0 : -errno;
    close(fd);
    return rc;
}

/* FIONREAD (which = 0) or FIONBIO (1) on a fresh socket: 0 or -errno. */
int hc_ioctl_lie(int which)
{
    int s = socket(AF_INET, SOCK_DGRAM, 0), n = 0;
    if (s < 0)
        return -errno;
    int rc = ioctl(s, which ? FIONBIO : FIONREAD, &n) == 0 ? 0 : -errno;
    close(s);
    return rc;
}

/* select: a connection writable, not readable until bytes arrive, then
 * readable (also with only read-ahead bytes left); pselect6 the same;
 * select as a sleep. */
static int select_one(int fd, bool write, long usec)
{
    fd_set set;
    FD_ZERO(&set);
    FD_SET(fd, &set);
    struct timeval tv = {usec / 1000000, usec % 1000000};
    int n = select(fd + 1, write ? NULL : &set, write ? &set : NULL, NULL, &tv);
    return n == 1 && FD_ISSET(fd, &set) ? 1 : n;
}

int hc_select(void)
{
    struct sockaddr_in a;
    int srv = -1, cli = -1, conn = -1, rc;
    if ((rc = hs_tcp_pair(&a, &srv, &cli, &conn)))
        return rc;
    CHECK(select_one(cli, true, 0) == 1);
    CHECK(select_one(conn, false, 0) == 0);
    CHECK(send(cli, "abc", 3, 0) == 3);
    CHECK(select_one(conn, false, 5000000) == 1);
    char c;
    CHECK(recv(conn, &c, 1, 0) == 1); /* sandbox: "bc" kept in the enclave */
    CHECK(select_one(conn, false, 0) == 1);
    fd_set rd, wr;
    FD_ZERO(&rd);
    FD_ZERO(&wr);
    FD_SET(conn, &rd);
    FD_SET(cli, &rd);
    FD_SET(cli, &wr);
    struct timespec ts = {1, 0};
    int top = (conn > cli ? conn : cli) + 1;
    CHECK(pselect(top, &rd, &wr, NULL, &ts, NULL) == 2);
    CHECK(FD_ISSET(conn, &rd) && !FD_ISSET(cli, &rd) && FD_ISSET(cli, &wr));
    struct timeval tv = {0, 20000};
    CHECK(select(0, NULL, NULL, NULL, &tv) == 0);
    char rest[2];
    CHECK(recv(conn, rest, 2, 0) == 2 && memcmp(rest, "bc", 2) == 0);
    CHECK(close(conn) == 0 && close(cli) == 0 && close(srv) == 0);
    return 0;
}

/* select for writing (or reading) on a fresh datagram socket (no poll
 * before it): the count or -errno. */
int hc_select_lie(int write)
{
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    if (s < 0)
        return -errno;
    int rc = select_one(s, write != 0, 0);
    rc = rc < 0 ? -errno : rc;
    close(s);
    return rc;
}

/* select on `fd` (nfds = fd + 1; or FD_SETSIZE + 1 when huge is set):
 * the count or -errno. On sandbox only: Linux reads nfds bits. */
int hc_select_bad(int fd, int huge)
{
    fd_set set[2];
    memset(set, 0, sizeof(set));
    FD_SET(fd, &set[0]);
    struct timeval tv = {0, 0};
    int rc = select(huge ? FD_SETSIZE + 1 : fd + 1, &set[0], NULL, NULL, &tv);
    return rc < 0 ? -errno : rc;
}

/* sendmsg and recvmsg: a datagram gathered from three iovecs to the
 * socket's own address, scattered into two with the source address and
 * no control data (a control buffer offered comes back empty); a
 * truncated datagram reports MSG_TRUNC; on a connection, recvmsg reads
 * after what the read-ahead keeps, in order; more than IOV_MAX iovecs is
 * EMSGSIZE. */
static int msg_datagram(int s, const struct sockaddr_in *self)
{
    struct iovec out[3] = {{"da", 2}, {"ta", 2}, {"gram", 4}};
    struct msghdr m = {.msg_name = (void *)self, .msg_namelen = sizeof(*self),
                       .msg_iov = out, .msg_iovlen = 3};
    CHECK(sendmsg(s, &m, 0) == 8);
    char a[3] = {0}, b[16] = {0}, control[64];
    struct iovec in[2] = {{a, 3}, {b, sizeof(b)}};
    struct sockaddr_in from;
    m = (struct msghdr){.msg_name = &from, .msg_namelen = sizeof(from), .msg_iov = in,
                        .msg_iovlen = 2, .msg_control = control,
                        .msg_controllen = sizeof(control)};
    CHECK(recvmsg(s, &m, 0) == 8);
    CHECK(memcmp(a, "dat", 3) == 0 && memcmp(b, "agram", 5) == 0);
    CHECK(m.msg_namelen == sizeof(from) && from.sin_port == self->sin_port);
    CHECK(m.msg_controllen == 0 && m.msg_flags == 0);
    CHECK(sendmsg(s, &(struct msghdr){.msg_name = (void *)self, .msg_namelen = sizeof(*self),
                                      .msg_iov = out, .msg_iovlen = 3}, 0) == 8);
    struct iovec small = {a, 3};
    m = (struct msghdr){.msg_iov = &small, .msg_iovlen = 1};
    CHECK(recvmsg(s, &m, 0) == 3 && (m.msg_flags & MSG_TRUNC) && memcmp(a, "dat", 3) == 0);
    return 0;
}

int hc_msg(void)
{
    int s = socket(AF_INET, SOCK_DGRAM, 0), rc;
    CHECK(s >= 0);
    struct sockaddr_in self = {.sin_family = AF_INET};
    self.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(self);
    CHECK(bind(s, (struct sockaddr *)&self, sizeof(self)) == 0);
    CHECK(getsockname(s, (struct sockaddr *)&self, &len) == 0);
    if ((rc = msg_datagram(s, &self)))
        return rc;
    static struct iovec many[IOV_MAX + 1];
    struct msghdr m = {.msg_iov = many, .msg_iovlen = IOV_MAX + 1};
    CHECK(recvmsg(s, &m, MSG_DONTWAIT) == -1 && errno == EMSGSIZE);
    CHECK(close(s) == 0);
    struct sockaddr_in a;
    int srv = -1, cli = -1, conn = -1;
    if ((rc = hs_tcp_pair(&a, &srv, &cli, &conn)))
        return rc;
    struct iovec out[2] = {{"str", 3}, {"eam", 3}};
    CHECK(sendmsg(cli, &(struct msghdr){.msg_iov = out, .msg_iovlen = 2}, 0) == 6);
    struct pollfd p = {.fd = conn, .events = POLLIN};
    char c, x[2], y[8] = {0};
    CHECK(poll(&p, 1, 5000) == 1 && recv(conn, &c, 1, 0) == 1 && c == 's');
    struct iovec in[2] = {{x, 2}, {y, sizeof(y)}};
    m = (struct msghdr){.msg_iov = in, .msg_iovlen = 2};
    CHECK(recvmsg(conn, &m, 0) == 5 && memcmp(x, "tr", 2) == 0 && memcmp(y, "eam", 3) == 0);
    CHECK(close(conn) == 0 && close(cli) == 0 && close(srv) == 0);
    return 0;
}

/* sendmsg (which = 0) or recvmsg (1) of one datagram to itself, or (2)
 * sendmsg with control data: the count or -errno. */
int hc_msg_lie(int which)
{
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    if (s < 0)
        return -errno;
    struct sockaddr_in self = {.sin_family = AF_INET};
    self.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(self);
    char buf[16], control[32] = {0};
    struct iovec iov = {"lie", 3};
    struct msghdr m = {.msg_name = &self, .msg_namelen = sizeof(self), .msg_iov = &iov,
                       .msg_iovlen = 1};
    if (which == 2) {
        m.msg_control = control;
        m.msg_controllen = sizeof(control);
    }
    int rc = bind(s, (struct sockaddr *)&self, sizeof(self)) == 0 &&
                     getsockname(s, (struct sockaddr *)&self, &len) == 0
                 ? (int)sendmsg(s, &m, 0)
                 : -1;
    if (rc >= 0 && which == 1) {
        struct iovec in = {buf, sizeof(buf)};
        struct sockaddr_in from;
        m = (struct msghdr){.msg_name = &from, .msg_namelen = sizeof(from), .msg_iov = &in,
                            .msg_iovlen = 1};
        rc = (int)recvmsg(s, &m, 0);
    }
    rc = rc < 0 ? -errno : rc;
    close(s);
    return rc;
}
