/* The host's half of host I/O (docs/host-io.md): runs an enclave's file
 * system requests (src/common/hostio_wire.h) with a descriptor table of its
 * own per enclave, so an enclave names only descriptors opened for it, and
 * only paths under the host directories it mounted (internal). */
#ifndef KEEP_HOST_HOSTIO_H
#define KEEP_HOST_HOSTIO_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "../../common/hostio_wire.h"
#include "../host_enclave.h"

struct keep_arena;
struct keep_hostio_writer;

typedef struct keep_hostio {
    pthread_mutex_t lock;
    int fds[KEEP_HOSTIO_MAX_FDS]; /* host descriptors by handle; -1: free */
    char *sources[KEEP_HOSTIO_MAX_MOUNTS]; /* mounted host directories */
    struct keep_arena *arena; /* the enclave's: rings must lie inside it */
    /* Write-behind writers by ring slot (ring.c); under `lock`. */
    struct keep_hostio_writer *writers[KEEP_HOSTIO_MAX_FDS];
} keep_hostio;

/* A request, parsed and copied into host memory. */
typedef struct keep_hostio_parsed {
    keep_hostio_request request;
    const char *path;  /* NULL when absent */
    const char *path2;
    const uint8_t *data;
} keep_hostio_parsed;

/* Parses a request copied into host memory; `parsed` points into `buf`.
 * False when malformed. */
bool keep_hostio_parse(keep_hostio_parsed *parsed, const uint8_t *buf, size_t len);

/* The same for a request whose header and paths (head) were copied into
 * host memory and whose data_size bytes of data lie at `data` (serve.c:
 * the bytes of a WRITE or PWRITE, left in the arena). */
bool keep_hostio_parse_split(keep_hostio_parsed *parsed, const uint8_t *head, size_t head_size,
                             const uint8_t *data, size_t data_size);

/* Serves one KEEP_OCALL_SYSCALL: `in` and `out` lie in the arena. A
 * malformed request is OE_INVALID_PARAMETER; a failed operation is an
 * answer with a negative errno. */
oe_result_t keep_hostio_serve(oe_enclave_t *enclave, const void *in, size_t in_size, void *out,
                              size_t out_size, size_t *out_written)
    __attribute__((warn_unused_result));

/* Closes every descriptor of the enclave and frees its table; NULL is
 * ignored. */
void keep_hostio_free(keep_hostio *hostio);

/* Runs a parsed request (exec.c): the answer's value, and its payload in
 * data[0..*data_size) (at most data_max bytes). */
int64_t keep_hostio_execute(keep_hostio *hostio, const keep_hostio_parsed *parsed,
                            uint8_t *data, size_t data_max, size_t *data_size);

/* An address from the enclave: an IPv4 or IPv6 address of its exact
 * size (exec_socket.c). */
bool keep_hostio_address_ok(const uint8_t *bytes, size_t size);

/* Sockets (exec_socket.c) and POLL (poll.c), as keep_hostio_execute. A
 * handle that is not open polls as POLLNVAL. */
int64_t keep_hostio_execute_socket(keep_hostio *hostio, const keep_hostio_parsed *parsed,
                                   uint8_t *data, size_t data_max, size_t *data_size);
int64_t keep_hostio_poll(keep_hostio *hostio, const keep_hostio_parsed *parsed, uint8_t *data,
                         size_t data_max, size_t *data_size);

/* EPOLL_* (epoll.c). */
int64_t keep_hostio_epoll(keep_hostio *hostio, const keep_hostio_parsed *parsed, uint8_t *data,
                          size_t data_max, size_t *data_size);

/* RESOLVE (resolve.c): getaddrinfo for the enclave. */
int64_t keep_hostio_resolve(const keep_hostio_parsed *parsed, uint8_t *data, size_t data_max,
                            size_t *data_size);
/* NAMEINFO (resolve.c): getnameinfo for the enclave. */
int64_t keep_hostio_nameinfo(const keep_hostio_parsed *parsed, uint8_t *data, size_t data_max,
                             size_t *data_size);

/* Descriptor table (table.c): a duplicate of the handle's host descriptor
 * for one operation (the caller closes it), or -errno; adding and removing. */
int keep_hostio_table_dup(keep_hostio *hostio, uint32_t handle);
int64_t keep_hostio_table_add(keep_hostio *hostio, int fd);
int64_t keep_hostio_table_close(keep_hostio *hostio, uint32_t handle);
/* DUP: a duplicate of the handle's descriptor (one open file) in the
 * lowest free handle >= min, or in `exact` when that is >= 0 (-EBUSY when
 * taken). The new handle or -errno. */
int64_t keep_hostio_table_dup_into(keep_hostio *hostio, uint32_t handle, int64_t min,
                                   int64_t exact);

/* RING_OPEN and RING_CLOSE (ring.c): a writer thread per ring sends what
 * the enclave queues. keep_hostio_rings_stop stops and joins every writer
 * (the enclave is going away; before its arena is unmapped). */
int64_t keep_hostio_ring_request(keep_hostio *hostio, const keep_hostio_parsed *parsed);
void keep_hostio_rings_stop(keep_hostio *hostio);

/* For tests that play a lying host: called by a writer each time it has
 * published its head or error, before it wakes the enclave; may change
 * the ring's host words. NULL in production. */
extern void (*keep_hostio_ring_test_hook)(keep_hostio_ring *ring);

/* Mounted sources (table.c): MOUNT and UMOUNT, and whether `path` lies
 * under a mounted source and is normalised. */
int64_t keep_hostio_mount(keep_hostio *hostio, const char *source, bool add);
bool keep_hostio_path_allowed(keep_hostio *hostio, const char *path);

/* For tests that play a lying host: called with every answer before it is
 * written for the enclave; may change it. NULL in production. */
extern void (*keep_hostio_test_hook)(uint32_t op, keep_hostio_response *response, uint8_t *data,
                                     size_t data_max);

#endif
