/* Read-ahead for the enclave's stream sockets (docs/host-io.md). A read
 * or recv of fewer bytes than KEEP_HOSTIO_READAHEAD, with nothing kept,
 * asks the host for up to KEEP_HOSTIO_READAHEAD bytes (what the socket has,
 * at least one byte, as recv always answers) and keeps what the caller did
 * not take, in enclave memory, for the next reads: a TLS stack that reads
 * a record's 5-byte header and then its body makes one round trip to the
 * host for several records instead of two for each. What is kept was
 * checked as any answer is (count equal to the payload, at most the
 * request).
 *
 * Kept bytes are the socket's (its open description's, shared by the
 * descriptors dup made of it): reads take them first, in order; poll and
 * epoll_wait report the socket readable while any are kept; closing its
 * last descriptor drops them. Only plain reads fill the buffer: MSG_PEEK and MSG_WAITALL go to
 * the host once nothing is kept (before that, they are served from what is
 * kept first); other flags (MSG_OOB, MSG_TRUNC) always go to the host. One
 * reader at a time fills the buffer; a read on another thread waits for
 * it, as it would in the kernel's socket lock, except with MSG_DONTWAIT
 * (then it goes to the host, the buffer being empty while it is filled). */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "hostio_ops.h"

typedef struct readahead {
    pthread_mutex_t lock;
    const void *owner; /* the thread holding the lock; atomic */
    bool stream;       /* a stream socket of the enclave; atomic */
    bool reset;        /* opened or closed since: drop what is kept; atomic */
    uint8_t *bytes;    /* KEEP_HOSTIO_READAHEAD bytes once used */
    size_t start, end; /* kept: bytes[start..end) */
    size_t kept;       /* end - start, for poll; atomic */
} readahead;

static readahead buffers[KEEP_HOSTIO_MAX_FDS];
static pthread_once_t buffers_once = PTHREAD_ONCE_INIT;
static __thread char this_thread; /* its address names the thread */

static void init_buffers(void)
{
    for (size_t i = 0; i < KEEP_HOSTIO_MAX_FDS; i++)
        pthread_mutex_init(&buffers[i].lock, NULL);
}

/* Buffers belong to open descriptions (hostio.c), so the descriptors a
 * dup made of a socket read one stream. */
static readahead *slot_buffer(long slot)
{
    if (slot < 0 || slot >= (long)KEEP_HOSTIO_MAX_FDS)
        return NULL;
    pthread_once(&buffers_once, init_buffers);
    return &buffers[slot];
}

static readahead *buffer_of(long handle)
{
    return slot_buffer(keep_hostio_fd_description(handle));
}

/* Drops what is kept after an open or close of the handle (freeing the
 * memory of a closed one). Locked. */
static void drop_if_reset(readahead *rb)
{
    if (!__atomic_exchange_n(&rb->reset, false, __ATOMIC_ACQ_REL))
        return;
    rb->start = rb->end = 0;
    __atomic_store_n(&rb->kept, 0, __ATOMIC_RELEASE);
    if (!__atomic_load_n(&rb->stream, __ATOMIC_ACQUIRE)) {
        free(rb->bytes);
        rb->bytes = NULL;
    }
}

/* Never waits for the lock: a reader may be blocked in the host on the
 * old socket (a close does not wake it, as in Linux); it drops what it
 * kept when it is done. */
static void reset_buffer(readahead *rb, bool stream)
{
    if (!rb)
        return;
    __atomic_store_n(&rb->stream, stream, __ATOMIC_RELEASE);
    __atomic_store_n(&rb->kept, 0, __ATOMIC_RELEASE);
    __atomic_store_n(&rb->reset, true, __ATOMIC_RELEASE);
    if (pthread_mutex_trylock(&rb->lock) == 0) {
        drop_if_reset(rb);
        pthread_mutex_unlock(&rb->lock);
    }
}

void keep_hostio_readahead_open(long handle, bool stream)
{
    reset_buffer(buffer_of(handle), stream);
}

void keep_hostio_readahead_drop(long slot)
{
    reset_buffer(slot_buffer(slot), false);
}

bool keep_hostio_readahead_pending(long handle)
{
    readahead *rb = buffer_of(handle);
    return rb && __atomic_load_n(&rb->kept, __ATOMIC_ACQUIRE) != 0;
}

size_t keep_hostio_readahead_kept(long handle)
{
    readahead *rb = buffer_of(handle);
    return rb ? __atomic_load_n(&rb->kept, __ATOMIC_ACQUIRE) : 0;
}

/* Takes up to `size` kept bytes (leaves them with MSG_PEEK). Locked. */
static size_t take(readahead *rb, void *buf, size_t size, long flags)
{
    size_t n = rb->end - rb->start < size ? rb->end - rb->start : size;
    memcpy(buf, rb->bytes + rb->start, n);
    if (!(flags & MSG_PEEK))
        rb->start += n;
    if (rb->start == rb->end)
        rb->start = rb->end = 0;
    /* Closed meanwhile: poll must not see the old socket's bytes. */
    bool reset = __atomic_load_n(&rb->reset, __ATOMIC_ACQUIRE);
    __atomic_store_n(&rb->kept, reset ? 0 : rb->end - rb->start, __ATOMIC_RELEASE);
    return n;
}

/* Nothing kept: one request for up to KEEP_HOSTIO_READAHEAD bytes. Locked. */
static long fill_and_take(readahead *rb, long handle, void *buf, size_t size, long flags)
{
    if (!rb->bytes && !(rb->bytes = malloc(KEEP_HOSTIO_READAHEAD)))
        return keep_hostio_recv_direct(handle, buf, size, flags);
    long got = keep_hostio_recv_direct(handle, rb->bytes, KEEP_HOSTIO_READAHEAD, flags);
    if (got <= 0)
        return got;
    rb->start = 0;
    rb->end = (size_t)got;
    return (long)take(rb, buf, size, 0);
}

static long locked_read(readahead *rb, long handle, void *buf, size_t size, long flags)
{
    const long plain = MSG_DONTWAIT | MSG_NOSIGNAL;
    if (flags & ~(plain | MSG_PEEK | MSG_WAITALL)) /* MSG_OOB, MSG_TRUNC, ...: the host's */
        return keep_hostio_recv_direct(handle, buf, size, flags);
    if (rb->end > rb->start) {
        size_t n = take(rb, buf, size, flags);
        if (!(flags & MSG_WAITALL) || (flags & MSG_PEEK) || n == size)
            return (long)n;
        /* MSG_WAITALL: the rest from the host; the kept part counts. */
        long rest = keep_hostio_recv_direct(handle, (uint8_t *)buf + n, size - n, flags);
        return rest < 0 ? (long)n : (long)n + rest;
    }
    if ((flags & ~plain) || size >= KEEP_HOSTIO_READAHEAD)
        return keep_hostio_recv_direct(handle, buf, size, flags);
    return fill_and_take(rb, handle, buf, size, flags);
}

bool keep_hostio_readahead_read(long handle, void *buf, size_t size, long flags, long *result)
{
    readahead *rb = buffer_of(handle);
    if (!rb || !__atomic_load_n(&rb->stream, __ATOMIC_ACQUIRE) || size == 0)
        return false;
    /* An ECALL nested in this thread's own fill: the buffer is empty. */
    if (__atomic_load_n(&rb->owner, __ATOMIC_ACQUIRE) == &this_thread)
        return false;
    if (flags & MSG_DONTWAIT) {
        if (pthread_mutex_trylock(&rb->lock) != 0)
            return false;
    } else {
        pthread_mutex_lock(&rb->lock);
    }
    __atomic_store_n(&rb->owner, &this_thread, __ATOMIC_RELEASE);
    drop_if_reset(rb);
    *result = __atomic_load_n(&rb->stream, __ATOMIC_ACQUIRE)
                  ? locked_read(rb, handle, buf, size, flags)
                  : keep_hostio_recv_direct(handle, buf, size, flags);
    drop_if_reset(rb); /* closed (or reopened) meanwhile */
    __atomic_store_n(&rb->owner, NULL, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&rb->lock);
    return true;
}
