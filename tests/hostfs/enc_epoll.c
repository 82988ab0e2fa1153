/* The host I/O tests' epoll calls: a listener and a connection on
 * 127.0.0.1 watched through one epoll instance, with the caller's data
 * words coming back. Returns 0 or the failing line (hs_last_errno). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openenclave/enclave.h>

#include "hostfs_t.h"
#include "hs_enclave.h"

#define LISTENER_DATA 0xfeedface12345678ull
#define CONNECTION_DATA 2ull

int he_load_epoll(void)
{
    return oe_load_module_host_epoll() == OE_OK ? 0 : -1;
}

static int wait_one(int ep, uint64_t data)
{
    struct epoll_event ev[4];
    CHECK(epoll_wait(ep, ev, 4, 5000) == 1);
    CHECK(ev[0].data.u64 == data && (ev[0].events & EPOLLIN));
    return 0;
}

static int pair(int *srv, int *cli, struct sockaddr_in *a)
{
    *a = (struct sockaddr_in){.sin_family = AF_INET};
    a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(*a);
    *srv = socket(AF_INET, SOCK_STREAM, 0);
    *cli = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(*srv >= 0 && *cli >= 0);
    CHECK(bind(*srv, (struct sockaddr *)a, sizeof(*a)) == 0 && listen(*srv, 4) == 0);
    CHECK(getsockname(*srv, (struct sockaddr *)a, &len) == 0);
    return 0;
}

int he_epoll(void)
{
    int srv, cli, rc;
    struct sockaddr_in a;
    int ep = epoll_create1(0);
    CHECK(ep >= 0);
    if ((rc = pair(&srv, &cli, &a)))
        return rc;
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = LISTENER_DATA};
    CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, srv, &ev) == 0);
    CHECK(connect(cli, (struct sockaddr *)&a, sizeof(a)) == 0);
    if ((rc = wait_one(ep, LISTENER_DATA)))
        return rc;
    int conn = accept(srv, NULL, NULL);
    CHECK(conn >= 0);
    CHECK(epoll_ctl(ep, EPOLL_CTL_DEL, srv, NULL) == 0);
    ev = (struct epoll_event){.events = EPOLLIN, .data.u64 = CONNECTION_DATA};
    CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, conn, &ev) == 0);
    CHECK(send(cli, "xyz", 3, 0) == 3);
    if ((rc = wait_one(ep, CONNECTION_DATA)))
        return rc;
    /* One byte read: the others are kept in the enclave (read-ahead), the
     * host's socket is empty, and epoll_wait still reports them at once. */
    char c;
    CHECK(recv(conn, &c, 1, 0) == 1 && c == 'x');
    if ((rc = wait_one(ep, CONNECTION_DATA)))
        return rc;
    char rest[4];
    CHECK(recv(conn, rest, sizeof(rest), MSG_DONTWAIT) == 2 && memcmp(rest, "yz", 2) == 0);
    CHECK(epoll_wait(ep, &ev, 1, 0) == 0);
    CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, conn, &ev) != 0 && errno == EEXIST);
    CHECK(close(conn) == 0 && close(cli) == 0 && close(srv) == 0 && close(ep) == 0);
    return 0;
}
