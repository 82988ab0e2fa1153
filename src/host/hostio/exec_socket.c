/* Running an enclave's socket requests (AF_INET and AF_INET6 only, and
 * AF_UNIX pairs) with descriptors from its own table. Results are values or -errno. */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "hostio.h"

static int64_t result_of(int64_t rc)
{
    return rc < 0 ? -(int64_t)errno : rc;
}

bool keep_hostio_address_ok(const uint8_t *bytes, size_t size)
{
    sa_family_t family;
    if (size < sizeof(family))
        return false;
    memcpy(&family, bytes, sizeof(family));
    return (family == AF_INET && size == sizeof(struct sockaddr_in)) ||
           (family == AF_INET6 && size == sizeof(struct sockaddr_in6));
}

static int64_t open_socket(keep_hostio *hostio, const keep_hostio_request *r)
{
    int domain = (int)r->arg0;
    int type = (int)(r->arg1 & 0xffffffff), protocol = (int)(r->arg1 >> 32);
    int base = type & ~SOCK_NONBLOCK;
    if ((domain != AF_INET && domain != AF_INET6) || (base != SOCK_STREAM && base != SOCK_DGRAM) ||
        (protocol != 0 && protocol != IPPROTO_TCP && protocol != IPPROTO_UDP))
        return -EINVAL;
    int fd = socket(domain, type | SOCK_CLOEXEC, protocol);
    return fd < 0 ? -(int64_t)errno : keep_hostio_table_add(hostio, fd);
}

/* SOCKETPAIR: an AF_UNIX pair, both ends in the table (neither when the
 * table has room for one only). */
static int64_t open_pair(keep_hostio *hostio, const keep_hostio_request *r, uint8_t *data,
                         size_t data_max, size_t *data_size)
{
    int64_t base = r->arg0 & ~(int64_t)SOCK_NONBLOCK;
    uint32_t handles[2];
    if ((base != SOCK_STREAM && base != SOCK_DGRAM) || data_max < sizeof(handles))
        return -EINVAL;
    int sv[2];
    if (socketpair(AF_UNIX, (int)r->arg0 | SOCK_CLOEXEC, 0, sv) != 0)
        return -(int64_t)errno;
    int64_t first = keep_hostio_table_add(hostio, sv[0]); /* closes sv[0] on failure */
    if (first < 0) {
        close(sv[1]);
        return first;
    }
    int64_t second = keep_hostio_table_add(hostio, sv[1]);
    if (second < 0) {
        keep_hostio_table_close(hostio, (uint32_t)first);
        return second;
    }
    handles[0] = (uint32_t)first;
    handles[1] = (uint32_t)second;
    memcpy(data, handles, sizeof(handles));
    *data_size = sizeof(handles);
    return 0;
}

/* A keep_hostio_sockaddr at data[0], filled by `get` (accept, getsockname...). */
static keep_hostio_sockaddr *address_out(uint8_t *data, size_t data_max, socklen_t *len)
{
    *len = sizeof(((keep_hostio_sockaddr *)0)->bytes);
    if (data_max < sizeof(keep_hostio_sockaddr))
        return NULL;
    memset(data, 0, sizeof(keep_hostio_sockaddr));
    return (keep_hostio_sockaddr *)data;
}

static int64_t accept_socket(keep_hostio *hostio, int fd, const keep_hostio_request *r,
                             uint8_t *data, size_t data_max, size_t *data_size)
{
    socklen_t len;
    keep_hostio_sockaddr *addr = address_out(data, data_max, &len);
    if (!addr || (r->arg0 & ~(int64_t)SOCK_NONBLOCK))
        return -EINVAL;
    struct sockaddr_storage ss;
    len = sizeof(ss);
    int fresh = accept4(fd, (struct sockaddr *)&ss, &len, (int)r->arg0 | SOCK_CLOEXEC);
    if (fresh < 0)
        return -(int64_t)errno;
    addr->size = len <= sizeof(addr->bytes) ? len : 0;
    memcpy(addr->bytes, &ss, addr->size);
    *data_size = sizeof(*addr);
    return keep_hostio_table_add(hostio, fresh);
}

static int64_t name_of(int fd, bool peer, uint8_t *data, size_t data_max, size_t *data_size)
{
    socklen_t len;
    keep_hostio_sockaddr *addr = address_out(data, data_max, &len);
    if (!addr)
        return -EINVAL;
    struct sockaddr_storage ss;
    len = sizeof(ss);
    int rc = peer ? getpeername(fd, (struct sockaddr *)&ss, &len)
                  : getsockname(fd, (struct sockaddr *)&ss, &len);
    if (rc != 0)
        return -(int64_t)errno;
    addr->size = len <= sizeof(addr->bytes) ? len : 0;
    memcpy(addr->bytes, &ss, addr->size);
    *data_size = sizeof(*addr);
    return 0;
}

static int64_t send_to(int fd, const keep_hostio_parsed *p)
{
    const keep_hostio_request *r = &p->request;
    int allowed = MSG_DONTWAIT | MSG_MORE | MSG_NOSIGNAL;
    if (r->arg1 < 0 || (uint64_t)r->arg1 > r->data_size || (r->arg0 & ~(int64_t)allowed))
        return -EINVAL;
    size_t addr_size = (size_t)r->arg1;
    if (addr_size && !keep_hostio_address_ok(p->data, addr_size))
        return -EINVAL;
    const struct sockaddr *to = addr_size ? (const struct sockaddr *)p->data : NULL;
    return result_of(sendto(fd, p->data + addr_size, r->data_size - addr_size,
                            (int)r->arg0 | MSG_NOSIGNAL, to, (socklen_t)addr_size));
}

_Static_assert(KEEP_HOSTIO_MSG_TRUNC == MSG_TRUNC && KEEP_HOSTIO_MSG_CTRUNC == MSG_CTRUNC,
               "recvmsg flags on the wire");

/* RECVFROM and RECVMSG: one recvmsg without a control buffer (no control
 * data ever reaches the enclave), the source address first; for RECVMSG
 * the address's reserved word carries the truncation flags the kernel
 * reported. */
static int64_t receive(int fd, const keep_hostio_request *r, uint8_t *data, size_t data_max,
                       size_t *data_size)
{
    socklen_t len;
    keep_hostio_sockaddr *addr = address_out(data, data_max, &len);
    int allowed = MSG_DONTWAIT | MSG_PEEK | MSG_WAITALL;
    if (!addr || r->arg0 < 0 || (r->arg1 & ~(int64_t)allowed))
        return -EINVAL;
    size_t room = data_max - sizeof(*addr);
    struct iovec iov = {data + sizeof(*addr), (size_t)r->arg0 < room ? (size_t)r->arg0 : room};
    struct sockaddr_storage ss;
    struct msghdr msg = {.msg_name = &ss, .msg_namelen = sizeof(ss), .msg_iov = &iov,
                         .msg_iovlen = 1};
    ssize_t n = recvmsg(fd, &msg, (int)r->arg1);
    if (n < 0)
        return -(int64_t)errno;
    /* `data` may be the arena (serve.c): nothing written there is read back. */
    uint32_t size = msg.msg_namelen <= sizeof(addr->bytes) ? msg.msg_namelen : 0;
    addr->size = size;
    if (r->op == KEEP_HOSTIO_RECVMSG)
        addr->reserved = (uint32_t)msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC);
    memcpy(addr->bytes, &ss, size);
    *data_size = sizeof(*addr) + (size_t)n;
    return n;
}

static int64_t get_option(int fd, const keep_hostio_parsed *p, uint8_t *data, size_t data_max,
                          size_t *data_size)
{
    uint32_t want;
    if (p->request.data_size != sizeof(want))
        return -EINVAL;
    memcpy(&want, p->data, sizeof(want));
    socklen_t len = want < KEEP_HOSTIO_OPT_MAX ? want : KEEP_HOSTIO_OPT_MAX;
    if (len > data_max)
        return -EINVAL;
    if (getsockopt(fd, (int)p->request.arg0, (int)p->request.arg1, data, &len) != 0)
        return -(int64_t)errno;
    *data_size = len;
    return len;
}

static int64_t on_socket(int fd, const keep_hostio_parsed *p, uint8_t *data, size_t data_max,
                         size_t *data_size)
{
    const keep_hostio_request *r = &p->request;
    switch (r->op) {
    case KEEP_HOSTIO_BIND:
    case KEEP_HOSTIO_CONNECT:
        if (!keep_hostio_address_ok(p->data, r->data_size))
            return -EINVAL;
        return result_of(r->op == KEEP_HOSTIO_BIND
                             ? bind(fd, (const struct sockaddr *)p->data, r->data_size)
                             : connect(fd, (const struct sockaddr *)p->data, r->data_size));
    case KEEP_HOSTIO_LISTEN: return result_of(listen(fd, (int)r->arg0));
    case KEEP_HOSTIO_SENDTO: return send_to(fd, p);
    case KEEP_HOSTIO_RECVFROM:
    case KEEP_HOSTIO_RECVMSG: return receive(fd, r, data, data_max, data_size);
    case KEEP_HOSTIO_SETSOCKOPT:
        if (r->data_size > KEEP_HOSTIO_OPT_MAX)
            return -EINVAL;
        return result_of(setsockopt(fd, (int)r->arg0, (int)r->arg1, p->data, r->data_size));
    case KEEP_HOSTIO_GETSOCKOPT: return get_option(fd, p, data, data_max, data_size);
    case KEEP_HOSTIO_GETSOCKNAME: return name_of(fd, false, data, data_max, data_size);
    case KEEP_HOSTIO_GETPEERNAME: return name_of(fd, true, data, data_max, data_size);
    case KEEP_HOSTIO_SHUTDOWN: return result_of(shutdown(fd, (int)r->arg0));
    }
    return -EINVAL;
}

int64_t keep_hostio_execute_socket(keep_hostio *hostio, const keep_hostio_parsed *parsed,
                                   uint8_t *data, size_t data_max, size_t *data_size)
{
    const keep_hostio_request *r = &parsed->request;
    if (r->op == KEEP_HOSTIO_SOCKET)
        return open_socket(hostio, r);
    if (r->op == KEEP_HOSTIO_SOCKETPAIR)
        return open_pair(hostio, r, data, data_max, data_size);
    if (r->op == KEEP_HOSTIO_POLL)
        return keep_hostio_poll(hostio, parsed, data, data_max, data_size);
    int fd = keep_hostio_table_dup(hostio, r->handle);
    if (fd < 0)
        return fd;
    int64_t rc = r->op == KEEP_HOSTIO_ACCEPT
                     ? accept_socket(hostio, fd, r, data, data_max, data_size)
                     : on_socket(fd, parsed, data, data_max, data_size);
    close(fd);
    return rc;
}
