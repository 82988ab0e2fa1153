/* Host I/O socket calls: socket, socketpair (AF_UNIX), bind, listen, accept, connect, sendto,
 * recvfrom, setsockopt, getsockopt, getsockname, getpeername, shutdown.
 * Addresses the host returns are checked (family and exact size) before
 * they are copied out, with the usual truncation to the caller's length.
 * A socketpair end's names are the enclave's own answer: unnamed AF_UNIX. */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "hostio_ops.h"

static bool address_plausible(const keep_hostio_sockaddr *a)
{
    sa_family_t family;
    if (a->size == 0)
        return true;
    if (a->size < sizeof(family) || a->size > sizeof(a->bytes))
        return false;
    memcpy(&family, a->bytes, sizeof(family));
    return (family == AF_INET && a->size == sizeof(struct sockaddr_in)) ||
           (family == AF_INET6 && a->size == sizeof(struct sockaddr_in6));
}

/* Copies an address out as accept(2) and getsockname(2) do: at most the
 * caller's length, which then says the address's full size. */
static void copy_out(const keep_hostio_sockaddr *a, struct sockaddr *addr, socklen_t *len)
{
    if (addr && len) {
        socklen_t room = *len;
        memcpy(addr, a->bytes, a->size < room ? a->size : room);
        *len = a->size;
    }
}

long keep_hostio_copy_address(const keep_hostio_sockaddr *a, struct sockaddr *addr, socklen_t *len)
{
    if (!address_plausible(a))
        return -EIO;
    copy_out(a, addr, len);
    return 0;
}

/* A socketpair end's name, and its peer's: unnamed AF_UNIX, only the
 * family (unix(7)), as Linux answers; never asked of the host, whose
 * AF_UNIX answers the enclave would not accept. */
static long unnamed_address(struct sockaddr *addr, socklen_t *len)
{
    keep_hostio_sockaddr a = {.size = sizeof(sa_family_t)};
    sa_family_t family = AF_UNIX;
    memcpy(a.bytes, &family, sizeof(family));
    copy_out(&a, addr, len);
    return 0;
}

/* A stream or datagram socket opened as descriptor `fd` (handle
 * `handle`): stream sockets get read-ahead and write-behind; `pair`: an
 * end of a socketpair. */
static void socket_opened(long handle, long type, bool pair)
{
    bool stream = (type & 0xf) == SOCK_STREAM;
    keep_hostio_readahead_open(handle, stream);
    keep_hostio_writebehind_open(handle, stream, (type & SOCK_NONBLOCK) != 0, pair);
}

/* The pair's handles, as the host answered them: each in range, the two
 * distinct, neither already held; claims both or neither. */
static long claim_pair(const uint32_t handles[2], long type, int fds[2])
{
    if (handles[0] >= KEEP_HOSTIO_MAX_FDS || handles[1] >= KEEP_HOSTIO_MAX_FDS ||
        handles[0] == handles[1])
        return -EIO;
    long first = keep_hostio_fd_claim(handles[0]);
    if (first < 0)
        return first;
    long second = keep_hostio_fd_claim(handles[1]);
    if (second < 0) {
        /* handles[0] was not the enclave's before: closing it on the host
         * touches nothing the enclave held. */
        (void)keep_hostio_close(first);
        return second;
    }
    socket_opened(handles[0], type, true);
    socket_opened(handles[1], type, true);
    fds[0] = (int)first;
    fds[1] = (int)second;
    return 0;
}

long keep_hostio_socketpair(long domain, long type, long protocol, int *sv)
{
    long base = type & ~(long)(SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (domain != AF_UNIX)
        return -EAFNOSUPPORT;
    if (base != SOCK_STREAM && base != SOCK_DGRAM)
        return (base & ~0xfL) ? -EINVAL : -ESOCKTNOSUPPORT;
    if (protocol != 0)
        return -EPROTONOSUPPORT;
    if (!sv)
        return -EFAULT;
    uint32_t handles[2];
    keep_hostio_call call = {
        .request = {.op = KEEP_HOSTIO_SOCKETPAIR, .arg0 = type & ~(long)SOCK_CLOEXEC},
        .answer = handles,
        .answer_max = sizeof(handles),
    };
    long rc = keep_hostio_transact(&call);
    if (rc < 0)
        return rc;
    if (rc != 0 || call.answer_size != sizeof(handles))
        return -EIO;
    int fds[2];
    rc = claim_pair(handles, type, fds);
    if (rc == 0)
        memcpy(sv, fds, sizeof(fds));
    return rc;
}

long keep_hostio_socket(long domain, long type, long protocol)
{
    keep_hostio_call call = {.request = {
        .op = KEEP_HOSTIO_SOCKET,
        .arg0 = domain,
        .arg1 = (int64_t)((uint64_t)(uint32_t)(type & ~SOCK_CLOEXEC) | (uint64_t)protocol << 32),
    }};
    long rc = keep_hostio_transact(&call);
    if (rc < 0)
        return rc;
    long fd = call.answer_size ? -EIO : keep_hostio_fd_claim(rc);
    if (fd >= 0)
        socket_opened(rc, type, false);
    return fd;
}

/* Bytes queued by write-behind are sent before a shutdown of the sending
 * side (which reports the error they met, as a send would) and a
 * setsockopt (which might change how they go). Neither waits in Linux for
 * a peer that stops reading, so neither waits here beyond the linger
 * bound (a thread shutting a stuck socket down must get through). */
static long flush_before(uint32_t op, long handle, int64_t how)
{
    if (op == KEEP_HOSTIO_SHUTDOWN && how != SHUT_RD)
        return keep_hostio_writebehind_settle(handle, true);
    if (op == KEEP_HOSTIO_SETSOCKOPT)
        return keep_hostio_writebehind_settle(handle, false);
    return 0;
}

long keep_hostio_sock_simple(uint32_t op, long fd, const void *bytes, size_t size, int64_t arg0,
                             int64_t arg1)
{
    long handle = keep_hostio_fd_handle(fd);
    if (handle < 0)
        return handle;
    if (size > KEEP_HOSTIO_DATA_MAX)
        return -EINVAL;
    long rc = flush_before(op, handle, arg0);
    if (rc)
        return rc;
    keep_hostio_call call = {
        .request = {.op = op, .handle = (uint32_t)handle, .data_size = (uint32_t)size,
                    .arg0 = arg0, .arg1 = arg1},
        .data = bytes,
    };
    rc = keep_hostio_transact(&call);
    if (rc == 0 && op == KEEP_HOSTIO_SHUTDOWN && arg0 != SHUT_RD)
        keep_hostio_writebehind_stop(handle); /* later sends fail on the host */
    return rc > 0 || call.answer_size ? -EIO : rc;
}

long keep_hostio_accept(long fd, struct sockaddr *addr, socklen_t *len, long flags)
{
    long handle = keep_hostio_fd_handle(fd);
    if (handle < 0)
        return handle;
    keep_hostio_sockaddr a;
    keep_hostio_call call = {
        .request = {.op = KEEP_HOSTIO_ACCEPT, .handle = (uint32_t)handle,
                    .arg0 = flags & ~SOCK_CLOEXEC},
        .answer = &a,
        .answer_max = sizeof(a),
    };
    long rc = keep_hostio_transact(&call);
    if (rc < 0)
        return rc;
    if (call.answer_size != sizeof(a) || keep_hostio_copy_address(&a, addr, len) != 0)
        return -EIO;
    long conn = keep_hostio_fd_claim(rc);
    if (conn >= 0) /* accept: only stream sockets listen */
        socket_opened(rc, SOCK_STREAM | (flags & SOCK_NONBLOCK), false);
    return conn;
}

long keep_hostio_name(uint32_t op, long fd, struct sockaddr *addr, socklen_t *len)
{
    long handle = keep_hostio_fd_handle(fd);
    if (handle < 0)
        return handle;
    if (!addr || !len)
        return -EFAULT;
    if (keep_hostio_writebehind_pair(handle))
        return unnamed_address(addr, len);
    keep_hostio_sockaddr a;
    keep_hostio_call call = {
        .request = {.op = op, .handle = (uint32_t)handle},
        .answer = &a,
        .answer_max = sizeof(a),
    };
    long rc = keep_hostio_transact(&call);
    if (rc < 0)
        return rc;
    if (rc != 0 || call.answer_size != sizeof(a) || a.size == 0)
        return -EIO;
    return keep_hostio_copy_address(&a, addr, len);
}
