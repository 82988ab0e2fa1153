/* getaddrinfo, freeaddrinfo and getnameinfo for enclaves (the resolver
 * module, docs/host-io.md). On `sandbox` the platform libc's resolver cannot work
 * (it reads files and loads modules the sandbox forbids), so these take
 * its place in the image: the runner asks the host and checks the answer,
 * and the list is built here. On `sim` they pass through to libc. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "../common/hostio_wire.h"
#include "enclave_state.h"

typedef int (*getaddrinfo_fn)(const char *, const char *, const struct addrinfo *,
                              struct addrinfo **);
typedef void (*freeaddrinfo_fn)(struct addrinfo *);
typedef int (*getnameinfo_fn)(const struct sockaddr *, socklen_t, char *, socklen_t, char *,
                              socklen_t, int);

static bool through_host(void)
{
    return keep_enclave_host && keep_enclave_host->hostio_control;
}

/* One list node with its address in the same allocation. */
static struct addrinfo *node_of(const keep_hostio_addrinfo *rec)
{
    struct addrinfo *ai = calloc(1, sizeof(*ai) + sizeof(struct sockaddr_in6));
    if (!ai)
        return NULL;
    ai->ai_family = rec->family;
    ai->ai_socktype = rec->socktype;
    ai->ai_protocol = rec->protocol;
    ai->ai_addrlen = rec->addr_size;
    ai->ai_addr = (struct sockaddr *)(ai + 1);
    memcpy(ai->ai_addr, rec->addr, rec->addr_size); /* checked <= sockaddr_in6 */
    return ai;
}

static int build_list(const keep_hostio_resolution *r, struct addrinfo **res)
{
    struct addrinfo **tail = res;
    for (uint32_t i = 0; i < r->count; i++) {
        *tail = node_of(&r->records[i]);
        if (!*tail) {
            freeaddrinfo(*res);
            *res = NULL;
            return EAI_MEMORY;
        }
        tail = &(*tail)->ai_next;
    }
    return 0;
}

int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
                struct addrinfo **res)
{
    if (!through_host()) {
        getaddrinfo_fn real = (getaddrinfo_fn)dlsym(RTLD_NEXT, "getaddrinfo");
        return real ? real(node, service, hints, res) : EAI_FAIL;
    }
    *res = NULL;
    keep_hostio_resolution *r = calloc(1, sizeof(*r));
    if (!r)
        return EAI_MEMORY;
    if (hints)
        *r = (keep_hostio_resolution){hints->ai_flags, hints->ai_family, hints->ai_socktype,
                                      hints->ai_protocol, 0, 0, {{0}}};
    long rc = keep_enclave_host->hostio_control(keep_enclave_host->ctx,
                                                KEEP_HOSTIO_CONTROL_RESOLVE, node, service,
                                                (uint64_t)(uintptr_t)r);
    int result = r->eai;
    if (rc < 0) {
        errno = (int)-rc;
        result = EAI_SYSTEM;
    } else if (result == 0) {
        result = build_list(r, res);
    }
    free(r);
    return result;
}

void freeaddrinfo(struct addrinfo *ai)
{
    if (!through_host()) {
        freeaddrinfo_fn real = (freeaddrinfo_fn)dlsym(RTLD_NEXT, "freeaddrinfo");
        if (real)
            real(ai);
        return;
    }
    while (ai) {
        struct addrinfo *next = ai->ai_next;
        free(ai);
        ai = next;
    }
}

/* The question for the host: an IPv4 or IPv6 address of its own size
 * (a longer salen is accepted, as glibc does), known flags, the room the
 * caller has (up to the wire's maxima). 0 or an EAI code. */
static int name_query(keep_hostio_name_query *q, const struct sockaddr *sa, socklen_t salen,
                      socklen_t host_room, socklen_t serv_room, int flags)
{
    size_t need = 0;
    if (sa && salen >= sizeof(sa_family_t))
        need = sa->sa_family == AF_INET    ? sizeof(struct sockaddr_in)
               : sa->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
                                           : 0;
    if (need == 0 || salen < need)
        return EAI_FAMILY;
    if (flags & ~KEEP_HOSTIO_NI_ALLOWED)
        return EAI_BADFLAGS;
    if (host_room == 0 && serv_room == 0)
        return EAI_NONAME;
    q->flags = flags;
    q->addr_size = (uint32_t)need;
    memcpy(q->addr, sa, need);
    q->host_size = host_room < KEEP_HOSTIO_NI_HOST_MAX ? host_room : KEEP_HOSTIO_NI_HOST_MAX;
    q->serv_size = serv_room < KEEP_HOSTIO_NI_SERV_MAX ? serv_room : KEEP_HOSTIO_NI_SERV_MAX;
    return 0;
}

int getnameinfo(const struct sockaddr *sa, socklen_t salen, char *host, socklen_t hostlen,
                char *serv, socklen_t servlen, int flags)
{
    if (!through_host()) {
        getnameinfo_fn real = (getnameinfo_fn)dlsym(RTLD_NEXT, "getnameinfo");
        return real ? real(sa, salen, host, hostlen, serv, servlen, flags) : EAI_FAIL;
    }
    keep_hostio_name_query *q = calloc(1, sizeof(*q));
    if (!q)
        return EAI_MEMORY;
    int result = name_query(q, sa, salen, host ? hostlen : 0, serv ? servlen : 0, flags);
    long rc = result ? 0
                     : keep_enclave_host->hostio_control(keep_enclave_host->ctx,
                                                         KEEP_HOSTIO_CONTROL_NAMEINFO, NULL,
                                                         NULL, (uint64_t)(uintptr_t)q);
    if (result == 0 && rc < 0) {
        errno = (int)-rc;
        result = EAI_SYSTEM;
    } else if (result == 0 && q->eai != 0) {
        result = q->eai;
    } else if (result == 0) {
        /* The runner checked each name fits the room asked for. */
        if (q->host_size)
            memcpy(host, q->host, q->host_size);
        if (q->serv_size)
            memcpy(serv, q->serv, q->serv_size);
    }
    free(q);
    return result;
}
