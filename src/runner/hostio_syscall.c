/* The syscall bridge's file system calls (docs/host-io.md): the system
 * call numbers the running seccomp filter traps, mapped to host I/O
 * requests once the enclave has loaded the host file system module. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/syscall.h>
#include <sys/select.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <time.h>

#include "hostio_ops.h"

static long vector_io(long fd, const struct iovec *iov, long count, bool write)
{
    if (count < 0 || count > IOV_MAX)
        return -EINVAL;
    long total = 0;
    for (long i = 0; i < count; i++) {
        size_t len = iov[i].iov_len;
        long n = write ? keep_hostio_write(fd, iov[i].iov_base, len)
                       : keep_hostio_read(fd, iov[i].iov_base, len);
        if (n < 0)
            return total ? total : n;
        total += n;
        if ((size_t)n < len)
            break;
    }
    return total;
}

static long descriptor_call(long nr, const long a[6])
{
    switch (nr) {
    case SYS_read: return keep_hostio_read(a[0], (void *)a[1], (size_t)a[2]);
    case SYS_write: return keep_hostio_write(a[0], (const void *)a[1], (size_t)a[2]);
    case SYS_readv: return vector_io(a[0], (const struct iovec *)a[1], a[2], false);
    case SYS_writev: return vector_io(a[0], (const struct iovec *)a[1], a[2], true);
    case SYS_pread64: return keep_hostio_pread(a[0], (void *)a[1], (size_t)a[2], a[3]);
    case SYS_pwrite64: return keep_hostio_pwrite(a[0], (const void *)a[1], (size_t)a[2], a[3]);
    case SYS_lseek: return keep_hostio_lseek(a[0], a[1], (int)a[2]);
    case SYS_fstat: return keep_hostio_fstat(a[0], (struct stat *)a[1]);
    case SYS_getdents64: return keep_hostio_getdents(a[0], (void *)a[1], (size_t)a[2]);
    case SYS_fsync:
    case SYS_fdatasync: return keep_hostio_fd_simple(KEEP_HOSTIO_FSYNC, a[0], 0);
    case SYS_ftruncate: return keep_hostio_fd_simple(KEEP_HOSTIO_FTRUNCATE, a[0], a[1]);
    case SYS_close: return keep_hostio_close(a[0]);
    case SYS_fcntl: return keep_hostio_fcntl(a[0], a[1], a[2]);
    case SYS_ioctl: return keep_hostio_ioctl(a[0], (uint32_t)a[1], (void *)a[2]);
    case SYS_dup: return keep_hostio_dup(a[0], 0);
    case SYS_dup2: return keep_hostio_dup3(a[0], a[1], 0, true);
    case SYS_dup3: return keep_hostio_dup3(a[0], a[1], a[2], false);
    }
    return -ENOSYS;
}

static long unlinkat_call(const long a[6])
{
    if (a[2] & ~(long)AT_REMOVEDIR)
        return -EINVAL;
    uint32_t op = (a[2] & AT_REMOVEDIR) ? KEEP_HOSTIO_RMDIR : KEEP_HOSTIO_UNLINK;
    return keep_hostio_path_op(op, a[0], (const char *)a[1], 0);
}

static long path_call(long nr, const long a[6])
{
    const long cwd = AT_FDCWD;
    switch (nr) {
    case SYS_open: return keep_hostio_openat(cwd, (const char *)a[0], a[1], a[2]);
    case SYS_openat: return keep_hostio_openat(a[0], (const char *)a[1], a[2], a[3]);
    case SYS_stat: return keep_hostio_statat(cwd, (const char *)a[0], (struct stat *)a[1], 0);
    case SYS_lstat:
        return keep_hostio_statat(cwd, (const char *)a[0], (struct stat *)a[1],
                                  AT_SYMLINK_NOFOLLOW);
    case SYS_newfstatat:
        return keep_hostio_statat(a[0], (const char *)a[1], (struct stat *)a[2], a[3]);
    case SYS_unlink: return keep_hostio_path_op(KEEP_HOSTIO_UNLINK, cwd, (const char *)a[0], 0);
    case SYS_unlinkat: return unlinkat_call(a);
    case SYS_rmdir: return keep_hostio_path_op(KEEP_HOSTIO_RMDIR, cwd, (const char *)a[0], 0);
    case SYS_mkdir: return keep_hostio_path_op(KEEP_HOSTIO_MKDIR, cwd, (const char *)a[0], a[1]);
    case SYS_mkdirat: return keep_hostio_path_op(KEEP_HOSTIO_MKDIR, a[0], (const char *)a[1], a[2]);
    case SYS_access: return keep_hostio_path_op(KEEP_HOSTIO_ACCESS, cwd, (const char *)a[0], a[1]);
    case SYS_faccessat:
        return keep_hostio_path_op(KEEP_HOSTIO_ACCESS, a[0], (const char *)a[1], a[2]);
    case SYS_faccessat2:
        if (a[3] & ~(long)AT_EACCESS)
            return -EINVAL;
        return keep_hostio_path_op(KEEP_HOSTIO_ACCESS, a[0], (const char *)a[1], a[2]);
    case SYS_rename:
        return keep_hostio_renameat(cwd, (const char *)a[0], cwd, (const char *)a[1]);
    case SYS_renameat:
        return keep_hostio_renameat(a[0], (const char *)a[1], a[2], (const char *)a[3]);
    case SYS_renameat2:
        if (a[4] != 0)
            return -EINVAL;
        return keep_hostio_renameat(a[0], (const char *)a[1], a[2], (const char *)a[3]);
    case SYS_link:
        return keep_hostio_linkat(cwd, (const char *)a[0], cwd, (const char *)a[1], 0);
    case SYS_linkat:
        return keep_hostio_linkat(a[0], (const char *)a[1], a[2], (const char *)a[3], a[4]);
    case SYS_truncate: return keep_hostio_truncate((const char *)a[0], a[1]);
    /* flock is the file system module's only (as OE's fcntl.edl), so it
     * is not among the calls a socket-only enclave reaches. */
    case SYS_flock: return keep_hostio_fd_simple(KEEP_HOSTIO_FLOCK, a[0], a[1]);
    }
    return descriptor_call(nr, a);
}

static long ppoll_call(const long a[6])
{
    const struct timespec *ts = (const struct timespec *)a[2];
    long ms = -1;
    if (ts) {
        if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000)
            return -EINVAL;
        ms = ts->tv_sec > KEEP_HOSTIO_POLL_TIMEOUT_MAX ? KEEP_HOSTIO_POLL_TIMEOUT_MAX
                                                       : ts->tv_sec * 1000 + ts->tv_nsec / 1000000;
    }
    return keep_hostio_poll((struct pollfd *)a[0], (unsigned long)a[1], ms);
}

/* select's timeval in and out, as a timespec for keep_hostio_select. */
static long select_call(const long a[6])
{
    struct timeval *tv = (struct timeval *)a[4];
    struct timespec ts;
    if (tv) {
        if (tv->tv_usec < 0 || tv->tv_usec >= 1000000)
            return -EINVAL;
        ts = (struct timespec){tv->tv_sec, tv->tv_usec * 1000};
    }
    long rc = keep_hostio_select((int)a[0], (fd_set *)a[1], (fd_set *)a[2], (fd_set *)a[3],
                                 tv ? &ts : NULL);
    if (rc == 0 && tv)
        *tv = (struct timeval){0, 0};
    return rc;
}

static long wait_call(long nr, const long a[6])
{
    switch (nr) {
    case SYS_poll: return keep_hostio_poll((struct pollfd *)a[0], (unsigned long)a[1], a[2]);
    case SYS_ppoll: return ppoll_call(a);
    case SYS_select: return select_call(a);
    case SYS_pselect6: /* the signal mask (a[5]) is ignored, as epoll_pwait's */
        return keep_hostio_select((int)a[0], (fd_set *)a[1], (fd_set *)a[2], (fd_set *)a[3],
                                  (struct timespec *)a[4]);
    }
    return -ENOSYS;
}

static long socket_call(long nr, const long a[6])
{
    const size_t addr_max = KEEP_HOSTIO_ADDR_MAX;
    switch (nr) {
    case SYS_socket: return keep_hostio_socket(a[0], a[1], a[2]);
    case SYS_socketpair: return keep_hostio_socketpair(a[0], a[1], a[2], (int *)a[3]);
    case SYS_bind:
    case SYS_connect:
        if ((size_t)a[2] > addr_max)
            return -EINVAL;
        return keep_hostio_sock_simple(nr == SYS_bind ? KEEP_HOSTIO_BIND : KEEP_HOSTIO_CONNECT,
                                       a[0], (const void *)a[1], (size_t)a[2], 0, 0);
    case SYS_listen: return keep_hostio_sock_simple(KEEP_HOSTIO_LISTEN, a[0], NULL, 0, a[1], 0);
    case SYS_accept: return keep_hostio_accept(a[0], (void *)a[1], (socklen_t *)a[2], 0);
    case SYS_accept4: return keep_hostio_accept(a[0], (void *)a[1], (socklen_t *)a[2], a[3]);
    case SYS_sendto:
        return keep_hostio_sendto(a[0], (const void *)a[1], (size_t)a[2], a[3],
                                  (const struct sockaddr *)a[4], (socklen_t)a[5]);
    case SYS_recvfrom:
        return keep_hostio_recvfrom(a[0], (void *)a[1], (size_t)a[2], a[3], (void *)a[4],
                                    (socklen_t *)a[5]);
    case SYS_setsockopt:
        if ((size_t)a[4] > KEEP_HOSTIO_OPT_MAX)
            return -EINVAL;
        return keep_hostio_sock_simple(KEEP_HOSTIO_SETSOCKOPT, a[0], (const void *)a[3],
                                       (size_t)a[4], a[1], a[2]);
    case SYS_getsockopt:
        return keep_hostio_getsockopt(a[0], a[1], a[2], (void *)a[3], (socklen_t *)a[4]);
    case SYS_getsockname:
        return keep_hostio_name(KEEP_HOSTIO_GETSOCKNAME, a[0], (void *)a[1], (socklen_t *)a[2]);
    case SYS_getpeername:
        return keep_hostio_name(KEEP_HOSTIO_GETPEERNAME, a[0], (void *)a[1], (socklen_t *)a[2]);
    case SYS_shutdown: return keep_hostio_sock_simple(KEEP_HOSTIO_SHUTDOWN, a[0], NULL, 0, a[1], 0);
    case SYS_sendmsg: return keep_hostio_sendmsg(a[0], (const struct msghdr *)a[1], a[2]);
    case SYS_recvmsg: return keep_hostio_recvmsg(a[0], (struct msghdr *)a[1], a[2]);
    }
    return -ENOSYS;
}

static long epoll_call(long nr, const long a[6])
{
    switch (nr) {
    case SYS_epoll_create: return a[0] <= 0 ? -EINVAL : keep_hostio_epoll_create(0);
    case SYS_epoll_create1: return keep_hostio_epoll_create(a[0]);
    case SYS_epoll_ctl: return keep_hostio_epoll_ctl(a[0], a[1], a[2], (const void *)a[3]);
    case SYS_epoll_wait:
    case SYS_epoll_pwait: return keep_hostio_epoll_wait(a[0], (void *)a[1], a[2], a[3]);
    }
    return -ENOSYS;
}

/* The current directory is the enclave's (hostio_path.c): getcwd works
 * without the module (the directory is "/" then), chdir to "/" too; any
 * other chdir needs it (ENOSYS, as every call the module brings). fchdir
 * is not supported: the enclave does not keep the path a descriptor was
 * opened by (ENOSYS for a host descriptor, EBADF for any other). */
static bool cwd_call(long nr, const long a[6], long *result)
{
    switch (nr) {
    case SYS_getcwd: *result = keep_hostio_getcwd((char *)a[0], (size_t)a[1]); return true;
    case SYS_chdir: *result = keep_hostio_chdir((const char *)a[0]); return true;
    case SYS_fchdir:
        *result = -ENOSYS;
        if (keep_hostio_module_loaded(KEEP_HOSTIO_MODULE_FILE_SYSTEM) &&
            keep_hostio_fd_handle(a[0]) < 0)
            *result = -EBADF;
        return true;
    }
    return false;
}

static bool in_list(long nr, const int *list, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (list[i] == nr)
            return true;
    return false;
}

bool keep_runner_hostio_syscall(long nr, const long args[6], long *result)
{
    /* Writes to stdout and stderr stay with the bridge's output path. */
    if ((nr == SYS_write || nr == SYS_writev) && (args[0] == 1 || args[0] == 2))
        return false;
    if (cwd_call(nr, args, result))
        return true;
    bool files = keep_hostio_module_loaded(KEEP_HOSTIO_MODULE_FILE_SYSTEM);
    bool sockets = keep_hostio_module_loaded(KEEP_HOSTIO_MODULE_SOCKETS);
    *result = -ENOSYS;
    if (in_list(nr, keep_hostio_epoll_syscalls, keep_hostio_epoll_syscall_count)) {
        if (keep_hostio_module_loaded(KEEP_HOSTIO_MODULE_EPOLL))
            *result = epoll_call(nr, args);
    } else if (in_list(nr, keep_hostio_socket_syscalls, keep_hostio_socket_syscall_count) ||
               in_list(nr, keep_hostio_msg_syscalls, keep_hostio_msg_syscall_count)) {
        if (sockets)
            *result = socket_call(nr, args);
    } else if (nr == SYS_poll || nr == SYS_ppoll || nr == SYS_select || nr == SYS_pselect6) {
        if (files || sockets)
            *result = wait_call(nr, args);
    } else if (files) {
        *result = path_call(nr, args);
    } else if (sockets) {
        *result = descriptor_call(nr, args);
    }
    return true;
}

/* The system calls the running filter traps for the host file system
 * (confine.c), besides write and writev; getcwd and chdir are answered
 * with or without the module (cwd_call). */
const int keep_hostio_file_syscalls[] = {
    SYS_read,     SYS_readv,     SYS_pread64,   SYS_pwrite64,   SYS_lseek,     SYS_fstat,
    SYS_getdents64, SYS_fsync,   SYS_fdatasync, SYS_ftruncate,  SYS_close,     SYS_open,
    SYS_openat,   SYS_stat,      SYS_lstat,     SYS_newfstatat, SYS_unlink,    SYS_unlinkat,
    SYS_rmdir,    SYS_mkdir,     SYS_mkdirat,   SYS_rename,     SYS_renameat,  SYS_renameat2,
    SYS_poll,     SYS_ppoll,     SYS_fcntl,     SYS_access,     SYS_faccessat, SYS_faccessat2,
    SYS_dup,      SYS_dup2,      SYS_dup3,      SYS_ioctl,      SYS_select,    SYS_pselect6,
    SYS_link,     SYS_linkat,    SYS_truncate,  SYS_flock,      SYS_getcwd,    SYS_chdir,
    SYS_fchdir,
};
const size_t keep_hostio_file_syscall_count =
    sizeof(keep_hostio_file_syscalls) / sizeof(keep_hostio_file_syscalls[0]);

/* ... and for sockets (sendto only on descriptors other than the bootstrap
 * socket, which the filter allows). */
const int keep_hostio_socket_syscalls[] = {
    SYS_socket,      SYS_bind,        SYS_listen,      SYS_accept,     SYS_accept4,
    SYS_connect,     SYS_sendto,      SYS_recvfrom,    SYS_setsockopt, SYS_getsockopt,
    SYS_getsockname, SYS_getpeername, SYS_shutdown,    SYS_socketpair,
};
const size_t keep_hostio_socket_syscall_count =
    sizeof(keep_hostio_socket_syscalls) / sizeof(keep_hostio_socket_syscalls[0]);

/* ... and sendmsg and recvmsg on descriptors other than the platform
 * socket's, which the filter allows (confine.c); a message there never
 * reaches the bridge. */
const int keep_hostio_msg_syscalls[] = {SYS_sendmsg, SYS_recvmsg};
const size_t keep_hostio_msg_syscall_count =
    sizeof(keep_hostio_msg_syscalls) / sizeof(keep_hostio_msg_syscalls[0]);

/* ... and for epoll. */
const int keep_hostio_epoll_syscalls[] = {
    SYS_epoll_create, SYS_epoll_create1, SYS_epoll_ctl, SYS_epoll_wait, SYS_epoll_pwait,
};
const size_t keep_hostio_epoll_syscall_count =
    sizeof(keep_hostio_epoll_syscalls) / sizeof(keep_hostio_epoll_syscalls[0]);
