/* The runner's host I/O calls, one per system call, each returning its
 * result or -errno as the kernel would (internal). */
#ifndef KEEP_RUNNER_HOSTIO_OPS_H
#define KEEP_RUNNER_HOSTIO_OPS_H

#include <sys/stat.h>

#include "hostio.h"

/* On descriptors (hostio_fdops.c). */
long keep_hostio_read(long fd, void *buf, size_t size);
long keep_hostio_pread(long fd, void *buf, size_t size, int64_t offset);
long keep_hostio_getdents(long fd, void *buf, size_t size);
long keep_hostio_write(long fd, const void *buf, size_t size);
long keep_hostio_pwrite(long fd, const void *buf, size_t size, int64_t offset);
long keep_hostio_lseek(long fd, int64_t offset, int whence);
long keep_hostio_fd_simple(uint32_t op, long fd, int64_t arg0); /* FSYNC, FTRUNCATE */
long keep_hostio_close(long fd);
long keep_hostio_fstat(long fd, struct stat *out);
long keep_hostio_stat_answer(keep_hostio_call *call, struct stat *out);

/* On paths (hostio_pathops.c). `dirfd` is AT_FDCWD, or ignored for an
 * absolute path; other relative lookups are not supported. */
long keep_hostio_openat(long dirfd, const char *path, long flags, long mode);
long keep_hostio_statat(long dirfd, const char *path, struct stat *out, long flags);
long keep_hostio_path_op(uint32_t op, long dirfd, const char *path, long mode);
long keep_hostio_renameat(long olddirfd, const char *old_path, long newdirfd,
                          const char *new_path);

#endif
