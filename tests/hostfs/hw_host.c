/* Write-behind on stream sockets (docs/host-io.md), on one backend
 * (argv[1]: sandbox or sim). The enclave (enc_writebehind.c) accepts a
 * connection from a plain client on a host thread and writes to it; on
 * sandbox blocking writes are queued in the arena and sent by a host
 * writer thread, on sim they are the kernel's own, and the behaviour a
 * program sees must be the same where both apply.
 *
 * order: 3 MiB in chunks of odd sizes (some larger than the ring) through
 *   write, send, writev, sendmsg, sendto without address, a dup'd
 *   descriptor, direct sends (MSG_MORE), all of them interleaved, and
 *   blocking writes alternating with sends on the socket made
 *   non-blocking (fcntl): the peer reads every byte, in order, then EOF
 *   after close.
 * close: the peer starts reading only after the enclave has written and
 *   closed: nothing is lost.
 * shutdown: SHUT_WR after writing: the peer reads every byte, then EOF,
 *   while the enclave still holds the socket.
 * peer reset: the peer resets the connection: a later write fails with
 *   EPIPE or ECONNRESET, and close succeeds.
 * SO_ERROR: the peer resets the connection while bytes are queued (on
 *   sandbox in the ring), and SO_ERROR is read with the writer meeting the
 *   reset first, the host answering first (the writer held by the ring
 *   hook), or either: SO_ERROR reports EPIPE or ECONNRESET once (not
 *   again after the writer's later error), later sends still fail,
 *   shutdown fails with ENOTCONN as on Linux, and close succeeds. SO_ERROR
 *   values and sizes a lying host makes up fail with EIO.
 * linger (sandbox): bytes queued that cannot drain (the peer never reads):
 *   a MSG_DONTWAIT send is EAGAIN, and close still returns.
 * lying host (sandbox): the writer's head moved back or past the tail, or
 *   an errno no system call returns: writes, getsockopt(SO_ERROR) and
 *   close fail with EIO, the enclave does not crash.
 * terminate (sandbox): terminating an enclave with bytes queued that
 *   cannot drain stops the host's writer thread and closes its socket
 *   (after the linger bound); with a peer that reads, the queued bytes
 *   reach it first, as a process's exit leaves its socket buffer to the
 *   kernel.
 * ring requests (sandbox): the host refuses RING_OPEN for memory that is
 *   not a ring-sized arena block the enclave allocated (its own stack,
 *   NULL) or a slot out of range, and RING_CLOSE of a slot with no ring.
 * crash (sandbox): an enclave that aborts right after queueing bytes: the
 *   host's writer still sends them all (they were written, as far as the
 *   enclave knew), and terminating it leaks nothing. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "host/hostio/hostio.h"
#include "hostfs_u.h"

static bool sim;

/* The client: connects, optionally waits for `hold` to clear, reads until
 * EOF and checks the bytes against the pattern. */
typedef struct peer {
    int port;
    int rcvbuf;   /* 0: the default */
    bool reset;   /* reset the connection instead of reading (after `hold`) */
    bool check;   /* compare with the pattern */
    int delay_ms; /* before reading */
    bool hold;    /* atomic: do not read while set */
    uint64_t got; /* bytes read before EOF or an error */
    bool eof;     /* EOF seen (not an error) */
    bool matched; /* every byte was the pattern's */
    pthread_t thread;
} peer;

static uint8_t pattern(uint64_t i)
{
    return (uint8_t)(i * 131u + (i >> 16));
}

static int connect_to(const peer *p)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0)
        return -1;
    if (p->rcvbuf)
        setsockopt(s, SOL_SOCKET, SO_RCVBUF, &p->rcvbuf, sizeof(p->rcvbuf));
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)p->port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(s, (struct sockaddr *)&a, sizeof(a)) != 0) {
        close(s);
        return -1;
    }
    return s;
}

static void read_all(peer *p, int s)
{
    static uint8_t buf[65536];
    p->matched = true;
    for (;;) {
        ssize_t n = recv(s, buf, sizeof(buf), 0);
        if (n <= 0) {
            p->eof = n == 0;
            return;
        }
        for (ssize_t i = 0; p->check && i < n; i++)
            p->matched &= buf[i] == pattern(p->got + (uint64_t)i);
        __atomic_store_n(&p->got, p->got + (uint64_t)n, __ATOMIC_RELEASE);
    }
}

static void *peer_main(void *arg)
{
    peer *p = arg;
    int s = connect_to(p);
    if (s < 0)
        return NULL;
    while (__atomic_load_n(&p->hold, __ATOMIC_ACQUIRE))
        usleep(1000);
    if (p->reset) {
        struct linger hard = {1, 0};
        setsockopt(s, SOL_SOCKET, SO_LINGER, &hard, sizeof(hard));
        close(s);
        return NULL;
    }
    usleep((useconds_t)p->delay_ms * 1000);
    read_all(p, s);
    close(s);
    return NULL;
}

static oe_enclave_t *create(void)
{
    oe_enclave_t *enclave = NULL;
    uint32_t flags = OE_ENCLAVE_FLAG_DEBUG | (sim ? OE_ENCLAVE_FLAG_SIMULATE : 0);
    assert_int_equal(
        oe_create_hostfs_enclave(HF_ENCLAVE, OE_ENCLAVE_TYPE_AUTO, flags, NULL, 0, &enclave),
        OE_OK);
    int rc = -1;
    assert_int_equal(hs_load_sockets(enclave, &rc), OE_OK);
    assert_int_equal(rc, 0);
    return enclave;
}

/* Starts the peer and accepts its connection: the enclave's descriptor. */
static int start(oe_enclave_t *enclave, peer *p, int small_sndbuf)
{
    int rc = 0;
    assert_int_equal(hw_listen(enclave, &rc), OE_OK);
    assert_true(rc < 0); /* -port; else the failing line */
    p->port = -rc;
    assert_int_equal(pthread_create(&p->thread, NULL, peer_main, p), 0);
    assert_int_equal(hw_accept(enclave, &rc, small_sndbuf), OE_OK);
    if (rc >= 0)
        fail_msg("hw_accept failed at line %d", rc);
    return -rc;
}

/* `rc` is read after the call (an argument's value could be read
 * before it). */
static void expect_ok(oe_result_t result, const int *rc, const char *what)
{
    assert_int_equal(result, OE_OK);
    if (*rc != 0)
        fail_msg("%s: %d", what, *rc);
}

static void send_and_check(int how)
{
    const uint64_t total = 3u << 20;
    oe_enclave_t *enclave = create();
    peer p = {.check = true};
    int fd = start(enclave, &p, 0), rc = -1;
    expect_ok(hw_send_pattern(enclave, &rc, fd, total, how), &rc, "hw_send_pattern");
    expect_ok(hw_close(enclave, &rc, fd), &rc, "close");
    pthread_join(p.thread, NULL);
    if (p.got != total || !p.eof || !p.matched)
        fail_msg("path %d: %llu of %llu bytes, eof %d, in order %d", how, (unsigned long long)p.got,
                 (unsigned long long)total, p.eof, p.matched);
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

static void test_order(void **state)
{
    (void)state;
    for (int how = 0; how <= 8; how++)
        send_and_check(how);
}

static void test_close(void **state)
{
    (void)state;
    const uint64_t total = 2u << 20;
    oe_enclave_t *enclave = create();
    peer p = {.check = true, .hold = true};
    int fd = start(enclave, &p, 0), rc = -1;
    /* On sim the writes block until the peer reads: let it, a little later. */
    p.delay_ms = 300;
    __atomic_store_n(&p.hold, false, __ATOMIC_RELEASE);
    expect_ok(hw_send_pattern(enclave, &rc, fd, total, 0), &rc, "hw_send_pattern");
    expect_ok(hw_close(enclave, &rc, fd), &rc, "close");
    pthread_join(p.thread, NULL);
    assert_true(p.eof && p.matched);
    assert_int_equal(p.got, total);
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

static void test_shutdown(void **state)
{
    (void)state;
    const uint64_t total = 1u << 20;
    oe_enclave_t *enclave = create();
    peer p = {.check = true};
    int fd = start(enclave, &p, 0), rc = -1;
    expect_ok(hw_send_pattern(enclave, &rc, fd, total, 0), &rc, "hw_send_pattern");
    expect_ok(hw_shutdown(enclave, &rc, fd), &rc, "shutdown");
    pthread_join(p.thread, NULL); /* EOF with the socket still open */
    assert_true(p.eof && p.matched);
    assert_int_equal(p.got, total);
    expect_ok(hw_close(enclave, &rc, fd), &rc, "close");
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

static void test_peer_reset(void **state)
{
    (void)state;
    oe_enclave_t *enclave = create();
    peer p = {.reset = true};
    int fd = start(enclave, &p, 0), rc = 0;
    pthread_join(p.thread, NULL);
    assert_int_equal(hw_write_until_error(enclave, &rc, fd, 2000), OE_OK);
    if (rc != -EPIPE && rc != -ECONNRESET)
        fail_msg("a write after the peer reset: %d, expected -EPIPE or -ECONNRESET", rc);
    expect_ok(hw_close(enclave, &rc, fd), &rc, "close");
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

/* The writer's view for test_so_error (sandbox): the hook below counts
 * the writer's publications and records the ring's error each time, and
 * holds the writer there (before its next send) while `writer_held` is
 * set. All atomic. */
static int writer_publishes, writer_error;
static bool writer_held;

static void writer_watch(keep_hostio_ring *ring)
{
    __atomic_store_n(&writer_error, __atomic_load_n(&ring->error, __ATOMIC_SEQ_CST),
                     __ATOMIC_RELEASE);
    __atomic_fetch_add(&writer_publishes, 1, __ATOMIC_ACQ_REL);
    while (__atomic_load_n(&writer_held, __ATOMIC_ACQUIRE))
        usleep(1000);
}

/* Waits (at most 10 s) until *word is non-zero: it, or 0. */
static int wait_nonzero(const int *word)
{
    for (int i = 0; i < 10000; i++) {
        int value = __atomic_load_n(word, __ATOMIC_ACQUIRE);
        if (value)
            return value;
        usleep(1000);
    }
    return 0;
}

/* Who answers SO_ERROR after the peer's reset, on sandbox: whichever is
 * first (the writer usually is, sending when the reset comes); the ring,
 * once the writer has published its error; the host, the writer held
 * (after a send that went through, before the next) until SO_ERROR has
 * been read. */
enum { EITHER_FIRST, RING_FIRST, HOST_FIRST };

static bool connection_error(int rc)
{
    return rc == -EPIPE || rc == -ECONNRESET;
}

/* After the error was reported (and shutdown refused, so_error_once), and
 * the writer has met it too: shutdown is ENOTCONN again and SO_ERROR
 * reports nothing (neither reports the writer's later error), a send
 * still fails (on sandbox with the error reported: the first one the
 * enclave knew), and close succeeds. */
static void after_so_error(oe_enclave_t *enclave, int fd, int reported)
{
    int rc = -1;
    assert_int_equal(hw_shutdown(enclave, &rc, fd), OE_OK);
    if (rc != -ENOTCONN)
        fail_msg("shutdown after SO_ERROR: %d, expected -ENOTCONN", rc);
    assert_int_equal(hw_write_until_error(enclave, &rc, fd, -1), OE_OK);
    if (rc != 1)
        fail_msg("a second SO_ERROR look after the writer's error: %d, expected none", rc);
    assert_int_equal(hw_write_until_error(enclave, &rc, fd, 1), OE_OK);
    if (!connection_error(rc) || (!sim && rc != reported))
        fail_msg("a send after SO_ERROR reported %d: %d", reported, rc);
    expect_ok(hw_close(enclave, &rc, fd), &rc, "close");
}

/* The peer resets the connection while bytes are queued, and SO_ERROR is
 * read (so_error_once) in the order `first` says; `*ordered`: the order
 * could be set up. Returns with the writer let go. */
static oe_result_t reset_and_read(oe_enclave_t *enclave, peer *p, int fd, int first, int *reported,
                                  bool *ordered)
{
    /* Sending when the reset comes; held after its first send if asked. */
    *ordered = first != HOST_FIRST || wait_nonzero(&writer_publishes);
    __atomic_store_n(&p->hold, false, __ATOMIC_RELEASE);
    pthread_join(p->thread, NULL);
    if (first == RING_FIRST)
        *ordered = wait_nonzero(&writer_error) != 0;
    oe_result_t result = OE_OK;
    if (*ordered)
        result = hw_write_until_error(enclave, reported, fd, -5000);
    __atomic_store_n(&writer_held, false, __ATOMIC_RELEASE);
    return result;
}

static void so_error_in_order(int first)
{
    oe_enclave_t *enclave = create();
    peer p = {.rcvbuf = 4096, .hold = true, .reset = true};
    int fd = start(enclave, &p, 1), queued = -1, reported = -1;
    __atomic_store_n(&writer_publishes, 0, __ATOMIC_RELEASE);
    __atomic_store_n(&writer_error, 0, __ATOMIC_RELEASE);
    __atomic_store_n(&writer_held, first == HOST_FIRST, __ATOMIC_RELEASE);
    keep_hostio_ring_test_hook = writer_watch;
    oe_result_t results[2] = {OE_OK, OE_OK};
    if (sim) /* the kernel's own send: a little, which fits its buffers */
        results[0] = hw_send_pattern(enclave, &queued, fd, 1000, 0);
    else /* a ring that cannot drain: the writer is sending when the reset comes */
        results[0] = hw_dontwait_queued(enclave, &queued, fd);
    bool ordered = false;
    if (results[0] == OE_OK && queued == 0)
        results[1] = reset_and_read(enclave, &p, fd, first, &reported, &ordered);
    __atomic_store_n(&writer_held, false, __ATOMIC_RELEASE);
    int writer_met = sim ? 0 : wait_nonzero(&writer_error);
    /* Honest and never holding again before any check fails. */
    keep_hostio_ring_test_hook = NULL;
    assert_int_equal(results[0], OE_OK);
    if (queued != 0)
        fail_msg("queueing before the reset: %d", queued);
    if (!ordered)
        fail_msg("order %d: the writer did not publish in time", first);
    assert_int_equal(results[1], OE_OK);
    if (!connection_error(reported))
        fail_msg("order %d: SO_ERROR after the peer reset: %d, expected -EPIPE or -ECONNRESET"
                 " (> 1: enc_writebehind.c's failing line)",
                 first, reported);
    if (first == RING_FIRST && reported != -writer_met)
        fail_msg("SO_ERROR %d, the writer's error %d", reported, writer_met);
    if (!sim && !writer_met)
        fail_msg("order %d: the writer published no error", first);
    after_so_error(enclave, fd, reported);
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

static void test_so_error(void **state)
{
    (void)state;
    so_error_in_order(EITHER_FIRST);
    if (sim)
        return; /* no writer: the kernel is the only one to answer */
    so_error_in_order(RING_FIRST);
    so_error_in_order(HOST_FIRST);
}

/* The lying host's SO_ERROR answers, by kind: an errno out of range
 * (negative, past KEEP_HOSTIO_ERRNO_MAX, huge), or 0 to 3 bytes instead
 * of the whole int asked for. */
#define SO_ERROR_LIES 7
static int so_error_lie_kind;

static void so_error_lie(uint32_t op, keep_hostio_response *response, uint8_t *data,
                         size_t data_max)
{
    static const int values[] = {-1, KEEP_HOSTIO_ERRNO_MAX + 1, INT_MAX};
    if (op != KEEP_HOSTIO_GETSOCKOPT || data_max < sizeof(int))
        return;
    if (so_error_lie_kind < 3) {
        memcpy(data, &values[so_error_lie_kind], sizeof(int));
    } else {
        response->ret = so_error_lie_kind - 3;
        response->data_size = (uint32_t)response->ret;
    }
}

/* SO_ERROR the host makes up fails with EIO, on a socket without a ring
 * and with one; an honest answer afterwards is believed. */
static void test_so_error_lies(void **state)
{
    (void)state;
    if (sim)
        skip(); /* no host in the way */
    oe_enclave_t *enclave = create();
    peer p = {.check = true};
    int fd = start(enclave, &p, 0), sent = -1, got[2 * SO_ERROR_LIES];
    oe_result_t results[2 * SO_ERROR_LIES + 1];
    size_t n = 0;
    keep_hostio_test_hook = so_error_lie;
    for (int ring = 0; ring < 2; ring++) {
        if (ring) /* opens the ring (the peer takes the bytes) */
            results[n++] = hw_send_pattern(enclave, &sent, fd, 100000, 0);
        for (so_error_lie_kind = 0; so_error_lie_kind < SO_ERROR_LIES; so_error_lie_kind++)
            results[n++] = hw_write_until_error(
                enclave, &got[ring * SO_ERROR_LIES + so_error_lie_kind], fd, -1);
    }
    keep_hostio_test_hook = NULL; /* honest again before any check fails */
    for (size_t i = 0; i < n; i++)
        assert_int_equal(results[i], OE_OK);
    assert_int_equal(sent, 0);
    for (int i = 0; i < 2 * SO_ERROR_LIES; i++)
        if (got[i] != -EIO)
            fail_msg("SO_ERROR lie %d (ring %d): %d, expected -EIO", i % SO_ERROR_LIES,
                     i / SO_ERROR_LIES, got[i]);
    int rc = -1;
    assert_int_equal(hw_write_until_error(enclave, &rc, fd, -1), OE_OK);
    assert_int_equal(rc, 1); /* the honest host: no error */
    expect_ok(hw_close(enclave, &rc, fd), &rc, "close");
    pthread_join(p.thread, NULL);
    assert_int_equal(p.got, 100000);
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

static void test_linger(void **state)
{
    (void)state;
    if (sim)
        skip(); /* the kernel's own send would block */
    oe_enclave_t *enclave = create();
    peer p = {.rcvbuf = 4096, .hold = true};
    int fd = start(enclave, &p, 1), rc = -1;
    expect_ok(hw_dontwait_queued(enclave, &rc, fd), &rc, "hw_dontwait_queued");
    expect_ok(hw_close(enclave, &rc, fd), &rc, "close"); /* gives up after the linger bound */
    __atomic_store_n(&p.hold, false, __ATOMIC_RELEASE);
    pthread_join(p.thread, NULL);
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

static void test_stuck_controls(void **state)
{
    (void)state;
    if (sim)
        skip(); /* the kernel's own send would block */
    oe_enclave_t *enclave = create();
    peer p = {.rcvbuf = 4096, .hold = true};
    int fd = start(enclave, &p, 1), rc = -1;
    /* Before, shutdown waited for the ring forever: this never returned. */
    expect_ok(hw_stuck_controls(enclave, &rc, fd), &rc, "hw_stuck_controls");
    __atomic_store_n(&p.hold, false, __ATOMIC_RELEASE);
    pthread_join(p.thread, NULL);
    expect_ok(hw_close(enclave, &rc, fd), &rc, "close");
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

static void test_unconnected(void **state)
{
    (void)state;
    oe_enclave_t *enclave = create();
    int rc = -1;
    expect_ok(hw_unconnected_sends(enclave, &rc), &rc, "hw_unconnected_sends");
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

/* The lying host's ring words, by kind. */
static int ring_lie_kind;

static void ring_lie(keep_hostio_ring *ring)
{
    switch (ring_lie_kind) {
    case 0:
        ring->head = 0xffffff00u;
        break; /* back before the start */
    case 1:
        ring->head = __atomic_load_n(&ring->tail, __ATOMIC_SEQ_CST) + 1;
        break; /* past the tail */
    case 2:
        ring->error = 5000;
        break; /* no such errno */
    case 3:
        ring->error = -1;
        break;
    }
}

static void expect_ring_lie(int kind)
{
    oe_enclave_t *enclave = create();
    peer p = {0};
    int fd = start(enclave, &p, 0), wrote = 0, so_error = 0, closed = 0;
    ring_lie_kind = kind;
    keep_hostio_ring_test_hook = ring_lie;
    /* In this order (an initializer list's calls are unsequenced). */
    oe_result_t results[3];
    results[0] = hw_write_until_error(enclave, &wrote, fd, 2000);
    results[1] = hw_write_until_error(enclave, &so_error, fd, -1); /* SO_ERROR */
    results[2] = hw_close(enclave, &closed, fd);
    /* Honest again before any check fails: the later tests' rings too. */
    keep_hostio_ring_test_hook = NULL;
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(results[i], OE_OK);
    if (wrote != -EIO || so_error != -EIO || closed != -EIO)
        fail_msg("ring lie %d: a write got %d, getsockopt(SO_ERROR) %d, close %d; expected -EIO",
                 kind, wrote, so_error, closed);
    pthread_join(p.thread, NULL);
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

static void test_lying_host(void **state)
{
    (void)state;
    if (sim)
        skip(); /* no host in the way */
    for (int kind = 0; kind <= 3; kind++)
        expect_ring_lie(kind);
}

static int count_entries(const char *path)
{
    DIR *d = opendir(path);
    int count = 0;
    if (!d)
        return -1;
    while (readdir(d))
        count++;
    closedir(d);
    return count;
}

static void test_terminate_delivers(void **state)
{
    (void)state;
    if (sim)
        skip();                    /* the kernel's own send would wait for the peer */
    const uint64_t total = 200000; /* fits the ring: the writes return */
    oe_enclave_t *enclave = create();
    /* Small socket buffers: most of the bytes stay in the ring. */
    peer p = {.check = true, .hold = true, .rcvbuf = 4096};
    int fd = start(enclave, &p, 1), rc = -1;
    expect_ok(hw_send_pattern(enclave, &rc, fd, total, 0), &rc, "hw_send_pattern");
    __atomic_store_n(&p.hold, false, __ATOMIC_RELEASE);
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK); /* no close */
    pthread_join(p.thread, NULL);
    assert_true(p.matched);
    assert_int_equal(p.got, total);
}

static void test_terminate(void **state)
{
    (void)state;
    if (sim)
        skip(); /* the kernel's own send would block */
    int threads = count_entries("/proc/self/task"), fds = count_entries("/proc/self/fd");
    oe_enclave_t *enclave = create();
    peer p = {.rcvbuf = 4096, .hold = true};
    int fd = start(enclave, &p, 1), rc = -1;
    expect_ok(hw_dontwait_queued(enclave, &rc, fd), &rc, "hw_dontwait_queued");
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK); /* the writer is blocked */
    __atomic_store_n(&p.hold, false, __ATOMIC_RELEASE);
    pthread_join(p.thread, NULL);
    assert_int_equal(count_entries("/proc/self/task"), threads);
    assert_int_equal(count_entries("/proc/self/fd"), fds);
}

/* One ring request served as if the enclave had sent it: the answer's
 * value. */
static int64_t ring_request(oe_enclave_t *enclave, uint32_t op, int64_t address, int64_t slot)
{
    keep_hostio_request request = {.op = op, .arg0 = address, .arg1 = slot};
    uint8_t out[sizeof(keep_hostio_response)];
    size_t written = 0;
    assert_int_equal(
        keep_hostio_serve(enclave, &request, sizeof(request), out, sizeof(out), &written), OE_OK);
    keep_hostio_response response;
    assert_int_equal(written, sizeof(response));
    memcpy(&response, out, sizeof(response));
    return response.ret;
}

static void test_ring_requests(void **state)
{
    (void)state;
    if (sim)
        skip(); /* no host I/O requests on sim */
    oe_enclave_t *enclave = create();
    int on_stack = 0;
    assert_int_equal(ring_request(enclave, KEEP_HOSTIO_RING_OPEN, (int64_t)(uintptr_t)&on_stack, 0),
                     -EINVAL);
    assert_int_equal(ring_request(enclave, KEEP_HOSTIO_RING_OPEN, 0, 0), -EINVAL);
    assert_int_equal(ring_request(enclave, KEEP_HOSTIO_RING_OPEN, 0, KEEP_HOSTIO_MAX_FDS), -EINVAL);
    assert_int_equal(ring_request(enclave, KEEP_HOSTIO_RING_CLOSE, 0, 3), -EBADF);
    assert_int_equal(ring_request(enclave, KEEP_HOSTIO_RING_CLOSE, 0, -1), -EINVAL);
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

static void test_crash(void **state)
{
    (void)state;
    if (sim)
        skip(); /* an abort would end the test process */
    const uint64_t total = 200000;
    int threads = count_entries("/proc/self/task"), fds = count_entries("/proc/self/fd");
    oe_enclave_t *enclave = create();
    peer p = {.check = true, .hold = true};
    int fd = start(enclave, &p, 0), rc = 0;
    assert_int_equal(hw_crash_after_queue(enclave, &rc, fd, total), OE_ENCLAVE_ABORTING);
    __atomic_store_n(&p.hold, false, __ATOMIC_RELEASE);
    /* The socket stays open until termination: read what was queued. */
    while (__atomic_load_n(&p.got, __ATOMIC_ACQUIRE) < total)
        usleep(1000);
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
    pthread_join(p.thread, NULL);
    assert_true(p.matched);
    assert_int_equal(p.got, total);
    assert_int_equal(count_entries("/proc/self/task"), threads);
    assert_int_equal(count_entries("/proc/self/fd"), fds);
}

int main(int argc, char **argv)
{
    if (argc != 2 || (strcmp(argv[1], "sandbox") && strcmp(argv[1], "sim"))) {
        fprintf(stderr, "usage: %s sandbox|sim\n", argv[0]);
        return 2;
    }
    sim = strcmp(argv[1], "sim") == 0;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_order),          cmocka_unit_test(test_close),
        cmocka_unit_test(test_shutdown),       cmocka_unit_test(test_peer_reset),
        cmocka_unit_test(test_linger),         cmocka_unit_test(test_lying_host),
        cmocka_unit_test(test_terminate),      cmocka_unit_test(test_terminate_delivers),
        cmocka_unit_test(test_ring_requests),  cmocka_unit_test(test_crash),
        cmocka_unit_test(test_stuck_controls), cmocka_unit_test(test_unconnected),
        cmocka_unit_test(test_so_error),       cmocka_unit_test(test_so_error_lies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
