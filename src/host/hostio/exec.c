/* Running an enclave's host I/O request with the host's own system calls:
 * descriptors only from the enclave's table, paths only under the host
 * directories it mounted. Every result is a value or -errno. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "hostio.h"

/* The wire's open flags are Linux x86-64's own (hostio_wire.h). */
_Static_assert(KEEP_HOSTIO_O_CREAT == O_CREAT && KEEP_HOSTIO_O_EXCL == O_EXCL &&
                   KEEP_HOSTIO_O_TRUNC == O_TRUNC && KEEP_HOSTIO_O_APPEND == O_APPEND &&
                   KEEP_HOSTIO_O_NONBLOCK == O_NONBLOCK && KEEP_HOSTIO_O_DIRECTORY == O_DIRECTORY &&
                   KEEP_HOSTIO_O_NOFOLLOW == O_NOFOLLOW && KEEP_HOSTIO_O_ACCMODE == O_ACCMODE,
               "open flags on the wire");
_Static_assert(KEEP_HOSTIO_LOCK_SH == LOCK_SH && KEEP_HOSTIO_LOCK_EX == LOCK_EX &&
                   KEEP_HOSTIO_LOCK_NB == LOCK_NB && KEEP_HOSTIO_LOCK_UN == LOCK_UN,
               "flock operations on the wire");

static int64_t result_of(int64_t rc)
{
    return rc < 0 ? -(int64_t)errno : rc;
}

static void fill_stat(keep_hostio_stat *out, const struct stat *st)
{
    *out = (keep_hostio_stat){
        .dev = st->st_dev, .ino = st->st_ino, .mode = st->st_mode,
        .nlink = (uint32_t)st->st_nlink, .uid = st->st_uid, .gid = st->st_gid,
        .rdev = st->st_rdev, .size = st->st_size, .blksize = st->st_blksize,
        .blocks = st->st_blocks,
        .atime_sec = st->st_atim.tv_sec, .atime_nsec = (uint32_t)st->st_atim.tv_nsec,
        .mtime_sec = st->st_mtim.tv_sec, .mtime_nsec = (uint32_t)st->st_mtim.tv_nsec,
        .ctime_sec = st->st_ctim.tv_sec, .ctime_nsec = (uint32_t)st->st_ctim.tv_nsec,
    };
}

static int64_t stat_answer(int rc, const struct stat *st, uint8_t *data, size_t data_max,
                           size_t *data_size)
{
    if (rc != 0)
        return -(int64_t)errno;
    if (data_max < sizeof(keep_hostio_stat))
        return -EINVAL;
    keep_hostio_stat wire;
    fill_stat(&wire, st);
    memcpy(data, &wire, sizeof(wire));
    *data_size = sizeof(wire);
    return 0;
}

static int64_t file_flags(int fd, const keep_hostio_request *r)
{
    const int64_t settable = KEEP_HOSTIO_O_NONBLOCK | KEEP_HOSTIO_O_APPEND;
    if (r->arg0 == F_GETFL)
        return result_of(fcntl(fd, F_GETFL));
    if (r->arg0 != F_SETFL || (r->arg1 & ~settable))
        return -EINVAL;
    return result_of(fcntl(fd, F_SETFL, (int)r->arg1));
}

/* IOCTL: FIONBIO and FIONREAD, on sockets only. */
static int64_t socket_ioctl(int fd, const keep_hostio_request *r)
{
    struct stat st;
    if (fstat(fd, &st) != 0)
        return -(int64_t)errno;
    if (!S_ISSOCK(st.st_mode))
        return -ENOTTY;
    int value = 0;
    switch (r->arg0) {
    case KEEP_HOSTIO_IOCTL_FIONBIO:
        if (r->arg1 != 0 && r->arg1 != 1)
            return -EINVAL;
        value = (int)r->arg1;
        return result_of(ioctl(fd, FIONBIO, &value));
    case KEEP_HOSTIO_IOCTL_FIONREAD:
        return ioctl(fd, FIONREAD, &value) != 0 ? -(int64_t)errno : value;
    }
    return -EINVAL;
}

/* FLOCK: one of LOCK_SH, LOCK_EX, LOCK_UN, optionally LOCK_NB. The lock
 * belongs to the open file, which the duplicate shares with the table's
 * descriptor, so it outlives this call. */
static int64_t lock_file(int fd, int64_t operation)
{
    int64_t kind = operation & ~(int64_t)LOCK_NB;
    if (kind != LOCK_SH && kind != LOCK_EX && kind != LOCK_UN)
        return -EINVAL;
    return result_of(flock(fd, (int)operation));
}

/* Operations on a (duplicated) descriptor of the enclave's table. */
static int64_t on_fd(int fd, const keep_hostio_parsed *p, uint8_t *data, size_t data_max,
                     size_t *data_size)
{
    const keep_hostio_request *r = &p->request;
    size_t want = r->arg0 < 0 ? 0 : (size_t)r->arg0;
    want = want < data_max ? want : data_max;
    int64_t rc = -EINVAL;
    struct stat st;
    switch (r->op) {
    case KEEP_HOSTIO_READ: rc = result_of(read(fd, data, want)); break;
    case KEEP_HOSTIO_PREAD: rc = result_of(pread(fd, data, want, r->arg1)); break;
    case KEEP_HOSTIO_GETDENTS: rc = result_of(syscall(SYS_getdents64, fd, data, want)); break;
    case KEEP_HOSTIO_WRITE: return result_of(write(fd, p->data, r->data_size));
    case KEEP_HOSTIO_PWRITE: return result_of(pwrite(fd, p->data, r->data_size, r->arg1));
    case KEEP_HOSTIO_LSEEK: return result_of(lseek(fd, r->arg0, (int)r->arg1));
    case KEEP_HOSTIO_FSYNC: return result_of(fsync(fd));
    case KEEP_HOSTIO_FTRUNCATE: return result_of(ftruncate(fd, r->arg0));
    case KEEP_HOSTIO_FSTAT: return stat_answer(fstat(fd, &st), &st, data, data_max, data_size);
    case KEEP_HOSTIO_FCNTL: return file_flags(fd, r);
    case KEEP_HOSTIO_IOCTL: return socket_ioctl(fd, r);
    case KEEP_HOSTIO_FLOCK: return lock_file(fd, r->arg0);
    }
    if (rc > 0)
        *data_size = (size_t)rc;
    return rc;
}

static int64_t open_path(keep_hostio *hostio, const keep_hostio_parsed *p)
{
    const keep_hostio_request *r = &p->request;
    if (r->arg0 < 0 || (r->arg0 & ~(int64_t)KEEP_HOSTIO_O_ALLOWED) || r->arg1 < 0 ||
        r->arg1 > KEEP_HOSTIO_MODE_MAX)
        return -EINVAL;
    /* No set-user-ID, set-group-ID or sticky files made for an enclave. */
    int fd = open(p->path, (int)r->arg0 | O_CLOEXEC | O_NOCTTY, (mode_t)r->arg1 & 0777);
    if (fd < 0)
        return -(int64_t)errno;
    return keep_hostio_table_add(hostio, fd);
}

static int64_t on_path(keep_hostio *hostio, const keep_hostio_parsed *p, uint8_t *data,
                       size_t data_max, size_t *data_size)
{
    const keep_hostio_request *r = &p->request;
    struct stat st;
    switch (r->op) {
    case KEEP_HOSTIO_OPEN: return open_path(hostio, p);
    case KEEP_HOSTIO_UNLINK: return result_of(unlink(p->path));
    case KEEP_HOSTIO_RMDIR: return result_of(rmdir(p->path));
    case KEEP_HOSTIO_MKDIR:
        return r->arg1 < 0 || r->arg1 > KEEP_HOSTIO_MODE_MAX
                   ? -EINVAL
                   : result_of(mkdir(p->path, (mode_t)r->arg1 & 0777));
    case KEEP_HOSTIO_RENAME:
        if (!keep_hostio_path_allowed(hostio, p->path2))
            return -EACCES;
        return result_of(rename(p->path, p->path2));
    case KEEP_HOSTIO_LINK:
        if (!keep_hostio_path_allowed(hostio, p->path2))
            return -EACCES;
        if (r->arg0 != 0 && r->arg0 != 1)
            return -EINVAL;
        return result_of(linkat(AT_FDCWD, p->path, AT_FDCWD, p->path2,
                                r->arg0 ? AT_SYMLINK_FOLLOW : 0));
    case KEEP_HOSTIO_TRUNCATE:
        return r->arg0 < 0 ? -EINVAL : result_of(truncate(p->path, r->arg0));
    case KEEP_HOSTIO_ACCESS:
        if (r->arg0 & ~(int64_t)(R_OK | W_OK | X_OK))
            return -EINVAL;
        return result_of(access(p->path, (int)r->arg0));
    case KEEP_HOSTIO_STAT: {
        int rc = r->arg0 ? lstat(p->path, &st) : stat(p->path, &st);
        return stat_answer(rc, &st, data, data_max, data_size);
    }
    }
    return -EINVAL;
}

static int64_t mount_source(keep_hostio *hostio, const keep_hostio_parsed *p)
{
    struct stat st;
    if (p->request.op == KEEP_HOSTIO_MOUNT) {
        if (!p->path || stat(p->path, &st) != 0)
            return p->path ? -(int64_t)errno : -EINVAL;
        if (!S_ISDIR(st.st_mode))
            return -ENOTDIR;
    }
    return keep_hostio_mount(hostio, p->path, p->request.op == KEEP_HOSTIO_MOUNT);
}

int64_t keep_hostio_execute(keep_hostio *hostio, const keep_hostio_parsed *parsed,
                            uint8_t *data, size_t data_max, size_t *data_size)
{
    *data_size = 0;
    uint32_t op = parsed->request.op;
    if (op == KEEP_HOSTIO_MOUNT || op == KEEP_HOSTIO_UMOUNT)
        return mount_source(hostio, parsed);
    if (op >= KEEP_HOSTIO_EPOLL_CREATE && op <= KEEP_HOSTIO_EPOLL_WAIT)
        return keep_hostio_epoll(hostio, parsed, data, data_max, data_size);
    if (op == KEEP_HOSTIO_RESOLVE)
        return keep_hostio_resolve(parsed, data, data_max, data_size);
    if (op == KEEP_HOSTIO_NAMEINFO)
        return keep_hostio_nameinfo(parsed, data, data_max, data_size);
    if ((op >= KEEP_HOSTIO_SOCKET && op <= KEEP_HOSTIO_POLL) || op == KEEP_HOSTIO_RECVMSG ||
        op == KEEP_HOSTIO_SOCKETPAIR)
        return keep_hostio_execute_socket(hostio, parsed, data, data_max, data_size);
    if (op == KEEP_HOSTIO_RING_OPEN || op == KEEP_HOSTIO_RING_CLOSE)
        return keep_hostio_ring_request(hostio, parsed);
    if (op == KEEP_HOSTIO_CLOSE)
        return keep_hostio_table_close(hostio, parsed->request.handle);
    if (op == KEEP_HOSTIO_DUP)
        return keep_hostio_table_dup_into(hostio, parsed->request.handle,
                                          parsed->request.arg0, parsed->request.arg1);
    bool by_path = op == KEEP_HOSTIO_OPEN || op == KEEP_HOSTIO_STAT || op == KEEP_HOSTIO_UNLINK ||
                   op == KEEP_HOSTIO_MKDIR || op == KEEP_HOSTIO_RMDIR ||
                   op == KEEP_HOSTIO_RENAME || op == KEEP_HOSTIO_ACCESS ||
                   op == KEEP_HOSTIO_LINK || op == KEEP_HOSTIO_TRUNCATE;
    if (by_path) {
        if (!keep_hostio_path_allowed(hostio, parsed->path))
            return -EACCES;
        return on_path(hostio, parsed, data, data_max, data_size);
    }
    int fd = keep_hostio_table_dup(hostio, parsed->request.handle);
    if (fd < 0)
        return fd;
    int64_t rc = on_fd(fd, parsed, data, data_max, data_size);
    close(fd);
    return rc;
}
