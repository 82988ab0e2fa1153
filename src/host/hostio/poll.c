/* POLL for an enclave: its handles become duplicates of its own
 * descriptors for the duration of the call. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hostio.h"

static int64_t poll_table(struct pollfd *fds, const keep_hostio_pollfd *wire, size_t count,
                          int timeout, uint8_t *data, size_t *data_size)
{
    int n = poll(fds, count, timeout);
    if (n < 0)
        return -(int64_t)errno;
    for (size_t i = 0; i < count; i++) {
        keep_hostio_pollfd out = wire[i];
        out.revents = fds[i].fd < 0 ? POLLNVAL : fds[i].revents;
        n += fds[i].fd < 0;
        memcpy(data + i * sizeof(out), &out, sizeof(out));
    }
    *data_size = count * sizeof(keep_hostio_pollfd);
    return n;
}

int64_t keep_hostio_poll(keep_hostio *hostio, const keep_hostio_parsed *p, uint8_t *data,
                         size_t data_max, size_t *data_size)
{
    const keep_hostio_request *r = &p->request;
    size_t count = r->data_size / sizeof(keep_hostio_pollfd);
    if (r->data_size % sizeof(keep_hostio_pollfd) || count > KEEP_HOSTIO_POLL_MAX ||
        r->data_size > data_max || r->arg0 < -1 || r->arg0 > KEEP_HOSTIO_POLL_TIMEOUT_MAX)
        return -EINVAL;
    keep_hostio_pollfd *wire = malloc(r->data_size ? r->data_size : 1);
    struct pollfd *fds = calloc(count ? count : 1, sizeof(*fds));
    int64_t rc = -ENOMEM;
    if (!wire || !fds)
        goto out;
    memcpy(wire, p->data, r->data_size);
    for (size_t i = 0; i < count; i++)
        fds[i] = (struct pollfd){.fd = keep_hostio_table_dup(hostio, wire[i].handle),
                                 .events = wire[i].events};
    rc = poll_table(fds, wire, count, (int)r->arg0, data, data_size);
    for (size_t i = 0; i < count; i++)
        if (fds[i].fd >= 0)
            close(fds[i].fd);
out:
    free(wire);
    free(fds);
    return rc;
}
