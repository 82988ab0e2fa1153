/* dup, dup2, dup3 and fcntl(F_DUPFD, F_DUPFD_CLOEXEC) on host descriptors
 * (docs/host-io.md): the host duplicates the table's descriptor into a
 * handle of its table, so both name one open file (offset, status flags,
 * the socket); the enclave's two descriptors share one open description
 * (hostio.c), and so a stream socket's read-ahead. The host's answer must
 * be a handle in range that the enclave does not hold, and for dup2/dup3
 * exactly the one asked for. Every host descriptor is close-on-exec, so
 * O_CLOEXEC and F_DUPFD_CLOEXEC change nothing. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>

#include "hostio_ops.h"

/* One DUP of `handle`: a handle >= min, or exactly `exact` (>= 0). */
static long dup_request(long handle, long min, long exact)
{
    keep_hostio_call call = {.request = {.op = KEEP_HOSTIO_DUP, .handle = (uint32_t)handle,
                                         .arg0 = min, .arg1 = exact}};
    long rc = keep_hostio_transact(&call);
    if (rc < 0)
        return rc;
    if (call.answer_size || rc >= (long)KEEP_HOSTIO_MAX_FDS || rc < min ||
        (exact >= 0 && rc != exact))
        return -EIO;
    return keep_hostio_fd_claim_dup(rc, handle); /* -EIO: a handle still open */
}

static long old_handle(long fd)
{
    long handle = keep_hostio_fd_handle(fd);
    if (handle >= 0 && keep_hostio_epoll_is_instance(handle))
        return -EINVAL; /* epoll instances are not duplicated (docs/host-io.md) */
    return handle;
}

long keep_hostio_dup(long fd, long min_fd)
{
    long handle = old_handle(fd);
    if (handle < 0)
        return handle;
    /* F_DUPFD: numbers from min_fd up; host descriptors start at
     * KEEP_HOSTIO_FD_BASE and end below KEEP_HOSTIO_FD_BASE + MAX_FDS. */
    if (min_fd < 0 || min_fd >= KEEP_HOSTIO_FD_BASE + (long)KEEP_HOSTIO_MAX_FDS)
        return -EINVAL;
    long min = min_fd < KEEP_HOSTIO_FD_BASE ? 0 : min_fd - KEEP_HOSTIO_FD_BASE;
    return dup_request(handle, min, -1);
}

long keep_hostio_dup3(long fd, long new_fd, long flags, bool dup2)
{
    if (!dup2 && (flags & ~(long)O_CLOEXEC))
        return -EINVAL;
    long handle = old_handle(fd);
    if (handle < 0)
        return handle;
    if (fd == new_fd)
        return dup2 ? new_fd : -EINVAL;
    /* Only a host descriptor's number can name a host descriptor. */
    if (new_fd < KEEP_HOSTIO_FD_BASE ||
        new_fd - KEEP_HOSTIO_FD_BASE >= (long)KEEP_HOSTIO_MAX_FDS)
        return -EBADF;
    /* An open new_fd is closed first, as POSIX says, its errors ignored;
     * another thread opening a descriptor meanwhile may take the number
     * (the host answers EBUSY, as Linux's dup2 may). */
    if (keep_hostio_fd_handle(new_fd) >= 0)
        (void)keep_hostio_close(new_fd);
    return dup_request(handle, 0, new_fd - KEEP_HOSTIO_FD_BASE);
}
