/* Host I/O calls on descriptors: read, write, pread/pwrite, lseek, fstat,
 * getdents64, fsync, ftruncate, close. Each checks the host's answer
 * against what was asked (counts never above the request). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hostio.h"
#include "hostio_ops.h"

static size_t clamp(size_t size)
{
    return size < KEEP_HOSTIO_DATA_MAX ? size : KEEP_HOSTIO_DATA_MAX;
}

/* READ, PREAD, GETDENTS: the answer is `ret` bytes into `buf`. */
static long read_into(uint32_t op, long fd, void *buf, size_t size, int64_t offset)
{
    long handle = keep_hostio_fd_handle(fd);
    if (handle < 0)
        return handle;
    size_t want = clamp(size);
    keep_hostio_call call = {
        .request = {.op = op, .handle = (uint32_t)handle, .arg0 = (int64_t)want, .arg1 = offset},
        .answer = buf,
        .answer_max = want,
    };
    long rc = keep_hostio_transact(&call);
    if (rc >= 0 && (size_t)rc != call.answer_size)
        return -EIO;
    if (rc > 0 && op == KEEP_HOSTIO_GETDENTS && !keep_hostio_dirents_plausible(buf, (size_t)rc))
        return -EIO;
    return rc;
}

long keep_hostio_read(long fd, void *buf, size_t size)
{
    long handle = keep_hostio_fd_handle(fd), rc;
    if (handle >= 0 && keep_hostio_readahead_read(handle, buf, size, 0, &rc))
        return rc; /* a stream socket */
    return read_into(KEEP_HOSTIO_READ, fd, buf, size, 0);
}

long keep_hostio_pread(long fd, void *buf, size_t size, int64_t offset)
{
    if (offset < 0)
        return -EINVAL;
    return read_into(KEEP_HOSTIO_PREAD, fd, buf, size, offset);
}

long keep_hostio_getdents(long fd, void *buf, size_t size)
{
    return read_into(KEEP_HOSTIO_GETDENTS, fd, buf, size, 0);
}

static long write_from(uint32_t op, long fd, const void *buf, size_t size, int64_t offset)
{
    long handle = keep_hostio_fd_handle(fd);
    if (handle < 0)
        return handle;
    size_t count = clamp(size);
    keep_hostio_call call = {
        .request = {.op = op, .handle = (uint32_t)handle, .data_size = (uint32_t)count,
                    .arg1 = offset},
        .data = buf,
    };
    long rc = keep_hostio_transact(&call);
    return rc > (long)count || call.answer_size ? -EIO : rc;
}

long keep_hostio_write(long fd, const void *buf, size_t size)
{
    long handle = keep_hostio_fd_handle(fd), rc;
    if (handle >= 0 && keep_hostio_writebehind_write(handle, buf, size, 0, &rc))
        return rc; /* queued for a stream socket */
    /* Not queued: bytes still queued go first (and an error they met is
     * this write's). */
    if (handle >= 0 && (rc = keep_hostio_writebehind_flush(handle, true, true)) != 0)
        return rc;
    return write_from(KEEP_HOSTIO_WRITE, fd, buf, size, 0);
}

long keep_hostio_pwrite(long fd, const void *buf, size_t size, int64_t offset)
{
    if (offset < 0)
        return -EINVAL;
    return write_from(KEEP_HOSTIO_PWRITE, fd, buf, size, offset);
}

/* Ops whose answer is a bare value: CLOSE, LSEEK, FSYNC, FTRUNCATE. */
static long simple(uint32_t op, long handle, int64_t arg0, int64_t arg1)
{
    keep_hostio_call call = {
        .request = {.op = op, .handle = (uint32_t)handle, .arg0 = arg0, .arg1 = arg1}};
    long rc = keep_hostio_transact(&call);
    return call.answer_size ? -EIO : rc;
}

long keep_hostio_lseek(long fd, int64_t offset, int whence)
{
    long handle = keep_hostio_fd_handle(fd);
    if (handle < 0)
        return handle;
    if (whence != SEEK_SET && whence != SEEK_CUR && whence != SEEK_END)
        return -EINVAL;
    long rc = simple(KEEP_HOSTIO_LSEEK, handle, offset, whence);
    /* A seek to an absolute offset lands there, or fails. */
    if (rc >= 0 && whence == SEEK_SET && rc != offset)
        return -EIO;
    return rc;
}

/* flock: one of LOCK_SH, LOCK_EX, LOCK_UN, optionally LOCK_NB. */
static bool flock_operation_valid(int64_t operation)
{
    int64_t kind = operation & ~(int64_t)KEEP_HOSTIO_LOCK_NB;
    return kind == KEEP_HOSTIO_LOCK_SH || kind == KEEP_HOSTIO_LOCK_EX ||
           kind == KEEP_HOSTIO_LOCK_UN;
}

long keep_hostio_fd_simple(uint32_t op, long fd, int64_t arg0)
{
    long handle = keep_hostio_fd_handle(fd);
    if (handle < 0)
        return handle;
    if (op == KEEP_HOSTIO_FTRUNCATE && arg0 < 0)
        return -EINVAL;
    if (op == KEEP_HOSTIO_FLOCK && !flock_operation_valid(arg0))
        return -EINVAL;
    long rc = simple(op, handle, arg0, 0);
    return rc > 0 ? -EIO : rc;
}

long keep_hostio_close(long fd)
{
    long handle = keep_hostio_fd_handle(fd);
    if (handle < 0)
        return handle;
    /* The last descriptor of a socket with bytes queued: they are sent
     * first (within the linger bound) and the host's writer stopped. */
    long queued_rc = 0;
    bool ring_closed = false;
    if (keep_hostio_fd_shared(handle)) {
        keep_hostio_epoll_unregister(handle);
    } else {
        queued_rc = keep_hostio_writebehind_close(keep_hostio_fd_description(handle));
        ring_closed = true;
    }
    /* Released first: the host cannot hand the handle out again before it
     * has closed it, and the descriptor is gone whatever the answer. */
    long last = keep_hostio_fd_release(handle);
    keep_hostio_epoll_forget(handle);
    if (last >= 0) {
        keep_hostio_readahead_drop(last);
        /* Closed at once with a dup on another thread (neither saw itself
         * the last): the ring goes now. Only then: the slot is free, and
         * another thread's new socket may have taken it meanwhile. */
        if (!ring_closed)
            queued_rc = keep_hostio_writebehind_close(last);
    }
    long rc = simple(KEEP_HOSTIO_CLOSE, handle, 0, 0);
    if (rc == 0)
        rc = queued_rc;
    return rc > 0 ? -EIO : rc;
}

/* The host's keep_hostio_stat, checked, as the kernel's struct stat. */
long keep_hostio_stat_answer(keep_hostio_call *call, struct stat *out)
{
    keep_hostio_stat st;
    call->answer = &st;
    call->answer_max = sizeof(st);
    long rc = keep_hostio_transact(call);
    if (rc < 0)
        return rc;
    if (rc != 0 || call->answer_size != sizeof(st) || !keep_hostio_stat_plausible(&st))
        return -EIO;
    memset(out, 0, sizeof(*out));
    out->st_dev = st.dev;
    out->st_ino = st.ino;
    out->st_mode = st.mode;
    out->st_nlink = st.nlink;
    out->st_uid = st.uid;
    out->st_gid = st.gid;
    out->st_rdev = st.rdev;
    out->st_size = st.size;
    out->st_blksize = st.blksize;
    out->st_blocks = st.blocks;
    out->st_atim = (struct timespec){st.atime_sec, st.atime_nsec};
    out->st_mtim = (struct timespec){st.mtime_sec, st.mtime_nsec};
    out->st_ctim = (struct timespec){st.ctime_sec, st.ctime_nsec};
    return 0;
}

long keep_hostio_fstat(long fd, struct stat *out)
{
    long handle = keep_hostio_fd_handle(fd);
    if (handle < 0)
        return handle;
    keep_hostio_call call = {.request = {.op = KEEP_HOSTIO_FSTAT, .handle = (uint32_t)handle}};
    return keep_hostio_stat_answer(&call, out);
}

/* fcntl: descriptor flags are local (every host descriptor is
 * close-on-exec); status flags go to the host, and only O_NONBLOCK and
 * O_APPEND can change. */
long keep_hostio_fcntl(long fd, long cmd, long arg)
{
    long handle = keep_hostio_fd_handle(fd);
    if (handle < 0)
        return handle;
    const long reported = O_ACCMODE | O_APPEND | O_NONBLOCK | KEEP_HOSTIO_O_LARGEFILE | O_ASYNC |
                          O_DIRECT | O_NOATIME | O_SYNC | O_DSYNC;
    switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC: return keep_hostio_dup(fd, arg);
    case F_GETFD: return FD_CLOEXEC;
    case F_SETFD: return 0;
    }
    if (cmd != F_SETFL && cmd != F_GETFL)
        return -EINVAL;
    /* Status flags: queued bytes go first under the flags they were
     * written with (within the linger bound: fcntl never waits for a
     * peer in Linux); F_GETFL needs nothing sent. */
    long rc = cmd == F_SETFL ? keep_hostio_writebehind_settle(handle, false) : 0;
    if (rc)
        return rc;
    switch (cmd) {
    case F_SETFL:
        rc = simple(KEEP_HOSTIO_FCNTL, handle, F_SETFL, arg & (O_NONBLOCK | O_APPEND));
        if (rc == 0)
            keep_hostio_writebehind_nonblock(handle, (arg & O_NONBLOCK) != 0);
        return rc > 0 ? -EIO : rc;
    case F_GETFL:
        rc = simple(KEEP_HOSTIO_FCNTL, handle, F_GETFL, 0);
        if (rc >= 0 && ((rc & ~reported) || (rc & O_ACCMODE) == O_ACCMODE))
            return -EIO;
        return rc;
    }
    return -EINVAL;
}
