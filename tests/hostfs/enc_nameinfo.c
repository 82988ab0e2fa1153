/* The host I/O tests' getnameinfo calls (hf_host.c: test_nameinfo). The
 * same code runs on sandbox (through the host) and sim (libc). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <openenclave/enclave.h>

#include "hostfs_t.h"

/* getnameinfo of 127.0.0.1:8080 (v6: [::1]:8080; other: an AF_UNIX
 * address), salen shortened by `short_by`, into a host buffer of
 * `hostlen` bytes and a service buffer of 16. Returns 0 with
 * "host|service" in out, getnameinfo's EAI code (negative), 10000 +
 * errno for EAI_SYSTEM, or 1000 when a failed call touched the buffers. */
int hn_nameinfo(int v6, int short_by, int flags, int hostlen, char *out)
{
    struct sockaddr_in a4 = {.sin_family = AF_INET, .sin_port = htons(8080)};
    struct sockaddr_in6 a6 = {.sin6_family = AF_INET6, .sin6_port = htons(8080)};
    struct sockaddr_un un = {.sun_family = AF_UNIX, .sun_path = "x"};
    a4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a6.sin6_addr = in6addr_loopback;
    const struct sockaddr *sa = v6 == 1 ? (const struct sockaddr *)&a6
                                : v6 == 0 ? (const struct sockaddr *)&a4
                                          : (const struct sockaddr *)&un;
    socklen_t salen = v6 == 1 ? sizeof(a6) : v6 == 0 ? sizeof(a4) : sizeof(un);
    char host[64], serv[16], untouched[64];
    memset(host, '#', sizeof(host));
    memset(serv, '#', sizeof(serv));
    memset(untouched, '#', sizeof(untouched));
    if (hostlen < 0 || hostlen > (int)sizeof(host))
        return -1;
    errno = 0;
    int eai = getnameinfo(sa, salen - (socklen_t)short_by, host, (socklen_t)hostlen, serv,
                          sizeof(serv), flags);
    if (eai != 0) {
        if (memcmp(host, untouched, sizeof(host)) || memcmp(serv, untouched, sizeof(serv)))
            return 1000;
        return eai == EAI_SYSTEM ? 10000 + errno : eai;
    }
    size_t host_len = strnlen(host, sizeof(host)), serv_len = strnlen(serv, sizeof(serv));
    if (host_len == sizeof(host) || serv_len == sizeof(serv) || host_len + serv_len + 2 > 64)
        return -1;
    memcpy(out, host, host_len);
    out[host_len] = '|';
    memcpy(out + host_len + 1, serv, serv_len + 1);
    return 0;
}
