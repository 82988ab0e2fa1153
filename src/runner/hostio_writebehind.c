/* Write-behind for the enclave's stream sockets (docs/host-io.md): a
 * blocking write or send copies the bytes into a ring in arena memory
 * (src/common/hostio_wire.h, keep_hostio_ring) and returns the full count
 * as soon as they fit, as a kernel socket's send buffer does; a writer
 * thread on the host (src/host/hostio/ring.c) sends what is queued, many
 * records per system call. No round trip per write: the enclave publishes
 * its tail and wakes the writer only when it sleeps; it sleeps itself only
 * when the ring is full, or to flush.
 *
 * Rings belong to open descriptions (hostio.c), as the read-ahead does, so
 * a dup's writes join the same queue in order. A ring is opened on the
 * first eligible write: a stream socket without O_NONBLOCK, flags at most
 * MSG_NOSIGNAL, no address. Everything else goes to the host as before,
 * after a flush (the queue drained) so that no byte overtakes another;
 * close, shutdown, fcntl, ioctl and setsockopt flush too (getsockopt
 * does not: it never waits for a peer in Linux). A
 * MSG_DONTWAIT send with bytes still queued fails with EAGAIN instead of
 * waiting.
 *
 * The host reports back through two words it writes: `head` (bytes sent)
 * and `error` (why the writer stopped). Each look reads them once and
 * checks them (keep_hostio_ring_plausible): a head that moves back or past
 * the tail, or an errno no system call returns, marks the description
 * broken and its later writes, sends, flushes and close fail with EIO. A
 * writer's error (EPIPE, ECONNRESET, ...) drops what is still queued and
 * is reported once, by the next write, send, shutdown, close or
 * getsockopt(SO_ERROR), as a kernel socket reports sk_err; every later
 * send fails with it too, whoever took the report. An SO_ERROR the host
 * answers for a socket with a ring (the writer has not met the error yet)
 * is the same failure seen first: it ends queuing just as a writer's error
 * does, and the writer's later error is not reported again.
 *
 * The description's state also says whether it is an end of a socketpair
 * (its names are answered in the enclave, hostio_sockets.c): the state
 * lives exactly as long as the description, since a slot that takes a
 * fresh one is cleared (keep_hostio_fd_claim, _reset).
 *
 * The ring's memory is kept for the description's slot once allocated
 * (never handed back, like the thread's request block): the host may touch
 * it until RING_CLOSE is answered, and a thread that slept on it may still
 * read its words after another thread closed the socket. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "hostio_ops.h"
#include "runner.h"

/* A socket's writes go to the host directly until one brings the bytes
 * it was asked to send to this many; that one opens its ring (and the
 * host's writer thread). Short connections (a TLS handshake's flight and
 * tickets, a request and a short answer) then never pay for opening and
 * closing a ring, while a bulk sender queues from its second record on. */
#define RING_AFTER_BYTES (32u << 10)

/* A sleep on the ring lasts at most this long before the state is looked
 * at again (a close on another thread, the linger deadline). */
#define WAIT_NS 50000000L

typedef struct writebehind {
    pthread_mutex_t lock;
    const void *owner;      /* the thread holding the lock in a request; atomic */
    bool stream;            /* a stream socket of the enclave; atomic */
    bool nonblock;          /* O_NONBLOCK on the description; atomic */
    bool attached;          /* a host writer runs on `ring`; atomic */
    bool broken;            /* the host lied about the ring: EIO; atomic */
    bool pair;              /* an end of a socketpair; atomic */
    bool direct;            /* sends go to the host, no ring (locked) */
    int error;              /* the writer's error, not reported yet (locked) */
    int failed;             /* the socket's failure (the writer's error, or an
                               SO_ERROR the host answered), for every later
                               send (locked) */
    uint32_t gen;           /* bumped when a ring is detached (locked) */
    keep_hostio_ring *ring; /* arena memory, kept once allocated */
    uint32_t tail, head;    /* the enclave's own counters (locked) */
    size_t sent_direct;     /* bytes asked to send before the ring (locked) */
} writebehind;

static writebehind states[KEEP_HOSTIO_MAX_FDS];
static pthread_once_t states_once = PTHREAD_ONCE_INIT;
static __thread char this_thread; /* its address names the thread */

static void init_states(void)
{
    for (size_t i = 0; i < KEEP_HOSTIO_MAX_FDS; i++)
        pthread_mutex_init(&states[i].lock, NULL);
}

static writebehind *slot_state(long slot)
{
    if (slot < 0 || slot >= (long)KEEP_HOSTIO_MAX_FDS)
        return NULL;
    pthread_once(&states_once, init_states);
    return &states[slot];
}

static writebehind *state_of(long handle)
{
    return slot_state(keep_hostio_fd_description(handle));
}

static bool flag(const bool *b)
{
    return __atomic_load_n(b, __ATOMIC_ACQUIRE);
}

static void set_flag(bool *b, bool value)
{
    __atomic_store_n(b, value, __ATOMIC_RELEASE);
}

static void futex_wake(uint32_t *word)
{
    syscall(SYS_futex, word, FUTEX_WAKE, 1 << 30, NULL, NULL, 0);
}

static void lock(writebehind *wb)
{
    pthread_mutex_lock(&wb->lock);
    __atomic_store_n(&wb->owner, &this_thread, __ATOMIC_RELEASE);
}

static void unlock(writebehind *wb)
{
    __atomic_store_n(&wb->owner, NULL, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&wb->lock);
}

/* An ECALL nested in this thread's own request while it holds the lock
 * (opening a ring): it must not wait for itself. */
static bool held_here(const writebehind *wb)
{
    return __atomic_load_n(&wb->owner, __ATOMIC_ACQUIRE) == &this_thread;
}

/* Forgets the description that was in the slot. Locked. */
static void clear(writebehind *wb)
{
    set_flag(&wb->stream, false);
    set_flag(&wb->nonblock, false);
    set_flag(&wb->broken, false);
    set_flag(&wb->pair, false);
    wb->direct = false;
    wb->error = wb->failed = 0;
    wb->sent_direct = 0;
}

void keep_hostio_writebehind_open(long handle, bool stream, bool nonblock, bool pair)
{
    writebehind *wb = state_of(handle);
    if (!wb)
        return;
    lock(wb);
    clear(wb);
    set_flag(&wb->stream, stream);
    set_flag(&wb->nonblock, nonblock);
    set_flag(&wb->pair, pair);
    unlock(wb);
}

bool keep_hostio_writebehind_pair(long handle)
{
    writebehind *wb = state_of(handle);
    return wb && flag(&wb->pair);
}

void keep_hostio_writebehind_nonblock(long handle, bool on)
{
    writebehind *wb = state_of(handle);
    if (wb)
        set_flag(&wb->nonblock, on);
}

/* Reads the host's words once and checks them. False (and broken from
 * now on) when they break the contract. Locked. */
static bool refresh(writebehind *wb)
{
    uint32_t host_head = __atomic_load_n(&wb->ring->head, __ATOMIC_SEQ_CST);
    int32_t host_error = __atomic_load_n(&wb->ring->error, __ATOMIC_SEQ_CST);
    if (!keep_hostio_ring_plausible(wb->head, wb->tail, host_head, host_error)) {
        set_flag(&wb->broken, true);
        return false;
    }
    wb->head = host_head;
    if (host_error && !wb->direct) {
        /* Reported by the next call; every later send fails with it too:
         * queued bytes were dropped, so nothing may follow them. */
        wb->error = wb->failed = host_error;
        wb->direct = true;
    }
    return true;
}

/* Sleeps until the host's `progress` moves from `seen` (or WAIT_NS pass),
 * with the lock released meanwhile. Locked on entry and return. */
static void wait_progress(writebehind *wb, uint32_t seen)
{
    keep_hostio_ring *ring = wb->ring;
    __atomic_fetch_add(&ring->enclave_waiting, 1, __ATOMIC_SEQ_CST);
    unlock(wb);
    struct timespec ts = {0, WAIT_NS};
    syscall(SYS_futex, &ring->progress, FUTEX_WAIT, seen, &ts, NULL, 0);
    lock(wb);
    __atomic_fetch_sub(&ring->enclave_waiting, 1, __ATOMIC_SEQ_CST);
}

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Waits until everything queued is sent, the writer stopped, the host
 * lied (-EIO) or the ring went away. !wait: -EAGAIN rather than waiting.
 * linger_ms (> 0): gives up (-ETIMEDOUT) once no byte has moved for that
 * long. Locked. */
static long drain(writebehind *wb, bool wait, uint64_t linger_ms)
{
    uint32_t gen = wb->gen;
    uint64_t moved = linger_ms ? now_ms() : 0;
    while (flag(&wb->attached) && wb->gen == gen) {
        uint32_t seen = __atomic_load_n(&wb->ring->progress, __ATOMIC_SEQ_CST);
        uint32_t before = wb->head;
        if (!refresh(wb))
            return -EIO;
        if (wb->direct || wb->head == wb->tail)
            return 0;
        if (!wait)
            return -EAGAIN;
        if (linger_ms && wb->head != before)
            moved = now_ms();
        else if (linger_ms && now_ms() - moved >= linger_ms)
            return -ETIMEDOUT;
        wait_progress(wb, seen);
    }
    return flag(&wb->broken) ? -EIO : 0;
}

/* The outcome a write, send, shutdown or close reports: EIO for a lying
 * host, else the writer's error once. Locked. */
static long take_report(writebehind *wb)
{
    if (flag(&wb->broken))
        return -EIO;
    long rc = -(long)wb->error;
    wb->error = 0;
    return rc;
}

/* The pending report, else the writer's lasting error. Locked. */
static long report_of(writebehind *wb)
{
    long rc = take_report(wb);
    return rc == 0 && wb->failed ? -wb->failed : rc;
}

/* Opens a ring for the description: false when the host will not (the
 * description then sends directly from now on). Locked. */
static bool attach(writebehind *wb, long handle, long slot)
{
    const keep_host_ops *ops = &keep_the_runner.ops;
    /* Larger than the thread's scratch memory, which host_malloc would
     * otherwise hand out (the host refuses a ring that is not a block of
     * the enclave's own). */
    size_t floor = (size_t)keep_the_runner.setup.scratch_size + 64;
    size_t bytes = KEEP_HOSTIO_RING_BYTES > floor ? KEEP_HOSTIO_RING_BYTES : floor;
    if (!wb->ring)
        wb->ring = ops->host_malloc(ops->ctx, bytes);
    wb->direct = true;
    /* Its words are futexes and atomics: aligned, or no ring at all. */
    if (!wb->ring || (uintptr_t)wb->ring % 64 != 0)
        return false;
    memset(wb->ring, 0, sizeof(*wb->ring));
    wb->tail = wb->head = 0;
    keep_hostio_call call = {.request = {.op = KEEP_HOSTIO_RING_OPEN,
                                         .handle = (uint32_t)handle,
                                         .arg0 = (int64_t)(uintptr_t)wb->ring,
                                         .arg1 = slot}};
    if (keep_hostio_transact(&call) != 0 || call.answer_size)
        return false;
    wb->direct = false;
    set_flag(&wb->attached, true);
    return true;
}

/* Copies what fits of buf[0..size) into the ring, publishes the tail and
 * wakes the writer if it sleeps. The count copied. Locked. */
static size_t put(writebehind *wb, const uint8_t *buf, size_t size)
{
    size_t room = KEEP_HOSTIO_RING_SIZE - (wb->tail - wb->head);
    size_t n = size < room ? size : room;
    if (n == 0)
        return 0;
    uint8_t *data = (uint8_t *)(wb->ring + 1);
    size_t at = wb->tail % KEEP_HOSTIO_RING_SIZE;
    size_t first = n < KEEP_HOSTIO_RING_SIZE - at ? n : KEEP_HOSTIO_RING_SIZE - at;
    memcpy(data + at, buf, first);
    memcpy(data, buf + first, n - first);
    wb->tail += (uint32_t)n;
    __atomic_store_n(&wb->ring->tail, wb->tail, __ATOMIC_SEQ_CST);
    /* The writer sets writer_waiting before its last look at the tail,
     * so either it sees this tail or this sees it waiting. */
    if (__atomic_load_n(&wb->ring->writer_waiting, __ATOMIC_SEQ_CST)) {
        __atomic_fetch_add(&wb->ring->wake, 1, __ATOMIC_SEQ_CST);
        futex_wake(&wb->ring->wake);
    }
    return n;
}

/* Queues all of buf[0..size), waiting for room as a blocking send waits
 * for the socket buffer. The count queued, or (nothing queued) the
 * report. Locked. */
static long queue(writebehind *wb, const uint8_t *buf, size_t size)
{
    uint32_t gen = wb->gen;
    size_t done = 0;
    for (;;) {
        done += put(wb, buf + done, size - done);
        if (done == size)
            return (long)done;
        uint32_t seen = __atomic_load_n(&wb->ring->progress, __ATOMIC_SEQ_CST);
        if (!refresh(wb) || wb->direct)
            break;
        if (wb->tail - wb->head == KEEP_HOSTIO_RING_SIZE) {
            wait_progress(wb, seen);
            if (wb->gen != gen || !flag(&wb->attached))
                break; /* closed on another thread meanwhile */
        }
    }
    if (done)
        return (long)done;
    long rc = take_report(wb);
    return rc ? rc : -EPIPE;
}

/* Locked: false when the send goes to the host instead. */
static bool locked_write(writebehind *wb, long handle, const void *buf, size_t size, long *result)
{
    if (flag(&wb->broken)) {
        *result = -EIO;
        return true;
    }
    if (!flag(&wb->stream) || flag(&wb->nonblock))
        return false; /* closed, or made non-blocking, meanwhile */
    if (!flag(&wb->attached) && !wb->direct && size < RING_AFTER_BYTES - wb->sent_direct) {
        wb->sent_direct += size; /* stays below RING_AFTER_BYTES */
        return false;
    }
    if (!flag(&wb->attached) &&
        (wb->direct || !attach(wb, handle, keep_hostio_fd_description(handle))))
        return false;
    if (!refresh(wb)) {
        *result = -EIO;
        return true;
    }
    if (wb->direct) {
        long rc = report_of(wb);
        *result = rc;
        return rc != 0; /* after a shutdown: the host answers for the socket */
    }
    *result = queue(wb, buf, size);
    return true;
}

bool keep_hostio_writebehind_write(long handle, const void *buf, size_t size, long flags,
                                   long *result)
{
    writebehind *wb = state_of(handle);
    if (!wb || size == 0 || (flags & ~(long)MSG_NOSIGNAL) || !flag(&wb->stream) ||
        flag(&wb->nonblock) || held_here(wb))
        return false;
    lock(wb);
    bool queued = locked_write(wb, handle, buf, size, result);
    unlock(wb);
    return queued;
}

/* The description's state when it has a ring (or had one the host lied
 * about) and this thread may wait for it; else NULL: nothing to flush. */
static writebehind *queue_of(long handle)
{
    writebehind *wb = state_of(handle);
    if (!wb || (!flag(&wb->attached) && !flag(&wb->broken)) || held_here(wb))
        return NULL;
    return wb;
}

long keep_hostio_writebehind_flush(long handle, bool report, bool wait)
{
    writebehind *wb = queue_of(handle);
    if (!wb)
        return 0;
    lock(wb);
    /* A non-blocking socket's send never waits, queued bytes or not. */
    long rc = drain(wb, wait && !flag(&wb->nonblock), 0);
    if (rc == 0 && report)
        rc = report_of(wb);
    unlock(wb);
    return rc;
}

/* The ring's part of getsockopt(SO_ERROR): -EIO once the host has lied,
 * else 0 with *error the writer's error not reported yet, taken as Linux's
 * sock_error() takes sk_err. Only the pending report is taken: `failed`
 * stays, and every later send still fails with it (report_of), since the
 * bytes queued behind the error were dropped and no later byte may reach
 * the peer after that hole (Linux's socket likewise stays shut for
 * sending once it has failed, there with EPIPE). One look at the host's
 * words, never a wait: getsockopt does not flush. Locked. */
static long ring_so_error(writebehind *wb, int *error)
{
    if (flag(&wb->attached) && !flag(&wb->broken))
        (void)refresh(wb); /* a lie marks it broken: answered below */
    if (flag(&wb->broken))
        return -EIO;
    *error = (int)-take_report(wb);
    return 0;
}

/* The host answered SO_ERROR with `error` (non-zero) for a description
 * with a ring: its getsockopt took the kernel's pending error, so the
 * writer's next send meets only the consequence (EPIPE), and the socket
 * sends no more. As when the writer fails: nothing more is queued, the
 * error fails every later send and counts as reported, so refresh ignores
 * what the writer publishes later (direct), and a pending writer's error
 * (one that raced in since ring_so_error) is covered by this report too.
 * What is queued is dropped: the writer's next send fails on the dead
 * socket, and close stops it without waiting (drain ends at `direct`).
 * The lasting error is the first one known: a writer's error seen before
 * stays, else this one, so later sends fail alike whenever the writer
 * runs. The enclave cannot tell a fatal error from one Linux would let
 * the connection survive (IP_RECVERR): it takes it as fatal, so no byte
 * ever follows a possible hole. After a shutdown (direct, no failure)
 * sends keep going to the host. Locked. */
static void host_error_taken(writebehind *wb, int error)
{
    wb->error = 0;
    if (!wb->direct) {
        wb->failed = error;
        wb->direct = true;
    }
}

/* getsockopt(SO_ERROR): the ring's look, then the host's answer, and
 * recording it, all under the lock, so that no send queues behind an
 * error the app has been told of, and no SO_ERROR on another thread
 * reports the writer's later consequence of it. */
long keep_hostio_writebehind_so_error(long handle, keep_hostio_so_error_ask *ask, int *error)
{
    *error = 0;
    writebehind *wb = queue_of(handle);
    if (!wb)
        return ask(handle, error); /* no ring: the host answers for the socket */
    lock(wb);
    long rc = ring_so_error(wb, error);
    if (rc == 0 && *error == 0) {
        rc = ask(handle, error);
        /* Attached still: a close on another thread may have ended the
         * ring (and cleared the state) before this took the lock. */
        if (rc == 0 && *error != 0 && flag(&wb->attached))
            host_error_taken(wb, *error);
    }
    unlock(wb);
    return rc;
}

long keep_hostio_writebehind_settle(long handle, bool report)
{
    writebehind *wb = queue_of(handle);
    if (!wb)
        return 0;
    lock(wb);
    long rc = drain(wb, true, KEEP_HOSTIO_RING_LINGER_MS);
    if (rc == -ETIMEDOUT)
        rc = 0; /* the peer stopped reading: go on, the bytes stay queued */
    if (rc == 0 && report)
        rc = take_report(wb);
    unlock(wb);
    return rc;
}

void keep_hostio_writebehind_stop(long handle)
{
    writebehind *wb = state_of(handle);
    if (!wb || held_here(wb))
        return;
    lock(wb);
    wb->direct = true;
    unlock(wb);
}

/* Stops the host's writer. Locked. */
static void detach(writebehind *wb, long slot)
{
    keep_hostio_call call = {.request = {.op = KEEP_HOSTIO_RING_CLOSE, .arg1 = slot}};
    (void)keep_hostio_transact(&call); /* the ring is not used again either way */
    set_flag(&wb->attached, false);
    wb->gen++;
    futex_wake(&wb->ring->progress); /* sleepers look again and leave */
}

long keep_hostio_writebehind_close(long slot)
{
    writebehind *wb = slot_state(slot);
    if (!wb || held_here(wb))
        return 0;
    lock(wb);
    long rc = 0;
    if (flag(&wb->attached)) {
        rc = drain(wb, true, KEEP_HOSTIO_RING_LINGER_MS);
        rc = rc == -ETIMEDOUT ? 0 : rc; /* the peer stopped reading: dropped */
        detach(wb, slot);
    }
    if (rc == 0)
        rc = take_report(wb);
    clear(wb);
    unlock(wb);
    return rc;
}

void keep_hostio_writebehind_reset(long slot)
{
    writebehind *wb = slot_state(slot);
    if (!wb || held_here(wb))
        return;
    lock(wb);
    if (flag(&wb->attached))
        detach(wb, slot); /* an earlier description's: its bytes are not this one's */
    clear(wb);
    unlock(wb);
}
