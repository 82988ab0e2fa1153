/* Platform messages on a socket (src/platform/transport.c): whole
 * messages of every size class arrive intact through records; records
 * that break the framing (short first record, payload size over the
 * limit, a record past the end of the message, the stream ending inside
 * a message, a record larger than KEEP_PLATFORM_MAX_RECORD) are refused
 * rather than read into, and the sender refuses sizes out of bounds. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../src/platform/platform.h"

static uint8_t sent[KEEP_PLATFORM_MAX_MESSAGE], got[KEEP_PLATFORM_MAX_MESSAGE];

typedef struct pair {
    int fd[2];
} pair;

static pair open_pair(void)
{
    pair p;
    assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, p.fd), 0);
    return p;
}

static void close_pair(pair *p)
{
    close(p->fd[0]);
    if (p->fd[1] >= 0)
        close(p->fd[1]);
}

/* A message of `size` bytes whose header says so. */
static void fill(size_t size)
{
    uint32_t payload = (uint32_t)(size - 16);
    for (size_t i = 0; i < size; i++)
        sent[i] = (uint8_t)(i * 131 + 7);
    memcpy(sent + KEEP_PLATFORM_SIZE_OFFSET, &payload, 4);
}

typedef struct job {
    int fd;
    size_t size;
    int rc;
} job;

static void *send_job(void *arg)
{
    job *j = arg;
    j->rc = keep_platform_send(j->fd, sent, j->size);
    return NULL;
}

static void round_trips(void **state)
{
    static const size_t sizes[] = {16, 17, 4096, KEEP_PLATFORM_MAX_RECORD,
                                   KEEP_PLATFORM_MAX_RECORD + 1, 3 * KEEP_PLATFORM_MAX_RECORD - 5,
                                   KEEP_PLATFORM_MAX_MESSAGE};
    (void)state;
    pair p = open_pair();
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        fill(sizes[i]);
        job j = {p.fd[0], sizes[i], -1};
        pthread_t t;
        assert_int_equal(pthread_create(&t, NULL, send_job, &j), 0);
        /* Polling first (the runner's and the child's way) or not. */
        ssize_t n = keep_platform_recv(p.fd[1], got, i % 2 ? 100000 : 0);
        pthread_join(t, NULL);
        assert_int_equal(j.rc, 0);
        assert_int_equal(n, (ssize_t)sizes[i]);
        assert_memory_equal(got, sent, sizes[i]);
    }
    close(p.fd[0]);
    p.fd[0] = -1;
    assert_int_equal(keep_platform_recv(p.fd[1], got, 100000), 0); /* closed between messages */
    close(p.fd[1]);
}

static void send_bounds(void **state)
{
    (void)state;
    pair p = open_pair();
    fill(64);
    assert_int_equal(keep_platform_send(p.fd[0], sent, 15), -1);
    assert_int_equal(keep_platform_send(p.fd[0], sent, KEEP_PLATFORM_MAX_MESSAGE + 1), -1);
    close_pair(&p);
}

/* Sends raw records (sizes in `records`, from `sent`), closes the
 * sending end when `close_after`, and returns what recv makes of them. */
static ssize_t raw(uint32_t payload, const size_t *records, size_t count, int close_after)
{
    pair p = open_pair();
    memcpy(sent + KEEP_PLATFORM_SIZE_OFFSET, &payload, 4);
    size_t off = 0;
    for (size_t i = 0; i < count; i++) {
        assert_int_equal(send(p.fd[0], sent + off, records[i], 0), (ssize_t)records[i]);
        off += records[i];
    }
    if (close_after) {
        close(p.fd[0]);
        p.fd[0] = -1;
    }
    ssize_t n = keep_platform_recv(p.fd[1], got, 0);
    if (p.fd[0] >= 0)
        close(p.fd[0]);
    close(p.fd[1]);
    return n;
}

static void broken_framing(void **state)
{
    (void)state;
    fill(64);
    const size_t short_head[] = {10}, whole[] = {66}, over[] = {16 + 60}, split[] = {16 + 50, 100},
                 first_big[] = {KEEP_PLATFORM_MAX_RECORD + 16};
    const size_t part[] = {KEEP_PLATFORM_MAX_RECORD};
    assert_int_equal(raw(50, whole, 1, 0), 66);                 /* a good one, for contrast */
    assert_int_equal(raw(50, short_head, 1, 1), -1);            /* shorter than a header */
    assert_int_equal(raw(KEEP_PLATFORM_MAX_PAYLOAD + 1, whole, 1, 1), -1); /* over the limit */
    assert_int_equal(raw(UINT32_MAX, whole, 1, 1), -1);
    assert_int_equal(raw(10, over, 1, 1), -1);                  /* first record past the end */
    assert_int_equal(raw(100, split, 2, 1), -1);                /* second record past the end */
    assert_int_equal(raw(50000, part, 1, 1), -1);               /* the stream ends inside */
    assert_int_equal(raw(KEEP_PLATFORM_MAX_RECORD + 100, first_big, 1, 1), -1); /* record > max */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trips),
        cmocka_unit_test(send_bounds),
        cmocka_unit_test(broken_framing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
