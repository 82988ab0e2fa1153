/* Host I/O (docs/host-io.md): the requests the sandbox runner's syscall
 * bridge sends to the host for an enclave's file system calls, as
 * KEEP_OCALL_SYSCALL. Both sides compile this header.
 *
 * One call: the slot's `in` is an arena buffer holding a
 * keep_hostio_request followed by its payload (path, second path, bytes to
 * write, in that order); `out` is an arena buffer for a keep_hostio_response
 * followed by the answer's bytes (read data, a keep_hostio_stat, dirents).
 * All fields are little-endian and fixed-width. The host distrusts the
 * request (its own descriptor table, paths only under mounted sources); the
 * runner distrusts the response (counts, descriptors, structures, errno). */
#ifndef KEEP_HOSTIO_WIRE_H
#define KEEP_HOSTIO_WIRE_H

#include <stddef.h>
#include <stdint.h>

/* Limits. */
#define KEEP_HOSTIO_PATH_MAX 4096u      /* bytes of a path, NUL included */
#define KEEP_HOSTIO_DATA_MAX (256u << 10) /* bytes read or written per request */
#define KEEP_HOSTIO_MAX_FDS 256u        /* descriptors one enclave may hold open */
#define KEEP_HOSTIO_MAX_MOUNTS 16u
#define KEEP_HOSTIO_ERRNO_MAX 133        /* largest errno a host may answer (EHWPOISON) */
/* The enclave sees descriptor KEEP_HOSTIO_FD_BASE + handle: above the few
 * descriptors the runner itself holds (some of which the seccomp filter
 * lets through to the kernel), below FD_SETSIZE. */
#define KEEP_HOSTIO_FD_BASE 64
#define KEEP_HOSTIO_IN_MAX \
    (sizeof(keep_hostio_request) + 2u * KEEP_HOSTIO_PATH_MAX + KEEP_HOSTIO_DATA_MAX)
#define KEEP_HOSTIO_OUT_MAX (sizeof(keep_hostio_response) + KEEP_HOSTIO_DATA_MAX)

/* Modules (oe_load_module_host_*), a bit each. */
enum keep_hostio_module {
    KEEP_HOSTIO_MODULE_FILE_SYSTEM = 1u << 0,
    KEEP_HOSTIO_MODULE_SOCKETS = 1u << 1,
    KEEP_HOSTIO_MODULE_RESOLVER = 1u << 2,
    KEEP_HOSTIO_MODULE_EPOLL = 1u << 3,
};

/* keep_host_ops.hostio_control operations (in the enclave process only). */
enum keep_hostio_control {
    KEEP_HOSTIO_CONTROL_LOAD = 1,   /* arg = a keep_hostio_module bit */
    KEEP_HOSTIO_CONTROL_MOUNT = 2,  /* source, target; arg = 1: read-only */
    KEEP_HOSTIO_CONTROL_UMOUNT = 3, /* target */
    /* source = node, target = service (either NULL); arg = the address of
     * a keep_hostio_resolution in enclave memory. Returns 0 (the EAI code
     * in `eai`) or -errno. */
    KEEP_HOSTIO_CONTROL_RESOLVE = 4,
    /* arg = the address of a keep_hostio_name_query in enclave memory.
     * Returns 0 (the EAI code in `eai`) or -errno. */
    KEEP_HOSTIO_CONTROL_NAMEINFO = 5,
};


/* Requests. `handle` is an index in the host's table of this enclave's
 * descriptors. Arguments, by op:
 *  OPEN      path; arg0 = flags (KEEP_HOSTIO_O_*), arg1 = mode      -> handle
 *  CLOSE     handle                                                 -> 0
 *  READ      handle; arg0 = size                  -> count, bytes in the answer
 *  WRITE     handle; data                                           -> count
 *  PREAD     handle; arg0 = size, arg1 = offset   -> count, bytes in the answer
 *  PWRITE    handle; data; arg1 = offset                            -> count
 *  LSEEK     handle; arg0 = offset, arg1 = whence (0, 1, 2)         -> offset
 *  FSTAT     handle                               -> 0, a keep_hostio_stat
 *  STAT      path; arg0 = 1: do not follow a final symlink  -> 0, a keep_hostio_stat
 *  UNLINK, RMDIR  path                                              -> 0
 *  MKDIR     path; arg1 = mode                                      -> 0
 *  RENAME    path, path2                                            -> 0
 *  GETDENTS  handle; arg0 = size              -> count, keep_hostio_dirent records
 *  FSYNC, FTRUNCATE  handle; arg0 = length (FTRUNCATE)              -> 0
 *  MOUNT     path = the host source directory; UMOUNT  the same     -> 0 */
enum keep_hostio_op {
    KEEP_HOSTIO_OPEN = 1,
    KEEP_HOSTIO_CLOSE = 2,
    KEEP_HOSTIO_READ = 3,
    KEEP_HOSTIO_WRITE = 4,
    KEEP_HOSTIO_PREAD = 5,
    KEEP_HOSTIO_PWRITE = 6,
    KEEP_HOSTIO_LSEEK = 7,
    KEEP_HOSTIO_FSTAT = 8,
    KEEP_HOSTIO_STAT = 9,
    KEEP_HOSTIO_UNLINK = 10,
    KEEP_HOSTIO_MKDIR = 11,
    KEEP_HOSTIO_RMDIR = 12,
    KEEP_HOSTIO_RENAME = 13,
    KEEP_HOSTIO_GETDENTS = 14,
    KEEP_HOSTIO_FSYNC = 15,
    KEEP_HOSTIO_FTRUNCATE = 16,
    KEEP_HOSTIO_MOUNT = 17,
    KEEP_HOSTIO_UMOUNT = 18,
    /* Sockets (AF_INET and AF_INET6 only; addresses as keep_hostio_sockaddr):
     *  SOCKET    arg0 = domain, arg1 = type | protocol << 32          -> handle
     *  BIND, CONNECT  handle; data = the address                      -> 0
     *  LISTEN    handle; arg0 = backlog                               -> 0
     *  ACCEPT    handle; arg0 = flags (SOCK_NONBLOCK)  -> handle, a keep_hostio_sockaddr
     *  SENDTO    handle; arg0 = flags, arg1 = address size; data = address, bytes -> count
     *  RECVFROM  handle; arg0 = size, arg1 = flags -> count, a keep_hostio_sockaddr, bytes
     *  SETSOCKOPT  handle; arg0 = level, arg1 = name; data = the value -> 0
     *  GETSOCKOPT  handle; arg0 = level, arg1 = name; data = a uint32 size -> size, the value
     *  GETSOCKNAME, GETPEERNAME  handle            -> 0, a keep_hostio_sockaddr
     *  SHUTDOWN  handle; arg0 = how                                   -> 0
     *  POLL      data = keep_hostio_pollfd[]; arg0 = timeout (ms) -> count, the array */
    KEEP_HOSTIO_SOCKET = 19,
    KEEP_HOSTIO_BIND = 20,
    KEEP_HOSTIO_LISTEN = 21,
    KEEP_HOSTIO_ACCEPT = 22,
    KEEP_HOSTIO_CONNECT = 23,
    KEEP_HOSTIO_SENDTO = 24,
    KEEP_HOSTIO_RECVFROM = 25,
    KEEP_HOSTIO_SETSOCKOPT = 26,
    KEEP_HOSTIO_GETSOCKOPT = 27,
    KEEP_HOSTIO_GETSOCKNAME = 28,
    KEEP_HOSTIO_GETPEERNAME = 29,
    KEEP_HOSTIO_SHUTDOWN = 30,
    KEEP_HOSTIO_POLL = 31,
    /* RESOLVE   path = node, path2 = service (each optional); arg0 = flags
     *           | family << 32, arg1 = socktype | protocol << 32
     *           -> 0, a keep_hostio_addrinfo_head and its records */
    KEEP_HOSTIO_RESOLVE = 32,
    /* epoll (the host's data word is always the target's handle; the
     * enclave keeps its own data):
     *  EPOLL_CREATE                                                -> handle
     *  EPOLL_CTL  handle = the epoll instance; arg0 = op, arg1 = the target
     *             handle; data = a uint32 event mask (ADD, MOD)       -> 0
     *  EPOLL_WAIT handle; arg0 = max events, arg1 = timeout (ms)
     *             -> count, keep_hostio_epoll_event[count] */
    KEEP_HOSTIO_EPOLL_CREATE = 33,
    KEEP_HOSTIO_EPOLL_CTL = 34,
    KEEP_HOSTIO_EPOLL_WAIT = 35,
    /* FCNTL   handle; arg0 = F_GETFL or F_SETFL, arg1 = flags
     *         (KEEP_HOSTIO_O_NONBLOCK, KEEP_HOSTIO_O_APPEND)   -> flags or 0
     * ACCESS  path; arg0 = mode (F_OK or R_OK | W_OK | X_OK)   -> 0 */
    KEEP_HOSTIO_FCNTL = 36,
    KEEP_HOSTIO_ACCESS = 37,
    /* DUP     handle; arg0 = the lowest handle it may take, arg1 = the
     *         handle it must take (-1: any; then no other may be open
     *         there: EBUSY)                            -> the new handle,
     *         a duplicate of handle's host descriptor (one open file) */
    KEEP_HOSTIO_DUP = 38,
    /* IOCTL   handle (a socket: others fail with ENOTTY); arg0 =
     *         KEEP_HOSTIO_IOCTL_FIONBIO, arg1 = 0 or 1        -> 0
     *         KEEP_HOSTIO_IOCTL_FIONREAD    -> bytes readable, 0 to INT_MAX */
    KEEP_HOSTIO_IOCTL = 39,
    /* RECVMSG as RECVFROM (datagram sockets; no control data is ever
     * asked for or returned), and the address's `reserved` word is the
     * received msg_flags: only KEEP_HOSTIO_MSG_TRUNC, KEEP_HOSTIO_MSG_CTRUNC */
    KEEP_HOSTIO_RECVMSG = 40,
    /* Write-behind (keep_hostio_ring below):
     *  RING_OPEN   handle (a stream socket); arg0 = the ring's address: a
     *              live arena block the enclave allocated, at least
     *              KEEP_HOSTIO_RING_BYTES; arg1 = the ring's slot (0 to
     *              MAX_FDS - 1, not open)                         -> 0
     *  RING_CLOSE  arg1 = the slot: its writer stops; the host touches the
     *              ring no more once this is answered             -> 0 */
    KEEP_HOSTIO_RING_OPEN = 41,
    KEEP_HOSTIO_RING_CLOSE = 42,
    /* LINK      path (existing), path2 (new); arg0 = 1: follow a final
     *           symlink of path (AT_SYMLINK_FOLLOW), else 0        -> 0
     * TRUNCATE  path; arg0 = length (>= 0)                         -> 0
     * FLOCK     handle; arg0 = KEEP_HOSTIO_LOCK_SH, _EX or _UN, with
     *           KEEP_HOSTIO_LOCK_NB                                -> 0 */
    KEEP_HOSTIO_LINK = 43,
    KEEP_HOSTIO_TRUNCATE = 44,
    KEEP_HOSTIO_FLOCK = 45,
    /* SOCKETPAIR  arg0 = type: SOCK_STREAM or SOCK_DGRAM, optionally
     *             | SOCK_NONBLOCK (an AF_UNIX pair, protocol 0)
     *             -> 0, two uint32 handles (both new in the table) */
    KEEP_HOSTIO_SOCKETPAIR = 46,
    /* NAMEINFO  data = the address (a sockaddr_in or sockaddr_in6 of
     *           exactly that size); arg0 = flags (KEEP_HOSTIO_NI_ALLOWED),
     *           arg1 = host size | service size << 32 (the bytes the
     *           caller has room for, NUL included; at most
     *           KEEP_HOSTIO_NI_HOST_MAX, KEEP_HOSTIO_NI_SERV_MAX; 0: not
     *           asked) -> 0, a keep_hostio_nameinfo_head, then the host
     *           name and the service name (each NUL-terminated exactly at
     *           its stated size) */
    KEEP_HOSTIO_NAMEINFO = 47,
    KEEP_HOSTIO_OP_COUNT = 48,
};

/* IOCTL requests on the wire: only these two exist, never a raw ioctl
 * number. */
#define KEEP_HOSTIO_IOCTL_FIONBIO 1
#define KEEP_HOSTIO_IOCTL_FIONREAD 2

/* flock's operations on the wire (Linux's values). */
#define KEEP_HOSTIO_LOCK_SH 1
#define KEEP_HOSTIO_LOCK_EX 2
#define KEEP_HOSTIO_LOCK_NB 4
#define KEEP_HOSTIO_LOCK_UN 8

/* recvmsg's flags on the wire (Linux's values). */
#define KEEP_HOSTIO_MSG_CTRUNC 0x8
#define KEEP_HOSTIO_MSG_TRUNC 0x20

#define KEEP_HOSTIO_EPOLL_MAX 8u          /* epoll instances per enclave */
#define KEEP_HOSTIO_EPOLL_EVENTS_MAX 256u /* events in one EPOLL_WAIT */

typedef struct keep_hostio_epoll_event {
    uint32_t events;
    uint32_t handle;
} keep_hostio_epoll_event;

_Static_assert(sizeof(keep_hostio_epoll_event) == 8, "fixed wire size");

#define KEEP_HOSTIO_ADDR_MAX 28u  /* sizeof(struct sockaddr_in6) */
#define KEEP_HOSTIO_OPT_MAX 128u  /* bytes of a socket option value */
#define KEEP_HOSTIO_POLL_MAX 256u /* descriptors in one POLL */
#define KEEP_HOSTIO_POLL_TIMEOUT_MAX 3600000 /* ms */

/* A socket address (struct sockaddr_in or sockaddr_in6 bytes). */
typedef struct keep_hostio_sockaddr {
    uint32_t size; /* 0: none */
    uint32_t reserved;
    uint8_t bytes[32];
} keep_hostio_sockaddr;

_Static_assert(sizeof(keep_hostio_sockaddr) == 40, "fixed wire size");

#define KEEP_HOSTIO_ADDRINFO_MAX 32u /* addresses in one RESOLVE answer */

typedef struct keep_hostio_addrinfo_head {
    int32_t eai;    /* 0, or getaddrinfo's EAI_* error (then no records) */
    uint32_t count; /* records that follow */
} keep_hostio_addrinfo_head;

typedef struct keep_hostio_addrinfo {
    int32_t family;
    int32_t socktype;
    int32_t protocol;
    uint32_t addr_size;
    uint8_t addr[32]; /* struct sockaddr_in or sockaddr_in6 bytes */
} keep_hostio_addrinfo;

_Static_assert(sizeof(keep_hostio_addrinfo_head) == 8, "fixed wire size");
_Static_assert(sizeof(keep_hostio_addrinfo) == 48, "fixed wire size");

/* getnameinfo (NAMEINFO): sizes as NI_MAXHOST and NI_MAXSERV; flags
 * NI_NUMERICHOST, NI_NUMERICSERV, NI_NOFQDN, NI_NAMEREQD, NI_DGRAM
 * (Linux's values). */
#define KEEP_HOSTIO_NI_HOST_MAX 1025u
#define KEEP_HOSTIO_NI_SERV_MAX 32u
#define KEEP_HOSTIO_NI_ALLOWED 0x1f

typedef struct keep_hostio_nameinfo_head {
    int32_t eai;        /* 0, or getnameinfo's EAI_* error (then no names) */
    uint32_t host_size; /* bytes of the host name that follow, NUL included; 0: not asked */
    uint32_t serv_size; /* then the service name's */
    uint32_t reserved;
} keep_hostio_nameinfo_head;

_Static_assert(sizeof(keep_hostio_nameinfo_head) == 16, "fixed wire size");

typedef struct keep_hostio_pollfd {
    uint32_t handle;
    int16_t events;
    int16_t revents;
} keep_hostio_pollfd;

_Static_assert(sizeof(keep_hostio_pollfd) == 8, "fixed wire size");

/* A write-behind ring (docs/host-io.md): the enclave queues a blocking
 * stream socket's bytes here and returns; a writer thread on the host sends
 * them. Counters count bytes since RING_OPEN, modulo 2^32; byte n lives at
 * data[n % KEEP_HOSTIO_RING_SIZE]; tail - head is at most the ring's size.
 * The two halves are a cache line each, each written by one side only.
 * The futex words (`wake`, `progress`) are the shared kind: the arena is
 * mapped in both processes. The enclave reads `head` and `error` once per
 * look and checks them (head never moves back or past tail; error 0 or an
 * errno up to KEEP_HOSTIO_ERRNO_MAX); the host trusts nothing it reads
 * either (tail - head beyond the ring's size stops the writer with
 * EINVAL). */
#define KEEP_HOSTIO_RING_SIZE (256u << 10) /* data bytes, a power of two */

typedef struct keep_hostio_ring {
    /* Written by the enclave. */
    uint32_t tail;            /* bytes queued */
    uint32_t wake;            /* bumped to wake the writer (the host's stop too) */
    uint32_t enclave_waiting; /* 1 while the enclave sleeps on `progress` */
    uint32_t reserved0[13];
    /* Written by the host. */
    uint32_t head;           /* bytes the socket took */
    int32_t error;           /* 0, or the errno that stopped the writer */
    uint32_t progress;       /* bumped after each change of head or error */
    uint32_t writer_waiting; /* 1 while the writer sleeps on `wake` */
    uint32_t reserved1[12];
} keep_hostio_ring;

_Static_assert(sizeof(keep_hostio_ring) == 128, "fixed wire size");
_Static_assert(offsetof(keep_hostio_ring, head) == 64, "one cache line per side");
_Static_assert((KEEP_HOSTIO_RING_SIZE & (KEEP_HOSTIO_RING_SIZE - 1)) == 0, "power of two");
#define KEEP_HOSTIO_RING_BYTES (sizeof(keep_hostio_ring) + KEEP_HOSTIO_RING_SIZE)
/* How long a close (enclave) or the enclave's end (host) waits for queued
 * bytes while none moves (the peer does not read) before dropping them. */
#define KEEP_HOSTIO_RING_LINGER_MS 2000u

/* Open flags on the wire (Linux x86-64 values, named so that neither side
 * passes a flag it did not mean: anything else is refused). */
#define KEEP_HOSTIO_O_ACCMODE 03u
#define KEEP_HOSTIO_O_CREAT 0100u
#define KEEP_HOSTIO_O_EXCL 0200u
#define KEEP_HOSTIO_O_TRUNC 01000u
#define KEEP_HOSTIO_O_APPEND 02000u
#define KEEP_HOSTIO_O_NONBLOCK 04000u
#define KEEP_HOSTIO_O_DIRECTORY 0200000u
#define KEEP_HOSTIO_O_NOFOLLOW 0400000u
/* The kernel's O_LARGEFILE (userspace headers define it as 0 on x86-64,
 * but F_GETFL reports it). */
#define KEEP_HOSTIO_O_LARGEFILE 0100000u
#define KEEP_HOSTIO_O_ALLOWED                                                                  \
    (KEEP_HOSTIO_O_ACCMODE | KEEP_HOSTIO_O_CREAT | KEEP_HOSTIO_O_EXCL | KEEP_HOSTIO_O_TRUNC | \
     KEEP_HOSTIO_O_APPEND | KEEP_HOSTIO_O_NONBLOCK | KEEP_HOSTIO_O_DIRECTORY |               \
     KEEP_HOSTIO_O_NOFOLLOW)
#define KEEP_HOSTIO_MODE_MAX 07777u

typedef struct keep_hostio_request {
    uint32_t op;
    uint32_t path_size;  /* bytes of the path, NUL included; 0: none */
    uint32_t path2_size; /* the second path (RENAME) */
    uint32_t data_size;  /* bytes to write, after the paths */
    uint32_t handle;
    uint32_t reserved;
    int64_t arg0;
    int64_t arg1;
} keep_hostio_request;

_Static_assert(sizeof(keep_hostio_request) == 40, "fixed wire size");
_Static_assert(offsetof(keep_hostio_request, arg0) == 24, "fixed wire layout");

typedef struct keep_hostio_response {
    int64_t ret;        /* >= 0: the op's value; < 0: -errno */
    uint32_t data_size; /* bytes after this header */
    uint32_t reserved;
} keep_hostio_response;

_Static_assert(sizeof(keep_hostio_response) == 16, "fixed wire size");

/* A file's status, as the host reports it. */
typedef struct keep_hostio_stat {
    uint64_t dev;
    uint64_t ino;
    uint32_t mode;
    uint32_t nlink;
    uint32_t uid;
    uint32_t gid;
    uint64_t rdev;
    int64_t size;
    int64_t blksize;
    int64_t blocks;
    int64_t atime_sec, mtime_sec, ctime_sec;
    uint32_t atime_nsec, mtime_nsec, ctime_nsec;
    uint32_t reserved;
} keep_hostio_stat;

_Static_assert(sizeof(keep_hostio_stat) == 104, "fixed wire size");

/* A directory entry, in the layout of Linux's linux_dirent64: the name
 * starts at offsetof(name), ends with a NUL inside the record, and
 * record_size is a multiple of 8. */
typedef struct keep_hostio_dirent {
    uint64_t ino;
    int64_t offset;
    uint16_t record_size;
    uint8_t type; /* DT_* */
    char name[5]; /* at least; the record runs on */
} keep_hostio_dirent;

_Static_assert(sizeof(keep_hostio_dirent) == 24, "fixed wire size");
_Static_assert(offsetof(keep_hostio_dirent, name) == 19, "linux_dirent64 layout");
#define KEEP_HOSTIO_NAME_MAX 255u

/* getaddrinfo's hints in, checked records out (enclave memory only). */
typedef struct keep_hostio_resolution {
    int32_t flags, family, socktype, protocol; /* hints */
    int32_t eai;
    uint32_t count;
    keep_hostio_addrinfo records[KEEP_HOSTIO_ADDRINFO_MAX];
} keep_hostio_resolution;

/* getnameinfo's question in, checked names out (enclave memory only). */
typedef struct keep_hostio_name_query {
    int32_t flags;
    uint32_t addr_size; /* sizeof(struct sockaddr_in) or sockaddr_in6 */
    uint8_t addr[32];
    /* In: the sizes asked (0: not asked); out: the names' sizes, NUL
     * included. */
    uint32_t host_size, serv_size;
    int32_t eai;
    char host[KEEP_HOSTIO_NI_HOST_MAX];
    char serv[KEEP_HOSTIO_NI_SERV_MAX];
} keep_hostio_name_query;

#endif
