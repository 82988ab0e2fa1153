/* RESOLVE: getaddrinfo on the enclave's behalf, answered as fixed records
 * (IPv4 and IPv6 addresses only; no canonical names). NAMEINFO:
 * getnameinfo of an IPv4 or IPv6 address, answered as two strings. */
#define _GNU_SOURCE
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <string.h>

#include "hostio.h"

static size_t put_records(const struct addrinfo *list, uint8_t *data, size_t room)
{
    size_t count = 0;
    for (const struct addrinfo *ai = list; ai && count < KEEP_HOSTIO_ADDRINFO_MAX; ai = ai->ai_next) {
        if ((ai->ai_family != AF_INET && ai->ai_family != AF_INET6) ||
            ai->ai_addrlen > sizeof(((keep_hostio_addrinfo *)0)->addr))
            continue;
        if ((count + 1) * sizeof(keep_hostio_addrinfo) > room)
            break;
        keep_hostio_addrinfo rec = {.family = ai->ai_family, .socktype = ai->ai_socktype,
                                    .protocol = ai->ai_protocol, .addr_size = ai->ai_addrlen};
        memcpy(rec.addr, ai->ai_addr, ai->ai_addrlen);
        memcpy(data + count * sizeof(rec), &rec, sizeof(rec));
        count++;
    }
    return count;
}

int64_t keep_hostio_resolve(const keep_hostio_parsed *p, uint8_t *data, size_t data_max,
                            size_t *data_size)
{
    const keep_hostio_request *r = &p->request;
    keep_hostio_addrinfo_head head = {0};
    if (data_max < sizeof(head) || (!p->path && !p->path2))
        return -EINVAL;
    struct addrinfo hints = {
        .ai_flags = (int)(r->arg0 & 0xffffffff) & ~AI_CANONNAME,
        .ai_family = (int)(r->arg0 >> 32),
        .ai_socktype = (int)(r->arg1 & 0xffffffff),
        .ai_protocol = (int)(r->arg1 >> 32),
    };
    struct addrinfo *list = NULL;
    head.eai = getaddrinfo(p->path, p->path2, &hints, &list);
    if (head.eai == EAI_SYSTEM)
        return errno ? -(int64_t)errno : -EIO;
    if (head.eai == 0)
        head.count = (uint32_t)put_records(list, data + sizeof(head), data_max - sizeof(head));
    freeaddrinfo(list);
    memcpy(data, &head, sizeof(head));
    *data_size = sizeof(head) + head.count * sizeof(keep_hostio_addrinfo);
    return 0;
}

_Static_assert(KEEP_HOSTIO_NI_ALLOWED ==
                   (NI_NUMERICHOST | NI_NUMERICSERV | NI_NOFQDN | NI_NAMEREQD | NI_DGRAM),
               "getnameinfo flags on the wire");
_Static_assert(KEEP_HOSTIO_NI_HOST_MAX == NI_MAXHOST && KEEP_HOSTIO_NI_SERV_MAX == NI_MAXSERV,
               "getnameinfo sizes on the wire");

/* `name` (NUL-terminated within `room`, as getnameinfo leaves it) at
 * data[*off]; its size, NUL included. */
static uint32_t put_name(uint8_t *data, size_t *off, const char *name, size_t room)
{
    if (room == 0)
        return 0;
    size_t size = strnlen(name, room - 1) + 1;
    memcpy(data + *off, name, size - 1);
    data[*off + size - 1] = '\0';
    *off += size;
    return (uint32_t)size;
}

int64_t keep_hostio_nameinfo(const keep_hostio_parsed *p, uint8_t *data, size_t data_max,
                             size_t *data_size)
{
    const keep_hostio_request *r = &p->request;
    uint64_t host_room = (uint64_t)r->arg1 & 0xffffffff, serv_room = (uint64_t)r->arg1 >> 32;
    keep_hostio_nameinfo_head head = {0};
    if ((r->arg0 & ~(int64_t)KEEP_HOSTIO_NI_ALLOWED) || host_room > KEEP_HOSTIO_NI_HOST_MAX ||
        serv_room > KEEP_HOSTIO_NI_SERV_MAX || (host_room == 0 && serv_room == 0) ||
        !keep_hostio_address_ok(p->data, r->data_size) ||
        data_max < sizeof(head) + host_room + serv_room)
        return -EINVAL;
    struct sockaddr_storage ss;
    memcpy(&ss, p->data, r->data_size);
    char host[KEEP_HOSTIO_NI_HOST_MAX], serv[KEEP_HOSTIO_NI_SERV_MAX];
    head.eai = getnameinfo((const struct sockaddr *)&ss, (socklen_t)r->data_size,
                           host_room ? host : NULL, (socklen_t)host_room,
                           serv_room ? serv : NULL, (socklen_t)serv_room, (int)r->arg0);
    if (head.eai == EAI_SYSTEM)
        return errno ? -(int64_t)errno : -EIO;
    size_t off = sizeof(head);
    if (head.eai == 0) {
        head.host_size = put_name(data, &off, host, host_room);
        head.serv_size = put_name(data, &off, serv, serv_room);
    }
    memcpy(data, &head, sizeof(head));
    *data_size = off;
    return 0;
}
