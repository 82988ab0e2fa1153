/* What the host I/O tests' enclave files share (enc_sockets.c,
 * enc_epoll.c, enc_compat.c): the failing-line convention and a TCP pair
 * on 127.0.0.1. */
#ifndef HS_ENCLAVE_H
#define HS_ENCLAVE_H

#include <errno.h>
#include <netinet/in.h>

/* errno at the last failed CHECK (hs_last_errno() returns it). */
extern int hs_errno_slot;

/* Returns the line from the calling function when `cond` is false. */
#define CHECK(cond)                \
    do {                           \
        if (!(cond)) {             \
            hs_errno_slot = errno; \
            return __LINE__;       \
        }                          \
    } while (0)

/* A listener on 127.0.0.1 (*srv, its address in *a) and one connection
 * (*cli, and the server's side *conn): 0 or the failing line. */
int hs_tcp_pair(struct sockaddr_in *a, int *srv, int *cli, int *conn);

#endif
