/* Write-behind on stream sockets (src/runner/hostio_writebehind.c): the
 * enclave side of tests/hostfs/hw_host.c. The peer is a plain client on a
 * host thread; the enclave listens, accepts and writes a known pattern
 * through every send path. Each call returns 0 (or a count, a descriptor)
 * or the failing line (negated where a result could be confused with
 * it); hs_last_errno() says why. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <openenclave/enclave.h>

#include "hostfs_t.h"
#include "hs_enclave.h"

static int wb_listener = -1;
static uint8_t chunk[300000];

/* Byte `i` of every stream these tests send. */
static uint8_t pattern(uint64_t i)
{
    return (uint8_t)(i * 131u + (i >> 16));
}

static void fill(uint8_t *buf, uint64_t at, size_t size)
{
    for (size_t i = 0; i < size; i++)
        buf[i] = pattern(at + i);
}

int hw_listen(void)
{
    int srv = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(srv >= 0);
    struct sockaddr_in a = {.sin_family = AF_INET};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    CHECK(bind(srv, (struct sockaddr *)&a, sizeof(a)) == 0 && listen(srv, 4) == 0);
    socklen_t len = sizeof(a);
    CHECK(getsockname(srv, (struct sockaddr *)&a, &len) == 0);
    wb_listener = srv;
    return -ntohs(a.sin_port); /* negative: not a failing line */
}

/* One connection; a small send buffer when asked (so the ring cannot
 * drain into the kernel while the peer does not read). */
int hw_accept(int small_sndbuf)
{
    int conn = accept(wb_listener, NULL, NULL);
    CHECK(conn >= 0);
    int size = 4096;
    CHECK(!small_sndbuf || setsockopt(conn, SOL_SOCKET, SO_SNDBUF, &size, sizeof(size)) == 0);
    CHECK(close(wb_listener) == 0);
    wb_listener = -1;
    return -conn;
}

/* Sends all of buf[0..size) through the path `how` picks. 0 or -errno. */
static int send_all(int fd, int dup_fd, const uint8_t *buf, size_t size, int how)
{
    while (size) {
        ssize_t n;
        struct iovec iov[3] = {{(void *)buf, size / 3},
                               {(void *)(buf + size / 3), size / 3},
                               {(void *)(buf + 2 * (size / 3)), size - 2 * (size / 3)}};
        struct msghdr msg = {.msg_iov = iov, .msg_iovlen = 3};
        switch (how) {
        case 0:
            n = write(fd, buf, size);
            break;
        case 1:
            n = send(fd, buf, size, MSG_NOSIGNAL);
            break;
        case 2:
            n = writev(fd, iov, 3);
            break;
        case 3:
            n = sendmsg(fd, &msg, 0);
            break;
        case 4:
            n = sendto(fd, buf, size, 0, NULL, 0);
            break;
        case 5:
            n = write(dup_fd, buf, size);
            break;
        default:
            n = send(fd, buf, size, MSG_MORE);
            break; /* not queued: direct */
        }
        if (n <= 0)
            return n < 0 ? -errno : -EIO;
        buf += n;
        size -= (size_t)n;
    }
    return 0;
}

/* Sends buf[0..size) with the socket made non-blocking for the while
 * (sends that never queue: EAGAIN waits in poll). 0 or -errno. */
static int send_nonblocking(int fd, const uint8_t *buf, size_t size)
{
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0)
        return -errno;
    int rc = 0;
    while (size && rc == 0) {
        ssize_t n = send(fd, buf, size, 0);
        struct pollfd p = {.fd = fd, .events = POLLOUT};
        if (n < 0 && errno == EAGAIN)
            rc = poll(&p, 1, 10000) == 1 ? 0 : -ETIMEDOUT;
        else if (n <= 0)
            rc = n < 0 ? -errno : -EIO;
        else
            buf += n, size -= (size_t)n;
    }
    if (fcntl(fd, F_SETFL, flags) != 0 && rc == 0)
        rc = -errno;
    return rc;
}

/* Sends `total` bytes of the pattern in chunks of odd sizes (some larger
 * than the ring), through path `how` (0-6 above), or all of them in turn
 * (7), or alternately blocking writes and sends on the socket made
 * non-blocking (8). 0 or the failing line. */
int hw_send_pattern(int fd, uint64_t total, int how)
{
    /* A socket's writes go direct until one brings its bytes to 32 KiB
     * (hostio_writebehind.c): the first three here, small, never block
     * on a peer that does not read yet; the fourth opens the ring. */
    static const size_t sizes[] = {1, 5, 3, 65536, 777, 16406, 300000, 16384};
    int dup_fd = dup(fd);
    CHECK(dup_fd >= 0);
    uint64_t at = 0;
    for (size_t k = 0; at < total; k++) {
        size_t size = sizes[k % 8];
        size = size < total - at ? size : (size_t)(total - at);
        fill(chunk, at, size);
        int rc = how == 8 && k % 2
                     ? send_nonblocking(fd, chunk, size)
                     : send_all(fd, dup_fd, chunk, size, how == 7 ? (int)(k % 7) : how % 8);
        errno = -rc;
        CHECK(rc == 0);
        at += size;
    }
    CHECK(close(dup_fd) == 0);
    return 0;
}

/* close(), shutdown(SHUT_WR): 0 or -errno. */
int hw_close(int fd)
{
    return close(fd) == 0 ? 0 : -errno;
}

int hw_shutdown(int fd)
{
    return shutdown(fd, SHUT_WR) == 0 ? 0 : -errno;
}

/* Waits (at most `tries` looks, 1 ms apart; nothing sent) for
 * getsockopt(SO_ERROR) to report the connection's error, then checks it
 * is reported once (a second look finds none, and shutdown(SHUT_WR) does
 * not report it either: it fails with ENOTCONN, as Linux's inet_shutdown
 * answers for a reset socket) while later sends still fail (no byte may
 * follow the dropped ones): -errno reported (or of getsockopt's own
 * failure), 1 when none was, or the failing line. */
static int so_error_once(int fd, int tries)
{
    int error = 0;
    socklen_t len = sizeof(error);
    for (int i = 0; i < tries && error == 0; i++) {
        len = sizeof(error);
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len) != 0)
            return -errno;
        if (error == 0)
            usleep(1000);
    }
    if (error == 0)
        return 1;
    CHECK(len == sizeof(error) && error > 0);
    int again = -1;
    len = sizeof(again);
    CHECK(getsockopt(fd, SOL_SOCKET, SO_ERROR, &again, &len) == 0 && again == 0);
    for (int i = 0; i < 2; i++) {
        errno = 0;
        CHECK(send(fd, chunk, 16384, MSG_NOSIGNAL) < 0 && (errno == EPIPE || errno == ECONNRESET));
    }
    errno = 0;
    CHECK(shutdown(fd, SHUT_WR) == -1 && errno == ENOTCONN);
    return -error;
}

/* Sends 16 KiB at a time (MSG_NOSIGNAL: on sim a write would raise
 * SIGPIPE in the host process) until one fails (at most `tries` times):
 * -errno of the failure, or 1 when none failed. tries < 0: so_error_once
 * with -tries looks instead. */
int hw_write_until_error(int fd, int tries)
{
    memset(chunk, 'x', 16384);
    if (tries < 0)
        return so_error_once(fd, -tries);
    for (int i = 0; i < tries; i++) {
        if (send(fd, chunk, 16384, MSG_NOSIGNAL) < 0)
            return -errno;
        usleep(1000);
    }
    return 1;
}

/* Sandbox only (on sim the first write would block): with bytes queued
 * that cannot drain (the peer does not read), a MSG_DONTWAIT send fails
 * with EAGAIN instead of waiting for them or overtaking them. 0 or the
 * failing line. */
int hw_dontwait_queued(int fd)
{
    memset(chunk, 'y', 200000);
    CHECK(write(fd, chunk, 200000) == 200000); /* opens the ring, fits it */
    errno = 0;
    ssize_t n = send(fd, chunk, 10, MSG_DONTWAIT);
    CHECK(n < 0 && errno == EAGAIN);
    return 0;
}

/* Sandbox only: queues `total` bytes of the pattern (at most a ring's
 * worth, so the writes return before the peer reads) and then crashes;
 * the host's writer sends them though the enclave is gone. Returns only
 * on failure (the line). */
int hw_crash_after_queue(int fd, uint64_t total)
{
    CHECK(total <= sizeof(chunk) && total >= (32u << 10)); /* opens the ring */
    fill(chunk, 0, (size_t)total);
    CHECK(write(fd, chunk, (size_t)total) == (ssize_t)total);
    abort();
}

/* Sandbox only: with bytes queued that cannot drain (the peer does not
 * read), calls that never wait for a peer in Linux return: getsockopt and
 * F_GETFL at once, shutdown(SHUT_RDWR) after the linger bound. 0 or the
 * failing line. */
int hw_stuck_controls(int fd)
{
    CHECK(hw_dontwait_queued(fd) == 0);
    int size = 0;
    socklen_t len = sizeof(size);
    CHECK(getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, &len) == 0 && size > 0);
    CHECK(fcntl(fd, F_GETFL) >= 0);
    CHECK(shutdown(fd, SHUT_RDWR) == 0);
    return 0;
}

/* A stream socket that never connected: every send fails (EPIPE or
 * ENOTCONN), past the bytes that open a ring on a connected socket, and
 * none is reported as written. 0 or the failing line. */
int hw_unconnected_sends(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(fd >= 0);
    memset(chunk, 'u', 20000);
    for (int i = 0; i < 4; i++) {
        errno = 0;
        ssize_t n = send(fd, chunk, 20000, MSG_NOSIGNAL);
        CHECK(n < 0 && (errno == EPIPE || errno == ENOTCONN));
    }
    CHECK(close(fd) == 0);
    return 0;
}
