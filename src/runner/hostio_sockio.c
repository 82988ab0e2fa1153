/* Host I/O socket data and options: sendto, recvfrom, sendmsg, recvmsg,
 * getsockopt, and ioctl's FIONBIO and FIONREAD. Counts are checked against what was asked
 * for, as for files. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <limits.h>
#include <sys/ioctl.h>
#include <string.h>
#include <sys/socket.h>

#include "hostio_ops.h"

long keep_hostio_sendto(long fd, const void *buf, size_t size, long flags,
                        const struct sockaddr *to, socklen_t to_size)
{
    long handle = keep_hostio_fd_handle(fd);
    if (handle < 0)
        return handle;
    if (to && to_size > KEEP_HOSTIO_ADDR_MAX)
        return -EINVAL;
    long rc;
    if (!to && keep_hostio_writebehind_write(handle, buf, size, flags, &rc))
        return rc; /* queued for a stream socket */
    /* Bytes still queued go first; with MSG_DONTWAIT, EAGAIN rather than
     * waiting for them. */
    rc = keep_hostio_writebehind_flush(handle, true, !(flags & MSG_DONTWAIT));
    if (rc)
        return rc;
    size_t addr_size = to ? to_size : 0;
    size_t room = KEEP_HOSTIO_DATA_MAX - addr_size;
    size_t count = size < room ? size : room;
    keep_hostio_call call = {
        .request = {.op = KEEP_HOSTIO_SENDTO, .handle = (uint32_t)handle,
                    .data_size = (uint32_t)(addr_size + count), .arg0 = flags,
                    .arg1 = (int64_t)addr_size},
        .prefix = to,
        .prefix_size = addr_size,
        .data = buf,
    };
    rc = keep_hostio_transact(&call);
    return rc > (long)count || call.answer_size ? -EIO : rc;
}

/* One RECVFROM: the address into *a, the bytes straight into the
 * caller's buffer (never beyond `want`: the answer is at most head +
 * want). */
static long recv_from_host(uint32_t op, long handle, void *buf, size_t size, long flags,
                           keep_hostio_sockaddr *a)
{
    const size_t head = sizeof(keep_hostio_sockaddr);
    size_t want = size < KEEP_HOSTIO_DATA_MAX - head ? size : KEEP_HOSTIO_DATA_MAX - head;
    keep_hostio_call call = {
        .request = {.op = op, .handle = (uint32_t)handle, .arg0 = (int64_t)want, .arg1 = flags},
        .answer_head = a,
        .answer_head_size = head,
        .answer = buf,
        .answer_max = head + want,
    };
    long rc = keep_hostio_transact(&call);
    if (rc < 0)
        return rc;
    if (call.answer_size < head || (size_t)rc != call.answer_size - head)
        return -EIO;
    if (op == KEEP_HOSTIO_RECVMSG &&
        !keep_hostio_recv_flags_plausible(a->reserved, (size_t)rc, want))
        return -EIO;
    return rc;
}

long keep_hostio_recv_direct(long handle, void *buf, size_t size, long flags)
{
    keep_hostio_sockaddr a;
    return recv_from_host(KEEP_HOSTIO_RECVFROM, handle, buf, size, flags, &a);
}

long keep_hostio_recvfrom(long fd, void *buf, size_t size, long flags, struct sockaddr *from,
                          socklen_t *from_size)
{
    long handle = keep_hostio_fd_handle(fd);
    if (handle < 0)
        return handle;
    long rc;
    if (keep_hostio_readahead_read(handle, buf, size, flags, &rc)) {
        /* A stream socket: no source address, as Linux reports for TCP. */
        if (rc >= 0 && from && from_size)
            *from_size = 0;
        return rc;
    }
    keep_hostio_sockaddr a;
    rc = recv_from_host(KEEP_HOSTIO_RECVFROM, handle, buf, size, flags, &a);
    if (rc >= 0 && from && from_size && keep_hostio_copy_address(&a, from, from_size) != 0)
        return -EIO;
    return rc;
}

/* The host's getsockopt for the handle, at most `want` bytes into value:
 * their count, or -errno (-EIO when the count and the answer disagree).
 * Not flushed: getsockopt never waits for a peer. */
static long host_getsockopt(long handle, long level, long name, void *value, uint32_t want)
{
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
    return (size_t)rc == call.answer_size ? rc : -EIO;
}

/* The host's SO_ERROR for the handle. A whole int is asked for whatever
 * the caller's size: the host's getsockopt takes the kernel's pending
 * error however few bytes come back, and write-behind must know which it
 * was (hostio_writebehind.c). Exactly a whole int must come back, holding
 * an errno a system call could return, as the ring's error is checked
 * (keep_hostio_ring_plausible): the app would otherwise act on whatever
 * the host made up (a negative or huge "errno"). Else -EIO. */
static long host_so_error(long handle, int *error)
{
    *error = 0;
    int value = 0;
    long rc = host_getsockopt(handle, SOL_SOCKET, SO_ERROR, &value, sizeof(value));
    if (rc < 0)
        return rc;
    if (rc != (long)sizeof(value) || value < 0 || value > KEEP_HOSTIO_ERRNO_MAX)
        return -EIO;
    *error = value;
    return 0;
}

/* getsockopt(SO_ERROR): write-behind's writer's error once, else the
 * host's (hostio_writebehind.c says how either leaves later sends
 * failing), in an int truncated to the caller's size as Linux's
 * sock_getsockopt does. Not flushed: getsockopt never waits for a peer;
 * a writer's error still ahead is the next send's (docs/host-io.md). */
static long so_error(long handle, void *value, socklen_t *size)
{
    int error;
    long rc = keep_hostio_writebehind_so_error(handle, host_so_error, &error);
    if (rc)
        return rc;
    socklen_t n = *size < sizeof(error) ? *size : (socklen_t)sizeof(error);
    memcpy(value, &error, n);
    *size = n;
    return 0;
}

long keep_hostio_getsockopt(long fd, long level, long name, void *value, socklen_t *size)
{
    long handle = keep_hostio_fd_handle(fd);
    if (handle < 0)
        return handle;
    if (!value || !size)
        return -EFAULT;
    if (level == SOL_SOCKET && name == SO_ERROR)
        return so_error(handle, value, size);
    uint32_t want = *size < KEEP_HOSTIO_OPT_MAX ? *size : KEEP_HOSTIO_OPT_MAX;
    long rc = host_getsockopt(handle, level, name, value, want);
    if (rc < 0)
        return rc;
    *size = (socklen_t)rc;
    return 0;
}

/* ioctl: FIONBIO and FIONREAD on sockets; every other request is ENOTTY
 * without asking the host (no raw ioctl number ever reaches it).
 * FIONREAD counts the bytes the read-ahead keeps too. */
long keep_hostio_ioctl(long fd, unsigned long request, void *arg)
{
    if (request != FIONBIO && request != FIONREAD)
        return -ENOTTY;
    long handle = keep_hostio_fd_handle(fd);
    if (handle < 0)
        return handle;
    if (!arg)
        return -EFAULT;
    int on = 0;
    if (request == FIONBIO)
        memcpy(&on, arg, sizeof(on));
    long rc = request == FIONBIO ? keep_hostio_writebehind_settle(handle, false) : 0;
    if (rc)
        return rc;
    keep_hostio_call call = {.request = {
        .op = KEEP_HOSTIO_IOCTL, .handle = (uint32_t)handle,
        .arg0 = request == FIONBIO ? KEEP_HOSTIO_IOCTL_FIONBIO : KEEP_HOSTIO_IOCTL_FIONREAD,
        .arg1 = on != 0}};
    rc = keep_hostio_transact(&call);
    if (rc < 0)
        return rc;
    if (call.answer_size || (request == FIONBIO && rc != 0) || rc > INT_MAX)
        return -EIO;
    if (request == FIONBIO)
        keep_hostio_writebehind_nonblock(handle, on != 0);
    if (request == FIONREAD) {
        size_t kept = keep_hostio_readahead_kept(handle);
        int count = kept > (size_t)(INT_MAX - rc) ? INT_MAX : (int)(rc + (long)kept);
        memcpy(arg, &count, sizeof(count));
    }
    return 0;
}

/* sendmsg and recvmsg: plain iovecs and an optional address, no control
 * data. The iovecs are gathered into (or scattered from) one buffer of at
 * most what one request carries, and sent as SENDTO or received as
 * RECVMSG (or from a stream socket's read-ahead, whose bytes come first).
 * The total is computed once, overflow-checked, and bounds every copy, so
 * iovecs changed meanwhile by another thread cannot overrun it. */
static long iov_total(const struct msghdr *msg, size_t *total)
{
    *total = 0;
    if (msg->msg_iovlen > IOV_MAX)
        return -EMSGSIZE;
    if (msg->msg_iovlen && !msg->msg_iov)
        return -EFAULT;
    for (size_t i = 0; i < msg->msg_iovlen; i++) {
        size_t len = msg->msg_iov[i].iov_len;
        if (len > (size_t)SSIZE_MAX - *total)
            return -EINVAL;
        if (len && !msg->msg_iov[i].iov_base)
            return -EFAULT;
        *total += len;
    }
    return 0;
}

/* Copies between the iovecs and buf[0..size), iovec by iovec. */
static void iov_copy(const struct msghdr *msg, uint8_t *buf, size_t size, bool gather)
{
    for (size_t i = 0, off = 0; i < msg->msg_iovlen && off < size; i++) {
        size_t n = msg->msg_iov[i].iov_len < size - off ? msg->msg_iov[i].iov_len : size - off;
        if (gather)
            memcpy(buf + off, msg->msg_iov[i].iov_base, n);
        else
            memcpy(msg->msg_iov[i].iov_base, buf + off, n);
        off += n;
    }
}

/* The buffer for `size` bytes: the only iovec itself, or a fresh one
 * (*owned). NULL when out of memory. */
static uint8_t *iov_buffer(const struct msghdr *msg, size_t size, bool *owned)
{
    *owned = msg->msg_iovlen != 1;
    if (!*owned)
        return msg->msg_iov[0].iov_base;
    return malloc(size ? size : 1);
}

long keep_hostio_sendmsg(long fd, const struct msghdr *msg, long flags)
{
    long handle = keep_hostio_fd_handle(fd);
    if (handle < 0)
        return handle;
    if (!msg)
        return -EFAULT;
    if (msg->msg_controllen)
        return -EOPNOTSUPP; /* no control messages (docs/host-io.md) */
    size_t total;
    long rc = iov_total(msg, &total);
    if (rc)
        return rc;
    socklen_t addr_size = msg->msg_name ? msg->msg_namelen : 0;
    if (addr_size > KEEP_HOSTIO_ADDR_MAX)
        return -EINVAL;
    size_t room = KEEP_HOSTIO_DATA_MAX - addr_size;
    size_t count = total < room ? total : room;
    bool owned;
    uint8_t *buf = iov_buffer(msg, count, &owned);
    if (!buf)
        return -ENOMEM;
    if (owned)
        iov_copy(msg, buf, count, true);
    rc = keep_hostio_sendto(fd, buf, count, flags, addr_size ? msg->msg_name : NULL, addr_size);
    if (owned)
        free(buf);
    return rc;
}

long keep_hostio_recvmsg(long fd, struct msghdr *msg, long flags)
{
    long handle = keep_hostio_fd_handle(fd);
    if (handle < 0)
        return handle;
    if (!msg)
        return -EFAULT;
    size_t total;
    long rc = iov_total(msg, &total);
    if (rc)
        return rc;
    flags &= ~(long)MSG_CMSG_CLOEXEC; /* no descriptors are ever received */
    const size_t head = sizeof(keep_hostio_sockaddr);
    size_t want = total < KEEP_HOSTIO_DATA_MAX - head ? total : KEEP_HOSTIO_DATA_MAX - head;
    bool owned;
    uint8_t *buf = iov_buffer(msg, want, &owned);
    if (!buf)
        return -ENOMEM;
    keep_hostio_sockaddr a = {0}; /* a stream socket: no address, no flags */
    if (!keep_hostio_readahead_read(handle, buf, want, flags, &rc))
        rc = recv_from_host(KEEP_HOSTIO_RECVMSG, handle, buf, want, flags, &a);
    if (rc >= 0 && msg->msg_name && keep_hostio_copy_address(&a, msg->msg_name,
                                                              &msg->msg_namelen) != 0)
        rc = -EIO;
    if (rc >= 0) {
        if (owned)
            iov_copy(msg, buf, (size_t)rc, false);
        if (!msg->msg_name)
            msg->msg_namelen = 0;
        msg->msg_controllen = 0; /* control data is never accepted from the host */
        msg->msg_flags = (int)a.reserved;
    }
    if (owned)
        free(buf);
    return rc;
}
