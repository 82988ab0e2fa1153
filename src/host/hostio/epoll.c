/* epoll for an enclave: instances are entries of its descriptor table.
 * Registration uses the table's own descriptors (not duplicates), under
 * the table lock, because the kernel keys an epoll entry by descriptor
 * number and file; the data word is the target's handle. */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "hostio.h"

#define EPOLL_EVENTS_ALLOWED \
    (EPOLLIN | EPOLLOUT | EPOLLPRI | EPOLLERR | EPOLLHUP | EPOLLRDHUP | EPOLLET | EPOLLONESHOT)

static int64_t control(keep_hostio *hostio, const keep_hostio_parsed *p)
{
    const keep_hostio_request *r = &p->request;
    uint32_t mask = 0;
    if (r->arg0 != EPOLL_CTL_DEL && p->request.data_size != sizeof(mask))
        return -EINVAL;
    if (r->data_size == sizeof(mask))
        memcpy(&mask, p->data, sizeof(mask));
    if ((r->arg0 != EPOLL_CTL_ADD && r->arg0 != EPOLL_CTL_MOD && r->arg0 != EPOLL_CTL_DEL) ||
        r->arg1 < 0 || r->arg1 >= (int64_t)KEEP_HOSTIO_MAX_FDS || (mask & ~EPOLL_EVENTS_ALLOWED))
        return -EINVAL;
    struct epoll_event ev = {.events = mask, .data.u64 = (uint64_t)r->arg1};
    pthread_mutex_lock(&hostio->lock);
    int ep = hostio->fds[r->handle], target = hostio->fds[r->arg1];
    int rc = ep < 0 || target < 0 ? -EBADF : epoll_ctl(ep, (int)r->arg0, target, &ev);
    if (rc == -1)
        rc = -errno;
    pthread_mutex_unlock(&hostio->lock);
    return rc;
}

static int64_t wait_events(int ep, const keep_hostio_request *r, uint8_t *data, size_t data_max,
                           size_t *data_size)
{
    struct epoll_event events[KEEP_HOSTIO_EPOLL_EVENTS_MAX];
    if (r->arg0 <= 0 || r->arg0 > (int64_t)KEEP_HOSTIO_EPOLL_EVENTS_MAX ||
        (size_t)r->arg0 * sizeof(keep_hostio_epoll_event) > data_max || r->arg1 < -1 ||
        r->arg1 > KEEP_HOSTIO_POLL_TIMEOUT_MAX)
        return -EINVAL;
    int n = epoll_wait(ep, events, (int)r->arg0, (int)r->arg1);
    if (n < 0)
        return -(int64_t)errno;
    for (int i = 0; i < n; i++) {
        keep_hostio_epoll_event out = {events[i].events, (uint32_t)events[i].data.u64};
        memcpy(data + (size_t)i * sizeof(out), &out, sizeof(out));
    }
    *data_size = (size_t)n * sizeof(keep_hostio_epoll_event);
    return n;
}

int64_t keep_hostio_epoll(keep_hostio *hostio, const keep_hostio_parsed *p, uint8_t *data,
                          size_t data_max, size_t *data_size)
{
    if (p->request.op == KEEP_HOSTIO_EPOLL_CREATE) {
        int ep = epoll_create1(EPOLL_CLOEXEC);
        return ep < 0 ? -(int64_t)errno : keep_hostio_table_add(hostio, ep);
    }
    if (p->request.op == KEEP_HOSTIO_EPOLL_CTL)
        return control(hostio, p);
    int ep = keep_hostio_table_dup(hostio, p->request.handle);
    if (ep < 0)
        return ep;
    int64_t rc = wait_events(ep, &p->request, data, data_max, data_size);
    close(ep);
    return rc;
}
