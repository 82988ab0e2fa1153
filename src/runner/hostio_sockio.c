/* Host I/O socket data and options: sendto, recvfrom, getsockopt. Counts
 * are checked against what was asked for, as for files. */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "hostio_ops.h"

/* The request or answer of one call, in enclave memory (per thread). */
static __thread uint8_t scratch[KEEP_HOSTIO_DATA_MAX];

long keep_hostio_sendto(long fd, const void *buf, size_t size, long flags,
                        const struct sockaddr *to, socklen_t to_size)
{
    long handle = keep_hostio_fd_handle(fd);
    if (handle < 0)
        return handle;
    if (to && to_size > KEEP_HOSTIO_ADDR_MAX)
        return -EINVAL;
    size_t addr_size = to ? to_size : 0;
    size_t room = KEEP_HOSTIO_DATA_MAX - addr_size;
    size_t count = size < room ? size : room;
    uint8_t *data = scratch;
    if (addr_size)
        memcpy(data, to, addr_size);
    memcpy(data + addr_size, buf, count);
    keep_hostio_call call = {
        .request = {.op = KEEP_HOSTIO_SENDTO, .handle = (uint32_t)handle,
                    .data_size = (uint32_t)(addr_size + count), .arg0 = flags,
                    .arg1 = (int64_t)addr_size},
        .data = data,
    };
    long rc = keep_hostio_transact(&call);
    return rc > (long)count || call.answer_size ? -EIO : rc;
}

long keep_hostio_recvfrom(long fd, void *buf, size_t size, long flags, struct sockaddr *from,
                          socklen_t *from_size)
{
    long handle = keep_hostio_fd_handle(fd);
    if (handle < 0)
        return handle;
    const size_t head = sizeof(keep_hostio_sockaddr);
    size_t want = size < KEEP_HOSTIO_DATA_MAX - head ? size : KEEP_HOSTIO_DATA_MAX - head;
    uint8_t *answer = scratch;
    keep_hostio_call call = {
        .request = {.op = KEEP_HOSTIO_RECVFROM, .handle = (uint32_t)handle,
                    .arg0 = (int64_t)want, .arg1 = flags},
        .answer = answer,
        .answer_max = head + want,
    };
    long rc = keep_hostio_transact(&call);
    if (rc < 0)
        return rc;
    if (call.answer_size < head || (size_t)rc != call.answer_size - head)
        return -EIO;
    keep_hostio_sockaddr a;
    memcpy(&a, answer, head);
    if (from && from_size && keep_hostio_copy_address(&a, from, from_size) != 0)
        return -EIO;
    memcpy(buf, answer + head, (size_t)rc);
    return rc;
}

long keep_hostio_getsockopt(long fd, long level, long name, void *value, socklen_t *size)
{
    long handle = keep_hostio_fd_handle(fd);
    if (handle < 0)
        return handle;
    if (!value || !size)
        return -EFAULT;
    uint32_t want = *size < KEEP_HOSTIO_OPT_MAX ? *size : KEEP_HOSTIO_OPT_MAX;
    keep_hostio_call call = {
        .request = {.op = KEEP_HOSTIO_GETSOCKOPT, .handle = (uint32_t)handle,
                    .data_size = sizeof(want), .arg0 = level, .arg1 = name},
        .data = &want,
        .answer = value,
        .answer_max = want,
    };
    long rc = keep_hostio_transact(&call);
    if (rc < 0)
        return rc;
    if ((size_t)rc != call.answer_size)
        return -EIO;
    *size = (socklen_t)rc;
    return 0;
}
