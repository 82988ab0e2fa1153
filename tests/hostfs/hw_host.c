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
 *   sandbox in the ring, so the host's writer meets the error): SO_ERROR
 *   reports EPIPE or ECONNRESET once, later sends still fail, and close
 *   (the error already reported) succeeds.
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

static void test_so_error(void **state)
{
    (void)state;
    oe_enclave_t *enclave = create();
    peer p = {.rcvbuf = 4096, .hold = true, .reset = true};
    int fd = start(enclave, &p, 1), rc = -1;
    if (sim) /* the kernel's own send: a little, which fits its buffers */
        expect_ok(hw_send_pattern(enclave, &rc, fd, 1000, 0), &rc, "hw_send_pattern");
    else /* a ring that cannot drain: the writer is sending when the reset comes */
        expect_ok(hw_dontwait_queued(enclave, &rc, fd), &rc, "hw_dontwait_queued");
    __atomic_store_n(&p.hold, false, __ATOMIC_RELEASE);
    pthread_join(p.thread, NULL);
    /* Time for the writer to meet the reset first, so SO_ERROR has to
     * come from the ring: the host's socket error is then taken already. */
    usleep(200000);
    assert_int_equal(hw_write_until_error(enclave, &rc, fd, -5000), OE_OK);
    if (rc != -EPIPE && rc != -ECONNRESET)
        fail_msg("SO_ERROR after the peer reset: %d, expected -EPIPE or -ECONNRESET", rc);
    expect_ok(hw_close(enclave, &rc, fd), &rc, "close");
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
        cmocka_unit_test(test_order),         cmocka_unit_test(test_close),
        cmocka_unit_test(test_shutdown),      cmocka_unit_test(test_peer_reset),
        cmocka_unit_test(test_linger),        cmocka_unit_test(test_lying_host),
        cmocka_unit_test(test_terminate),     cmocka_unit_test(test_terminate_delivers),
        cmocka_unit_test(test_ring_requests), cmocka_unit_test(test_crash),
        cmocka_unit_test(test_stuck_controls), cmocka_unit_test(test_unconnected),
        cmocka_unit_test(test_so_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
