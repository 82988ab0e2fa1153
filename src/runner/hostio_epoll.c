/* epoll through the host (the epoll module). The enclave keeps each
 * instance's registrations itself: the host only ever sees handles, never
 * the caller's data word, and an event the host reports must be for a
 * registered descriptor and among the events registered for it. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/epoll.h>

#include "hostio_ops.h"

#define EPOLL_MASK_ALLOWED \
    (EPOLLIN | EPOLLOUT | EPOLLPRI | EPOLLERR | EPOLLHUP | EPOLLRDHUP | EPOLLET | EPOLLONESHOT)

typedef struct registration {
    bool on;
    uint32_t events;
    uint64_t data;
} registration;

typedef struct instance {
    bool used;
    long handle;
    registration targets[KEEP_HOSTIO_MAX_FDS];
} instance;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static instance instances[KEEP_HOSTIO_EPOLL_MAX];

static instance *instance_of(long handle)
{
    for (size_t i = 0; i < KEEP_HOSTIO_EPOLL_MAX; i++)
        if (instances[i].used && instances[i].handle == handle)
            return &instances[i];
    return NULL;
}

long keep_hostio_epoll_create(long flags)
{
    if (flags & ~(long)EPOLL_CLOEXEC)
        return -EINVAL;
    pthread_mutex_lock(&lock);
    instance *slot = NULL;
    for (size_t i = 0; !slot && i < KEEP_HOSTIO_EPOLL_MAX; i++)
        slot = instances[i].used ? NULL : &instances[i];
    if (slot)
        *slot = (instance){.used = true, .handle = -1}; /* reserved */
    pthread_mutex_unlock(&lock);
    if (!slot)
        return -EMFILE;
    keep_hostio_call call = {.request = {.op = KEEP_HOSTIO_EPOLL_CREATE}};
    long rc = keep_hostio_transact(&call);
    long fd = rc < 0 ? rc : call.answer_size ? -EIO : keep_hostio_fd_claim(rc);
    pthread_mutex_lock(&lock);
    slot->used = fd >= 0;
    slot->handle = fd >= 0 ? rc : -1;
    pthread_mutex_unlock(&lock);
    return fd;
}

static void record(instance *ep, long op, long target, const struct epoll_event *ev)
{
    registration *reg = &ep->targets[target];
    if (op == EPOLL_CTL_DEL)
        *reg = (registration){0};
    else
        *reg = (registration){true, ev->events, ev->data.u64};
}

long keep_hostio_epoll_ctl(long epfd, long op, long fd, const struct epoll_event *ev)
{
    long ep_handle = keep_hostio_fd_handle(epfd), target = keep_hostio_fd_handle(fd);
    if (ep_handle < 0 || target < 0)
        return -EBADF;
    if (ep_handle == target || (op != EPOLL_CTL_DEL && (!ev || (ev->events & ~EPOLL_MASK_ALLOWED))))
        return -EINVAL;
    pthread_mutex_lock(&lock);
    bool is_epoll = instance_of(ep_handle) != NULL;
    pthread_mutex_unlock(&lock);
    if (!is_epoll)
        return -EINVAL;
    uint32_t mask = op == EPOLL_CTL_DEL ? 0 : ev->events;
    long rc = keep_hostio_sock_simple(KEEP_HOSTIO_EPOLL_CTL, epfd, &mask,
                                      op == EPOLL_CTL_DEL ? 0 : sizeof(mask), op, target);
    if (rc == 0) {
        pthread_mutex_lock(&lock);
        instance *ep = instance_of(ep_handle);
        if (ep)
            record(ep, op, target, ev);
        pthread_mutex_unlock(&lock);
    }
    return rc;
}

/* Checks the host's events against the registrations and fills `out`. */
static long deliver(long ep_handle, const keep_hostio_epoll_event *got, long count,
                    struct epoll_event *out)
{
    long rc = count;
    pthread_mutex_lock(&lock);
    instance *ep = instance_of(ep_handle);
    for (long i = 0; i < count && rc >= 0; i++) {
        const registration *reg = got[i].handle < KEEP_HOSTIO_MAX_FDS && ep
                                      ? &ep->targets[got[i].handle] : NULL;
        uint32_t allowed = reg ? (reg->events | EPOLLERR | EPOLLHUP) & ~(EPOLLET | EPOLLONESHOT) : 0;
        if (!reg || !reg->on || !got[i].events || (got[i].events & ~allowed))
            rc = -EIO;
        else
            out[i] = (struct epoll_event){.events = got[i].events, .data.u64 = reg->data};
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

/* Whether a target registered for EPOLLIN has read-ahead bytes kept in
 * the enclave (hostio_readahead.c): then it is ready whatever the host
 * says, and the host is not waited for. */
static bool any_kept(long ep_handle)
{
    bool kept = false;
    pthread_mutex_lock(&lock);
    instance *ep = instance_of(ep_handle);
    for (size_t t = 0; ep && !kept && t < KEEP_HOSTIO_MAX_FDS; t++)
        kept = ep->targets[t].on && (ep->targets[t].events & EPOLLIN) &&
               keep_hostio_readahead_pending((long)t);
    pthread_mutex_unlock(&lock);
    return kept;
}

/* Adds EPOLLIN for those targets to the host's (already checked) events,
 * appending an event while there is room. */
static long add_kept(long ep_handle, const keep_hostio_epoll_event *got,
                     struct epoll_event *out, long count, long max)
{
    pthread_mutex_lock(&lock);
    instance *ep = instance_of(ep_handle);
    for (size_t t = 0; ep && t < KEEP_HOSTIO_MAX_FDS; t++) {
        const registration *reg = &ep->targets[t];
        if (!reg->on || !(reg->events & EPOLLIN) || !keep_hostio_readahead_pending((long)t))
            continue;
        long i = 0;
        while (i < count && (i >= KEEP_HOSTIO_EPOLL_EVENTS_MAX || got[i].handle != t))
            i++;
        if (i < count)
            out[i].events |= EPOLLIN;
        else if (count < max)
            out[count++] = (struct epoll_event){.events = EPOLLIN, .data.u64 = reg->data};
    }
    pthread_mutex_unlock(&lock);
    return count;
}

long keep_hostio_epoll_wait(long epfd, struct epoll_event *events, long max, long timeout_ms)
{
    long ep_handle = keep_hostio_fd_handle(epfd);
    if (ep_handle < 0)
        return ep_handle;
    if (max <= 0 || !events)
        return -EINVAL;
    if (max > (long)KEEP_HOSTIO_EPOLL_EVENTS_MAX)
        max = KEEP_HOSTIO_EPOLL_EVENTS_MAX;
    if (timeout_ms > KEEP_HOSTIO_POLL_TIMEOUT_MAX)
        timeout_ms = KEEP_HOSTIO_POLL_TIMEOUT_MAX;
    keep_hostio_epoll_event got[KEEP_HOSTIO_EPOLL_EVENTS_MAX];
    bool kept = any_kept(ep_handle);
    keep_hostio_call call = {
        .request = {.op = KEEP_HOSTIO_EPOLL_WAIT, .handle = (uint32_t)ep_handle, .arg0 = max,
                    .arg1 = kept ? 0 : timeout_ms < 0 ? -1 : timeout_ms},
        .answer = got,
        .answer_max = (size_t)max * sizeof(got[0]),
    };
    long rc = keep_hostio_transact(&call);
    if (rc < 0)
        return rc;
    if (rc > max || call.answer_size != (size_t)rc * sizeof(got[0]))
        return -EIO;
    rc = deliver(ep_handle, got, rc, events);
    return rc >= 0 && kept ? add_kept(ep_handle, got, events, rc, max) : rc;
}

void keep_hostio_epoll_forget(long handle)
{
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < KEEP_HOSTIO_EPOLL_MAX; i++) {
        if (instances[i].used && instances[i].handle == handle)
            instances[i].used = false;
        instances[i].targets[handle] = (registration){0};
    }
    pthread_mutex_unlock(&lock);
}

bool keep_hostio_epoll_is_instance(long handle)
{
    pthread_mutex_lock(&lock);
    bool found = instance_of(handle) != NULL;
    pthread_mutex_unlock(&lock);
    return found;
}

/* The host's kernel keys a registration by its file and the descriptor
 * that made it; when a dup keeps the file open, closing that descriptor
 * would leave the registration reporting events for a handle the enclave
 * no longer knows. So its registrations are deleted on the host first. */
void keep_hostio_epoll_unregister(long handle)
{
    long handles[KEEP_HOSTIO_EPOLL_MAX];
    size_t count = 0;
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < KEEP_HOSTIO_EPOLL_MAX; i++)
        if (instances[i].used && instances[i].handle >= 0 && instances[i].targets[handle].on)
            handles[count++] = instances[i].handle;
    pthread_mutex_unlock(&lock);
    for (size_t i = 0; i < count; i++) {
        long rc = keep_hostio_sock_simple(KEEP_HOSTIO_EPOLL_CTL, KEEP_HOSTIO_FD_BASE + handles[i],
                                          NULL, 0, EPOLL_CTL_DEL, handle);
        (void)rc; /* the enclave forgets the registration whatever the answer */
    }
}
