/* Host I/O calls on paths: open, stat, unlink, mkdir, rmdir, rename, link,
 * truncate, chdir. The enclave's path (a relative one from the current
 * directory) goes through the mount table; the host sees only the mapped
 * host path. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "hostio_ops.h"

static long resolve(char host_path[KEEP_HOSTIO_PATH_MAX], long dirfd, const char *path,
                    bool write)
{
    if (!path)
        return -EFAULT;
    if (path[0] != '/' && (int)dirfd != AT_FDCWD)
        return -ENOTSUP;
    return keep_hostio_map_path(host_path, path, write);
}

/* Open flags the enclave may pass; O_CLOEXEC, O_NOCTTY and O_LARGEFILE mean
 * nothing for a host descriptor. */
static long wire_flags(long flags)
{
    long ignored = O_CLOEXEC | O_NOCTTY | KEEP_HOSTIO_O_LARGEFILE;
    long rest = flags & ~ignored;
    if (rest & ~(long)KEEP_HOSTIO_O_ALLOWED || (rest & O_ACCMODE) == O_ACCMODE)
        return -EINVAL;
    return rest;
}

long keep_hostio_openat(long dirfd, const char *path, long flags, long mode)
{
    long wire = wire_flags(flags);
    if (wire < 0)
        return wire;
    bool write = (wire & (O_ACCMODE | O_CREAT | O_TRUNC)) != 0;
    char host_path[KEEP_HOSTIO_PATH_MAX];
    long rc = resolve(host_path, dirfd, path, write);
    if (rc)
        return rc;
    keep_hostio_call call = {
        .request = {.op = KEEP_HOSTIO_OPEN, .arg0 = wire, .arg1 = mode & KEEP_HOSTIO_MODE_MAX},
        .path = host_path,
    };
    rc = keep_hostio_transact(&call);
    if (rc < 0)
        return rc;
    if (call.answer_size)
        return -EIO;
    return keep_hostio_fd_claim(rc);
}

long keep_hostio_statat(long dirfd, const char *path, struct stat *out, long flags)
{
    if (flags & ~(long)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
        return -EINVAL;
    if (path && path[0] == '\0' && (flags & AT_EMPTY_PATH)) {
        if ((int)dirfd != AT_FDCWD)
            return keep_hostio_fstat(dirfd, out);
        path = "."; /* Linux stats the current directory itself */
    }
    char host_path[KEEP_HOSTIO_PATH_MAX];
    long rc = resolve(host_path, dirfd, path, false);
    if (rc)
        return rc;
    keep_hostio_call call = {
        .request = {.op = KEEP_HOSTIO_STAT, .arg0 = (flags & AT_SYMLINK_NOFOLLOW) ? 1 : 0},
        .path = host_path,
    };
    return keep_hostio_stat_answer(&call, out);
}

/* UNLINK, RMDIR, MKDIR, ACCESS: 0 or -errno. */
long keep_hostio_path_op(uint32_t op, long dirfd, const char *path, long mode)
{
    char host_path[KEEP_HOSTIO_PATH_MAX];
    if (op == KEEP_HOSTIO_ACCESS && (mode & ~(long)(R_OK | W_OK | X_OK)))
        return -EINVAL;
    /* Asking whether a file is writable changes nothing. */
    long rc = resolve(host_path, dirfd, path, op != KEEP_HOSTIO_ACCESS);
    if (rc)
        return rc;
    keep_hostio_call call = {
        .request = {.op = op, .arg0 = op == KEEP_HOSTIO_ACCESS ? mode : 0,
                    .arg1 = mode & KEEP_HOSTIO_MODE_MAX},
        .path = host_path,
    };
    rc = keep_hostio_transact(&call);
    return rc > 0 || call.answer_size ? -EIO : rc;
}

long keep_hostio_renameat(long olddirfd, const char *old_path, long newdirfd,
                          const char *new_path)
{
    char host_old[KEEP_HOSTIO_PATH_MAX], host_new[KEEP_HOSTIO_PATH_MAX];
    long rc = resolve(host_old, olddirfd, old_path, true);
    if (rc == 0)
        rc = resolve(host_new, newdirfd, new_path, true);
    if (rc)
        return rc;
    keep_hostio_call call = {
        .request = {.op = KEEP_HOSTIO_RENAME},
        .path = host_old,
        .path2 = host_new,
    };
    rc = keep_hostio_transact(&call);
    return rc > 0 || call.answer_size ? -EIO : rc;
}

/* linkat: both names under one mount (a hard link never crosses file
 * systems; EXDEV as the kernel says for two mounts of one), neither under
 * a read-only one. Only AT_SYMLINK_FOLLOW: AT_EMPTY_PATH would name a
 * descriptor, and relative lookups other than AT_FDCWD's are refused. */
long keep_hostio_linkat(long olddirfd, const char *old_path, long newdirfd,
                        const char *new_path, long flags)
{
    if (flags & ~(long)AT_SYMLINK_FOLLOW)
        return -EINVAL;
    if (!old_path || !new_path)
        return -EFAULT;
    if ((old_path[0] != '/' && (int)olddirfd != AT_FDCWD) ||
        (new_path[0] != '/' && (int)newdirfd != AT_FDCWD))
        return -ENOTSUP;
    char host_old[KEEP_HOSTIO_PATH_MAX], host_new[KEEP_HOSTIO_PATH_MAX];
    long old_mount, new_mount;
    long rc = keep_hostio_map_path_mount(host_old, old_path, true, &old_mount);
    if (rc == 0)
        rc = keep_hostio_map_path_mount(host_new, new_path, true, &new_mount);
    if (rc)
        return rc;
    if (old_mount != new_mount)
        return -EXDEV;
    keep_hostio_call call = {
        .request = {.op = KEEP_HOSTIO_LINK, .arg0 = (flags & AT_SYMLINK_FOLLOW) ? 1 : 0},
        .path = host_old,
        .path2 = host_new,
    };
    rc = keep_hostio_transact(&call);
    return rc > 0 || call.answer_size ? -EIO : rc;
}

long keep_hostio_truncate(const char *path, int64_t length)
{
    if (length < 0)
        return -EINVAL;
    char host_path[KEEP_HOSTIO_PATH_MAX];
    long rc = resolve(host_path, AT_FDCWD, path, true);
    if (rc)
        return rc;
    keep_hostio_call call = {
        .request = {.op = KEEP_HOSTIO_TRUNCATE, .arg0 = length},
        .path = host_path,
    };
    rc = keep_hostio_transact(&call);
    return rc > 0 || call.answer_size ? -EIO : rc;
}

/* chdir: the directory must lie under a mount and the host's stat (which
 * follows symbolic links, as chdir does) must call it a directory; the
 * answer is checked like any stat's (EIO when implausible), and only an
 * exact S_IFDIR type counts (S_IFSOCK and S_IFBLK share its bit). "/" is
 * always a directory: the enclave starts there and needs no mount for it.
 * Search permission on the directory itself is not asked (as OE): a later
 * relative call gets the host's EACCES. */
long keep_hostio_chdir(const char *path)
{
    if (!path)
        return -EFAULT;
    char normal[KEEP_HOSTIO_PATH_MAX], host_path[KEEP_HOSTIO_PATH_MAX];
    unsigned long detaches = keep_hostio_cwd_detaches(); /* before it is read */
    const unsigned long *relative = path[0] == '/' ? NULL : &detaches;
    long rc = keep_hostio_normalize(normal, path);
    if (rc)
        return rc;
    if (strcmp(normal, "/") == 0)
        return keep_hostio_cwd_commit(normal, 0, relative);
    if (!keep_hostio_module_loaded(KEEP_HOSTIO_MODULE_FILE_SYSTEM))
        return -ENOSYS;
    long mount;
    rc = keep_hostio_map_path_mount(host_path, normal, false, &mount);
    if (rc)
        return rc;
    keep_hostio_call call = {.request = {.op = KEEP_HOSTIO_STAT}, .path = host_path};
    struct stat st;
    rc = keep_hostio_stat_answer(&call, &st);
    if (rc)
        return rc;
    if ((st.st_mode & S_IFMT) != S_IFDIR)
        return -ENOTDIR;
    return keep_hostio_cwd_commit(normal, mount, relative);
}
