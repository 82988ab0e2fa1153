/* RESOLVE: getaddrinfo on the enclave's behalf, answered as fixed records
 * (IPv4 and IPv6 addresses only; no canonical names). */
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
