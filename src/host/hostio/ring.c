/* Write-behind on the host (docs/host-io.md): one writer thread per ring
 * sends what the enclave queued in it (src/common/hostio_wire.h,
 * keep_hostio_ring) with as few system calls as the socket allows, so
 * that a blocking send in the enclave costs a copy into the arena instead
 * of a round trip to the host.
 *
 * The ring lies in the arena, which the enclave can write at any time: the
 * writer keeps its own head, reads the enclave's tail once per look and
 * stops with EINVAL when tail - head is more than the ring holds. The
 * bytes themselves are handed to the kernel straight from the arena (as a
 * WRITE's are, serve.c): the host never interprets them.
 *
 * The writer owns a duplicate of the socket, taken at RING_OPEN, so the
 * enclave's descriptors can close without pulling it from under a send;
 * sends never block (MSG_DONTWAIT) and waits for room poll the socket and
 * an eventfd, so RING_CLOSE and the enclave's end stop the writer at once,
 * whatever the peer does. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "../../common/spin.h"
#include "../arena.h"
#include "../host_log.h"
#include "hostio.h"

void (*keep_hostio_ring_test_hook)(keep_hostio_ring *ring);

/* How long an idle writer polls the tail before it sleeps: a sender
 * producing records back to back queues the next within microseconds,
 * and a futex wake per record would cost the enclave a system call and,
 * on a shared core, a task switch. The poll yields (spin.c), so on a
 * shared core the enclave's thread runs meanwhile. Measured with
 * bench_hostio (5 rounds, 3 runs each, alternating, load ~11):
 * tls.send 0.78-0.85x without, 0.93-0.95x with 20 us. */
#define WRITER_SPIN_NS 20000u

typedef struct keep_hostio_writer {
    keep_hostio_ring *ring; /* in the arena */
    uint8_t *data;          /* the ring's KEEP_HOSTIO_RING_SIZE bytes */
    int fd;                 /* the writer's own duplicate of the socket */
    int stop_fd;            /* eventfd: readable once the writer must stop */
    bool stop;              /* atomic */
    bool failed;            /* atomic: stopped on an error, sends no more */
    uint32_t sent;          /* atomic: the writer's head */
    pthread_t thread;
} keep_hostio_writer;

static void futex_wake(uint32_t *word)
{
    syscall(SYS_futex, word, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}

/* Sleeps while *word == seen, at most 50 ms: the enclave can write the
 * word back to `seen` after a bump meant to wake the writer, so every
 * sleep ends and the writer looks at `stop` again (no hang in
 * writer_stop's join whatever the enclave does). */
static void futex_wait_bounded(uint32_t *word, uint32_t seen)
{
    struct timespec ts = {0, 50000000L};
    syscall(SYS_futex, word, FUTEX_WAIT, seen, &ts, NULL, 0);
}

static bool stopping(keep_hostio_writer *w)
{
    return __atomic_load_n(&w->stop, __ATOMIC_ACQUIRE);
}

/* Publishes a new head or error, then wakes the enclave if it sleeps. */
static void publish(keep_hostio_writer *w, uint32_t head, int error)
{
    keep_hostio_ring *ring = w->ring;
    __atomic_store_n(&ring->head, head, __ATOMIC_SEQ_CST);
    if (error)
        __atomic_store_n(&ring->error, error, __ATOMIC_SEQ_CST);
    __atomic_fetch_add(&ring->progress, 1, __ATOMIC_SEQ_CST);
    if (keep_hostio_ring_test_hook)
        keep_hostio_ring_test_hook(ring);
    if (__atomic_load_n(&ring->enclave_waiting, __ATOMIC_SEQ_CST))
        futex_wake(&ring->progress);
}

typedef struct tail_watch {
    keep_hostio_writer *w;
    uint32_t tail;
} tail_watch;

static bool tail_moved(void *ctx)
{
    tail_watch *t = ctx;
    return __atomic_load_n(&t->w->ring->tail, __ATOMIC_ACQUIRE) != t->tail || stopping(t->w);
}

/* Waits (briefly polling, then asleep) until the enclave bumps `wake`
 * (it does when it queues bytes and sees writer_waiting) or the host
 * stops the writer. `wake` was read before the ring was found empty, so
 * a bump since is not missed. */
static void sleep_for_bytes(keep_hostio_writer *w, uint32_t wake, uint32_t tail)
{
    keep_hostio_ring *ring = w->ring;
    tail_watch t = {w, tail};
    if (keep_spin_until(WRITER_SPIN_NS, tail_moved, &t))
        return;
    __atomic_store_n(&ring->writer_waiting, 1, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&ring->tail, __ATOMIC_SEQ_CST) == tail && !stopping(w))
        futex_wait_bounded(&ring->wake, wake);
    __atomic_store_n(&ring->writer_waiting, 0, __ATOMIC_SEQ_CST);
}

/* Waits until the socket has room (or fails) or the writer must stop. */
static void wait_writable(keep_hostio_writer *w)
{
    struct pollfd fds[2] = {{.fd = w->fd, .events = POLLOUT}, {.fd = w->stop_fd, .events = POLLIN}};
    while (poll(fds, 2, -1) < 0 && errno == EINTR)
        ;
}

/* One send of everything queued (two pieces when it wraps). */
static ssize_t send_queued(keep_hostio_writer *w, uint32_t head, uint32_t queued)
{
    size_t at = head % KEEP_HOSTIO_RING_SIZE;
    size_t first = KEEP_HOSTIO_RING_SIZE - at < queued ? KEEP_HOSTIO_RING_SIZE - at : queued;
    struct iovec iov[2] = {{w->data + at, first}, {w->data, queued - first}};
    struct msghdr msg = {.msg_iov = iov, .msg_iovlen = queued > first ? 2 : 1};
    return sendmsg(w->fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
}

/* After an error the writer sends nothing more; it waits to be stopped. */
static void idle_until_stopped(keep_hostio_writer *w)
{
    while (!stopping(w)) {
        uint32_t wake = __atomic_load_n(&w->ring->wake, __ATOMIC_SEQ_CST);
        if (stopping(w))
            break;
        futex_wait_bounded(&w->ring->wake, wake);
    }
}

static void *writer_main(void *arg)
{
    keep_hostio_writer *w = arg;
    uint32_t head = 0; /* the host's own: never read back from the arena */
    int error = 0;
    while (!error && !stopping(w)) {
        uint32_t wake = __atomic_load_n(&w->ring->wake, __ATOMIC_SEQ_CST);
        uint32_t tail = __atomic_load_n(&w->ring->tail, __ATOMIC_SEQ_CST);
        uint32_t queued = tail - head;
        if (queued > KEEP_HOSTIO_RING_SIZE) {
            error = EINVAL; /* the enclave broke the ring's contract */
        } else if (queued == 0) {
            sleep_for_bytes(w, wake, tail);
            continue;
        } else {
            ssize_t n = send_queued(w, head, queued);
            if (n > 0) {
                head += (uint32_t)n;
                __atomic_store_n(&w->sent, head, __ATOMIC_RELEASE);
                publish(w, head, 0);
                continue;
            }
            if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
                wait_writable(w);
                continue;
            }
            error = n < 0 ? errno : EIO;
        }
        __atomic_store_n(&w->failed, true, __ATOMIC_RELEASE);
        publish(w, head, error);
    }
    idle_until_stopped(w);
    return NULL;
}

static void writer_free(keep_hostio_writer *w)
{
    if (!w)
        return;
    if (w->fd >= 0)
        close(w->fd);
    if (w->stop_fd >= 0)
        close(w->stop_fd);
    free(w);
}

/* Stops the writer (wherever it waits) and joins it. */
static void writer_stop(keep_hostio_writer *w)
{
    __atomic_store_n(&w->stop, true, __ATOMIC_SEQ_CST);
    uint64_t one = 1;
    if (write(w->stop_fd, &one, sizeof(one)) != sizeof(one))
        keep_error("host I/O: cannot signal a write-behind writer to stop");
    __atomic_fetch_add(&w->ring->wake, 1, __ATOMIC_SEQ_CST);
    futex_wake(&w->ring->wake);
    pthread_join(w->thread, NULL);
    writer_free(w);
}

/* A connected stream socket of the table, duplicated for the writer, or
 * -errno. Not yet connected: -ENOTCONN, and the enclave keeps sending
 * directly, so that its sends report the socket's own errors. */
static int stream_socket(keep_hostio *hostio, uint32_t handle)
{
    int fd = keep_hostio_table_dup(hostio, handle);
    if (fd < 0)
        return fd;
    int type = 0;
    socklen_t len = sizeof(type);
    struct sockaddr_storage peer;
    socklen_t peer_len = sizeof(peer);
    int rc = 0;
    if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) != 0 || type != SOCK_STREAM)
        rc = -ENOTSOCK;
    else if (getpeername(fd, (struct sockaddr *)&peer, &peer_len) != 0)
        rc = -ENOTCONN;
    if (rc) {
        close(fd);
        return rc;
    }
    return fd;
}

static keep_hostio_writer *writer_new(keep_hostio *hostio, const keep_hostio_request *r,
                                      int64_t *rc)
{
    keep_hostio_ring *ring = (keep_hostio_ring *)(uintptr_t)r->arg0;
    *rc = -EINVAL;
    /* A live block the enclave allocated (oe_host_malloc's kind), large
     * enough: never the host's own slots, scratch or staging buffers. */
    if (keep_arena_block_size(hostio->arena, ring, KEEP_ARENA_ENCLAVE) < KEEP_HOSTIO_RING_BYTES)
        return NULL;
    keep_hostio_writer *w = calloc(1, sizeof(*w));
    if (!w) {
        *rc = -ENOMEM;
        return NULL;
    }
    *w = (keep_hostio_writer){.ring = ring, .data = (uint8_t *)(ring + 1), .fd = -1};
    w->stop_fd = eventfd(0, EFD_CLOEXEC);
    *rc = w->stop_fd < 0 ? -(int64_t)errno : stream_socket(hostio, r->handle);
    if (*rc < 0) {
        writer_free(w);
        return NULL;
    }
    w->fd = (int)*rc;
    *rc = 0;
    return w;
}

static int64_t ring_open(keep_hostio *hostio, const keep_hostio_request *r)
{
    if (r->arg1 < 0 || r->arg1 >= (int64_t)KEEP_HOSTIO_MAX_FDS)
        return -EINVAL;
    int64_t rc;
    keep_hostio_writer *w = writer_new(hostio, r, &rc);
    if (!w)
        return rc;
    pthread_mutex_lock(&hostio->lock);
    rc = hostio->writers[r->arg1] ? -EBUSY : 0;
    if (rc == 0 && (rc = -pthread_create(&w->thread, NULL, writer_main, w)) == 0) {
        hostio->writers[r->arg1] = w;
        pthread_setname_np(w->thread, "keep-writer"); /* for ps, top and perf */
    }
    pthread_mutex_unlock(&hostio->lock);
    if (rc != 0)
        writer_free(w);
    return rc;
}

static int64_t ring_close(keep_hostio *hostio, const keep_hostio_request *r)
{
    if (r->arg1 < 0 || r->arg1 >= (int64_t)KEEP_HOSTIO_MAX_FDS)
        return -EINVAL;
    pthread_mutex_lock(&hostio->lock);
    keep_hostio_writer *w = hostio->writers[r->arg1];
    hostio->writers[r->arg1] = NULL;
    pthread_mutex_unlock(&hostio->lock);
    if (!w)
        return -EBADF;
    writer_stop(w);
    return 0;
}

int64_t keep_hostio_ring_request(keep_hostio *hostio, const keep_hostio_parsed *parsed)
{
    const keep_hostio_request *r = &parsed->request;
    if (r->data_size || r->path_size || r->path2_size)
        return -EINVAL;
    return r->op == KEEP_HOSTIO_RING_OPEN ? ring_open(hostio, r) : ring_close(hostio, r);
}

/* Whether the writer still has queued bytes it may send. */
static bool writer_pending(keep_hostio_writer *w)
{
    uint32_t sent = __atomic_load_n(&w->sent, __ATOMIC_ACQUIRE);
    uint32_t tail = __atomic_load_n(&w->ring->tail, __ATOMIC_ACQUIRE);
    return tail != sent && tail - sent <= KEEP_HOSTIO_RING_SIZE &&
           !__atomic_load_n(&w->failed, __ATOMIC_ACQUIRE);
}

/* At the enclave's end, as a process's exit leaves its socket buffers to
 * the kernel: lets the writers send what is queued while peers take
 * bytes, giving up once no writer has moved for KEEP_HOSTIO_RING_LINGER_MS
 * (one bound for all of them, not one each). The enclave process is gone
 * by then (keep_sandbox_stop), so tails no longer move and the wait is
 * bounded by the rings' bytes. */
static void writers_drain(keep_hostio_writer **writers, size_t count)
{
    uint64_t last = 0;
    for (unsigned idle_ms = 0; idle_ms < KEEP_HOSTIO_RING_LINGER_MS;) {
        bool pending = false;
        uint64_t moved = 0; /* the sum of every writer's count: any progress changes it */
        for (size_t i = 0; i < count; i++) {
            pending |= writer_pending(writers[i]);
            moved += __atomic_load_n(&writers[i]->sent, __ATOMIC_ACQUIRE);
        }
        if (!pending)
            return;
        idle_ms = idle_ms && moved == last ? idle_ms + 1 : 1;
        last = moved;
        usleep(1000);
    }
}

void keep_hostio_rings_stop(keep_hostio *hostio)
{
    keep_hostio_writer *writers[KEEP_HOSTIO_MAX_FDS];
    size_t count = 0;
    pthread_mutex_lock(&hostio->lock);
    for (size_t i = 0; i < KEEP_HOSTIO_MAX_FDS; i++) {
        if (hostio->writers[i])
            writers[count++] = hostio->writers[i];
        hostio->writers[i] = NULL;
    }
    pthread_mutex_unlock(&hostio->lock);
    writers_drain(writers, count);
    for (size_t i = 0; i < count; i++)
        writer_stop(writers[i]);
}
