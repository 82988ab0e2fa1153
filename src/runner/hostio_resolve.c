/* getaddrinfo and getnameinfo through the host (the resolver module): the
 * host's records are checked (EAI code, count, families, address sizes,
 * agreement with the hints) before liboeenclave builds the caller's list
 * from them; its names (NUL-terminated within the sizes asked) before
 * liboeenclave copies them to the caller. */
#define _GNU_SOURCE
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <string.h>

#include "hostio.h"

static bool record_plausible(const keep_hostio_addrinfo *rec, const keep_hostio_resolution *res)
{
    sa_family_t family;
    memcpy(&family, rec->addr, sizeof(family));
    bool v4 = rec->family == AF_INET && rec->addr_size == sizeof(struct sockaddr_in);
    bool v6 = rec->family == AF_INET6 && rec->addr_size == sizeof(struct sockaddr_in6);
    if ((!v4 && !v6) || family != rec->family)
        return false;
    if (res->family != AF_UNSPEC && rec->family != res->family)
        return false;
    if (res->socktype && rec->socktype != res->socktype)
        return false;
    if (res->protocol && rec->protocol != res->protocol)
        return false;
    return rec->socktype >= 0 && rec->socktype <= SOCK_RAW && rec->protocol >= 0 &&
           rec->protocol <= 255;
}

static long check_answer(keep_hostio_resolution *res, const uint8_t *answer, size_t size)
{
    keep_hostio_addrinfo_head head;
    if (size < sizeof(head))
        return -EIO;
    memcpy(&head, answer, sizeof(head));
    if (head.count > KEEP_HOSTIO_ADDRINFO_MAX ||
        size != sizeof(head) + head.count * sizeof(keep_hostio_addrinfo))
        return -EIO;
    if (head.eai != 0 ? !keep_hostio_eai_plausible(head.eai) || head.count : head.count == 0)
        return -EIO;
    memcpy(res->records, answer + sizeof(head), head.count * sizeof(keep_hostio_addrinfo));
    for (uint32_t i = 0; i < head.count; i++)
        if (!record_plausible(&res->records[i], res))
            return -EIO;
    res->eai = head.eai;
    res->count = head.count;
    return 0;
}

long keep_hostio_resolve(const char *node, const char *service, keep_hostio_resolution *res)
{
    if (!keep_hostio_module_loaded(KEEP_HOSTIO_MODULE_RESOLVER))
        return -ENOSYS;
    if ((!node && !service) || res->flags < 0 || res->family < 0 || res->socktype < 0 ||
        res->protocol < 0)
        return -EINVAL;
    if ((node && strnlen(node, KEEP_HOSTIO_PATH_MAX) == KEEP_HOSTIO_PATH_MAX) ||
        (service && strnlen(service, KEEP_HOSTIO_PATH_MAX) == KEEP_HOSTIO_PATH_MAX))
        return -ENAMETOOLONG;
    uint8_t answer[sizeof(keep_hostio_addrinfo_head) +
                   KEEP_HOSTIO_ADDRINFO_MAX * sizeof(keep_hostio_addrinfo)];
    keep_hostio_call call = {
        .request = {.op = KEEP_HOSTIO_RESOLVE,
                    .arg0 = (int64_t)((uint64_t)(uint32_t)res->flags |
                                      (uint64_t)(uint32_t)res->family << 32),
                    .arg1 = (int64_t)((uint64_t)(uint32_t)res->socktype |
                                      (uint64_t)(uint32_t)res->protocol << 32)},
        .path = node,
        .path2 = service,
        .answer = answer,
        .answer_max = sizeof(answer),
    };
    long rc = keep_hostio_transact(&call);
    if (rc < 0)
        return rc;
    return rc != 0 ? -EIO : check_answer(res, answer, call.answer_size);
}

/* The question liboeenclave checked already; checked again here, as the
 * runner's own contract. */
static bool name_query_valid(const keep_hostio_name_query *q)
{
    sa_family_t family;
    if (q->addr_size < sizeof(family) || q->addr_size > sizeof(q->addr))
        return false;
    memcpy(&family, q->addr, sizeof(family));
    bool size_ok = (family == AF_INET && q->addr_size == sizeof(struct sockaddr_in)) ||
                   (family == AF_INET6 && q->addr_size == sizeof(struct sockaddr_in6));
    return size_ok && !(q->flags & ~KEEP_HOSTIO_NI_ALLOWED) &&
           q->host_size <= KEEP_HOSTIO_NI_HOST_MAX && q->serv_size <= KEEP_HOSTIO_NI_SERV_MAX &&
           (q->host_size || q->serv_size);
}

long keep_hostio_nameinfo(keep_hostio_name_query *q)
{
    if (!keep_hostio_module_loaded(KEEP_HOSTIO_MODULE_RESOLVER))
        return -ENOSYS;
    if (!name_query_valid(q))
        return -EINVAL;
    uint8_t answer[sizeof(keep_hostio_nameinfo_head) + KEEP_HOSTIO_NI_HOST_MAX +
                   KEEP_HOSTIO_NI_SERV_MAX];
    keep_hostio_call call = {
        .request = {.op = KEEP_HOSTIO_NAMEINFO,
                    .data_size = q->addr_size,
                    .arg0 = q->flags,
                    .arg1 = (int64_t)((uint64_t)q->host_size | (uint64_t)q->serv_size << 32)},
        .data = q->addr,
        .answer = answer,
        .answer_max = sizeof(answer),
    };
    long rc = keep_hostio_transact(&call);
    if (rc < 0)
        return rc;
    return rc != 0 ? -EIO : keep_hostio_nameinfo_check(q, answer, call.answer_size);
}
