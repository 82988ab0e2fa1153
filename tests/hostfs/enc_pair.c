/* The host I/O tests' socketpair calls (hf_host.c: test_socketpair,
 * test_socketpair_lying_host). The same code runs on sandbox (through the
 * host) and sim (the kernel). hp_socketpair returns 0 or the failing line
 * (hs_last_errno says why); the other helpers a result or -errno. Both
 * check a pair end's names: unnamed AF_UNIX (answered by the enclave on
 * sandbox, by the kernel on sim), whole and truncated. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <openenclave/enclave.h>

#include "hostfs_t.h"
#include "hs_enclave.h"

/* `text` written on `from` is read whole on `to`. */
static int pass(int from, int to, const char *text)
{
    char buf[32] = {0};
    size_t n = strlen(text);
    CHECK(write(from, text, n) == (ssize_t)n);
    CHECK(n < sizeof(buf) && recv(to, buf, n, MSG_WAITALL) == (ssize_t)n);
    CHECK(memcmp(buf, text, n) == 0);
    return 0;
}

static unsigned char bulk[100 << 10], back[100 << 10];

/* 100 KiB in 16 KiB writes (write-behind on sandbox), read back in order. */
static int pass_bulk(int from, int to)
{
    for (size_t i = 0; i < sizeof(bulk); i++)
        bulk[i] = (unsigned char)(i * 7 + i / 251);
    for (size_t off = 0; off < sizeof(bulk); off += 16 << 10) {
        size_t n = sizeof(bulk) - off < (16 << 10) ? sizeof(bulk) - off : 16 << 10;
        CHECK(write(from, bulk + off, n) == (ssize_t)n);
    }
    memset(back, 0, sizeof(back));
    size_t got = 0;
    while (got < sizeof(back)) {
        ssize_t n = read(to, back + got, got % 3 ? 5 : sizeof(back) - got);
        CHECK(n > 0);
        got += (size_t)n;
    }
    CHECK(memcmp(bulk, back, sizeof(bulk)) == 0);
    return 0;
}

static int name_of(int fd, bool peer, void *addr, socklen_t *len)
{
    return peer ? getpeername(fd, (struct sockaddr *)addr, len)
                : getsockname(fd, (struct sockaddr *)addr, len);
}

/* An end's name (peer: its peer's), with room for `room` bytes: Linux's
 * unnamed AF_UNIX address, the family alone, copied no further than the
 * room, the length telling its full size. */
static int unnamed_with(int fd, bool peer, socklen_t room)
{
    unsigned char buf[sizeof(struct sockaddr_un)], want[sizeof(buf)];
    sa_family_t family = AF_UNIX;
    memset(buf, 0xa5, sizeof(buf));
    memcpy(want, buf, sizeof(want));
    memcpy(want, &family, room < sizeof(family) ? room : sizeof(family));
    socklen_t len = room;
    CHECK(name_of(fd, peer, buf, &len) == 0);
    CHECK(len == sizeof(sa_family_t) && memcmp(buf, want, sizeof(buf)) == 0);
    return 0;
}

/* Both names of an end, whole and truncated. */
static int unnamed(int fd)
{
    static const socklen_t rooms[] = {sizeof(struct sockaddr_un), sizeof(sa_family_t), 1, 0};
    for (size_t i = 0; i < sizeof(rooms) / sizeof(rooms[0]); i++) {
        int rc;
        if ((rc = unnamed_with(fd, false, rooms[i])) || (rc = unnamed_with(fd, true, rooms[i])))
            return rc;
    }
    return 0;
}

/* After the pairs are gone, a socket that may take one's slot has a name
 * of its own again (the enclave's mark of a pair end went with it). */
static int named_after_pairs(void)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(s >= 0);
    struct sockaddr_in a;
    socklen_t len = sizeof(a);
    memset(&a, 0, sizeof(a));
    CHECK(getsockname(s, (struct sockaddr *)&a, &len) == 0);
    CHECK(len == sizeof(a) && a.sin_family == AF_INET);
    CHECK(close(s) == 0);
    return 0;
}

static int stream_pair(void)
{
    int sv[2] = {-1, -1}, rc;
    CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
    CHECK(sv[0] >= 0 && sv[1] >= 0 && sv[0] != sv[1]);
    int copy = dup(sv[0]);
    CHECK(copy >= 0);
    if ((rc = unnamed(sv[0])) || (rc = unnamed(sv[1])) || (rc = unnamed(copy)))
        return rc;
    CHECK(close(copy) == 0);
    if ((rc = pass(sv[0], sv[1], "ping")) || (rc = pass(sv[1], sv[0], "pong")) ||
        (rc = pass_bulk(sv[0], sv[1])) || (rc = pass_bulk(sv[1], sv[0])))
        return rc;
    CHECK(close(sv[0]) == 0);
    char c;
    CHECK(read(sv[1], &c, 1) == 0); /* EOF */
    CHECK(close(sv[1]) == 0);
    return 0;
}

static int datagram_pair(void)
{
    int sv[2] = {-1, -1}, rc;
    CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0);
    if ((rc = unnamed(sv[0])) || (rc = unnamed(sv[1])))
        return rc;
    CHECK(send(sv[0], "ab", 2, 0) == 2 && send(sv[0], "cde", 3, 0) == 3);
    char buf[16] = {0};
    CHECK(recv(sv[1], buf, sizeof(buf), 0) == 2 && memcmp(buf, "ab", 2) == 0);
    CHECK(recv(sv[1], buf, sizeof(buf), 0) == 3 && memcmp(buf, "cde", 3) == 0);
    CHECK(send(sv[1], "back", 4, 0) == 4);
    CHECK(recv(sv[0], buf, 2, 0) == 2 && memcmp(buf, "ba", 2) == 0); /* rest dropped */
    CHECK(close(sv[0]) == 0 && close(sv[1]) == 0);
    return 0;
}

/* A non-blocking pair: reading an empty one does not wait. */
static int nonblocking_pair(void)
{
    int sv[2] = {-1, -1};
    CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv) == 0);
    char c;
    CHECK(read(sv[0], &c, 1) == -1 && errno == EAGAIN);
    CHECK((fcntl(sv[1], F_GETFL) & O_NONBLOCK) != 0);
    CHECK(close(sv[0]) == 0 && close(sv[1]) == 0);
    return 0;
}

int hp_socketpair(void)
{
    int rc;
    if ((rc = stream_pair()) || (rc = datagram_pair()) || (rc = nonblocking_pair()) ||
        (rc = named_after_pairs()))
        return rc;
    int sv[2];
    CHECK(socketpair(AF_UNIX, SOCK_STREAM | 0x100000, 0, sv) == -1 && errno == EINVAL);
    CHECK(socketpair(AF_UNIX, SOCK_STREAM, 1234, sv) == -1 && errno == EPROTONOSUPPORT);
    return 0;
}

/* socketpair(domain, type, 0): 0 (the pair closed again) or -errno. */
int hp_socketpair_try(int domain, int type)
{
    int sv[2];
    if (socketpair(domain, type, 0, sv) != 0)
        return -errno;
    close(sv[0]);
    close(sv[1]);
    return 0;
}

/* Host descriptors the enclave holds: those F_GETFD (answered by the
 * enclave itself on sandbox) knows. */
static int held(void)
{
    int count = 0;
    for (int fd = 64; fd < 64 + 256; fd++)
        count += fcntl(fd, F_GETFD) >= 0;
    return count;
}

/* With one socket held (handle 0 on a fresh enclave): a socketpair the
 * host lies about fails and leaves the enclave's descriptors as they
 * were. -errno, or 1000 when the descriptors changed, or 0 when the pair
 * was made. */
int hp_socketpair_lie(void)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0)
        return -errno;
    int before = held(), sv[2] = {-1, -1};
    int rc = socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0 ? 0 : -errno;
    int after = held();
    if (rc == 0) {
        close(sv[0]);
        close(sv[1]);
    } else if (after != before || sv[0] != -1 || sv[1] != -1) {
        rc = 1000;
    }
    close(s);
    return rc;
}
