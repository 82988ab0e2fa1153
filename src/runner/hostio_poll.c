/* poll(2) over host descriptors, and select(2) as a poll (below). Descriptors that are not the enclave's
 * host descriptors report POLLNVAL (negative ones are skipped, as poll
 * does); the host's answer must echo each handle and report only events
 * that were asked for, or POLLERR, POLLHUP, POLLNVAL. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>

#include "hostio_ops.h"

/* The host's view of one call: which of the caller's entries each wire
 * entry stands for. On the stack, not per thread: a nested ECALL may poll
 * while this call waits for the host. */
typedef struct poll_wire {
    keep_hostio_pollfd sent[KEEP_HOSTIO_POLL_MAX];
    keep_hostio_pollfd got[KEEP_HOSTIO_POLL_MAX];
    unsigned long index[KEEP_HOSTIO_POLL_MAX];
} poll_wire;

/* Fills w->sent with the host descriptors; returns their count and counts
 * the others that are POLLNVAL in *invalid. */
static size_t collect(poll_wire *w, struct pollfd *fds, unsigned long count, long *invalid)
{
    size_t n = 0;
    for (unsigned long i = 0; i < count; i++) {
        fds[i].revents = 0;
        if (fds[i].fd < 0)
            continue;
        long handle = keep_hostio_fd_handle(fds[i].fd);
        if (handle < 0) {
            fds[i].revents = POLLNVAL;
            (*invalid)++;
            continue;
        }
        w->sent[n] = (keep_hostio_pollfd){.handle = (uint32_t)handle, .events = fds[i].events};
        w->index[n++] = i;
    }
    return n;
}

/* Entries of stream sockets with read-ahead bytes kept in the enclave
 * (hostio_readahead.c) that asked for POLLIN: readable whatever the host
 * says, so the host is not waited for. */
static bool any_kept(const poll_wire *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((w->sent[i].events & POLLIN) && keep_hostio_readahead_pending(w->sent[i].handle))
            return true;
    return false;
}

static long add_kept(const poll_wire *w, struct pollfd *fds, size_t n, long ready)
{
    for (size_t i = 0; i < n; i++) {
        struct pollfd *fd = &fds[w->index[i]];
        if ((fd->events & POLLIN) && keep_hostio_readahead_pending(w->sent[i].handle)) {
            ready += fd->revents == 0;
            fd->revents |= POLLIN;
        }
    }
    return ready;
}

static long apply(const poll_wire *w, struct pollfd *fds, size_t n, long ready)
{
    long seen = 0;
    for (size_t i = 0; i < n; i++) {
        const keep_hostio_pollfd *got = &w->got[i];
        if (got->handle != w->sent[i].handle || got->events != w->sent[i].events)
            return -EIO;
        struct pollfd *fd = &fds[w->index[i]];
        short allowed = (short)(fd->events | POLLERR | POLLHUP | POLLNVAL);
        if (got->revents & ~allowed)
            return -EIO;
        fd->revents = got->revents;
        seen += got->revents != 0;
    }
    return seen == ready ? ready : -EIO;
}

static long sleep_ms(long timeout_ms)
{
    if (timeout_ms > 0) {
        struct timespec ts = {timeout_ms / 1000, (timeout_ms % 1000) * 1000000};
        nanosleep(&ts, NULL);
    }
    return 0;
}

long keep_hostio_poll(struct pollfd *fds, unsigned long count, long timeout_ms)
{
    if (count > KEEP_HOSTIO_POLL_MAX)
        return -EINVAL;
    if (timeout_ms > KEEP_HOSTIO_POLL_TIMEOUT_MAX)
        timeout_ms = KEEP_HOSTIO_POLL_TIMEOUT_MAX; /* then reports a timeout early */
    long invalid = 0;
    poll_wire w;
    size_t n = collect(&w, fds, count, &invalid);
    if (n == 0)
        return invalid ? invalid : sleep_ms(timeout_ms);
    bool kept = any_kept(&w, n);
    keep_hostio_call call = {
        .request = {.op = KEEP_HOSTIO_POLL, .data_size = (uint32_t)(n * sizeof(w.sent[0])),
                    .arg0 = invalid || kept ? 0 : (timeout_ms < 0 ? -1 : timeout_ms)},
        .data = w.sent,
        .answer = w.got,
        .answer_max = n * sizeof(w.got[0]),
    };
    long rc = keep_hostio_transact(&call);
    if (rc < 0)
        return rc;
    if (call.answer_size != n * sizeof(w.got[0]) || (size_t)rc > n)
        return -EIO;
    rc = apply(&w, fds, n, rc);
    if (rc >= 0 && kept)
        rc = add_kept(&w, fds, n, rc);
    return rc < 0 ? rc : rc + invalid;
}

/* select(2) and pselect6(2) over host descriptors, as one poll: each
 * descriptor below nfds in any of the sets becomes one entry (read:
 * POLLIN, write: POLLOUT, except: POLLPRI), and the answer, checked by
 * keep_hostio_poll, sets the bits as Linux does (readable: POLLIN, POLLHUP
 * or POLLERR; writable: POLLOUT or POLLERR; exceptional: POLLPRI). A
 * descriptor that is not a host descriptor of the enclave is EBADF, as
 * select reports a descriptor that is not open. */
typedef struct select_sets {
    fd_set *sets[3]; /* read, write, except; each may be NULL */
} select_sets;

static const short select_events[3] = {POLLIN, POLLOUT, POLLPRI};
static const short select_ready[3] = {POLLIN | POLLHUP | POLLERR, POLLOUT | POLLERR, POLLPRI};

/* The poll entries for the sets (at most KEEP_HOSTIO_MAX_FDS: every one a
 * host descriptor); their count or -errno. */
static long select_collect(struct pollfd *fds, int nfds, const select_sets *s)
{
    long n = 0;
    for (int fd = 0; fd < nfds; fd++) {
        short events = 0;
        for (int k = 0; k < 3; k++)
            if (s->sets[k] && FD_ISSET(fd, s->sets[k]))
                events |= select_events[k];
        if (!events)
            continue;
        if (keep_hostio_fd_handle(fd) < 0 || n == (long)KEEP_HOSTIO_MAX_FDS)
            return -EBADF;
        fds[n++] = (struct pollfd){.fd = fd, .events = events};
    }
    return n;
}

/* Rewrites the sets from the poll results; the number of bits set. */
static long select_apply(const struct pollfd *fds, long n, select_sets *s)
{
    for (long i = 0; i < n; i++)
        if (fds[i].revents & POLLNVAL)
            return -EBADF; /* closed meanwhile */
    for (int k = 0; k < 3; k++)
        for (long i = 0; s->sets[k] && i < n; i++)
            FD_CLR(fds[i].fd, s->sets[k]);
    long bits = 0;
    for (int k = 0; k < 3; k++) {
        for (long i = 0; s->sets[k] && i < n; i++) {
            if ((fds[i].events & select_events[k]) && (fds[i].revents & select_ready[k])) {
                FD_SET(fds[i].fd, s->sets[k]);
                bits++;
            }
        }
    }
    return bits;
}

static long ms_of(const struct timespec *ts)
{
    if (!ts)
        return -1;
    if (ts->tv_sec >= KEEP_HOSTIO_POLL_TIMEOUT_MAX / 1000)
        return KEEP_HOSTIO_POLL_TIMEOUT_MAX; /* then reports a timeout early */
    /* Rounded up, so a short wait is not a busy loop. */
    return ts->tv_sec * 1000 + (ts->tv_nsec + 999999) / 1000000;
}

long keep_hostio_select(int nfds, fd_set *rd, fd_set *wr, fd_set *ex, struct timespec *ts)
{
    if (nfds < 0 || nfds > FD_SETSIZE)
        return -EINVAL;
    if (ts && (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000))
        return -EINVAL;
    select_sets s = {{rd, wr, ex}};
    struct pollfd fds[KEEP_HOSTIO_MAX_FDS];
    long n = select_collect(fds, nfds, &s);
    if (n < 0)
        return n;
    /* Nothing to wait for and no timeout: the longest wait there is, as
     * for any timeout beyond it. */
    long ms = n == 0 && !ts ? KEEP_HOSTIO_POLL_TIMEOUT_MAX : ms_of(ts);
    long rc = keep_hostio_poll(fds, (unsigned long)n, ms);
    if (rc < 0)
        return rc;
    rc = select_apply(fds, n, &s);
    if (rc == 0 && ts)
        *ts = (struct timespec){0, 0}; /* timed out: nothing left, as Linux reports */
    return rc;
}
