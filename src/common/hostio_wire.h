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
#define KEEP_HOSTIO_DATA_MAX (16u << 10) /* bytes read or written per request */
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
    KEEP_HOSTIO_OP_COUNT = 19,
};

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

#endif
