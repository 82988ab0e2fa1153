/* The runner's host I/O calls, one per system call, each returning its
 * result or -errno as the kernel would (internal). */
#ifndef KEEP_RUNNER_HOSTIO_OPS_H
#define KEEP_RUNNER_HOSTIO_OPS_H

#include <poll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "hostio.h"

/* On descriptors (hostio_fdops.c). */
long keep_hostio_read(long fd, void *buf, size_t size);
long keep_hostio_pread(long fd, void *buf, size_t size, int64_t offset);
long keep_hostio_getdents(long fd, void *buf, size_t size);
long keep_hostio_write(long fd, const void *buf, size_t size);
long keep_hostio_pwrite(long fd, const void *buf, size_t size, int64_t offset);
long keep_hostio_lseek(long fd, int64_t offset, int whence);
long keep_hostio_fd_simple(uint32_t op, long fd, int64_t arg0); /* FSYNC, FTRUNCATE, FLOCK */
long keep_hostio_close(long fd);
long keep_hostio_fcntl(long fd, long cmd, long arg); /* F_GETFD/SETFD/GETFL/SETFL */
long keep_hostio_fstat(long fd, struct stat *out);
long keep_hostio_stat_answer(keep_hostio_call *call, struct stat *out);

/* On paths (hostio_pathops.c). `dirfd` is AT_FDCWD, or ignored for an
 * absolute path; other relative lookups are not supported. */
long keep_hostio_openat(long dirfd, const char *path, long flags, long mode);
long keep_hostio_statat(long dirfd, const char *path, struct stat *out, long flags);
long keep_hostio_path_op(uint32_t op, long dirfd, const char *path, long mode); /* mode:
    MKDIR's permissions, ACCESS's F_OK/R_OK/W_OK/X_OK */
long keep_hostio_renameat(long olddirfd, const char *old_path, long newdirfd,
                          const char *new_path);
/* linkat (flags 0 or AT_SYMLINK_FOLLOW; both paths under one mount, else
 * -EXDEV) and truncate by path. */
long keep_hostio_linkat(long olddirfd, const char *old_path, long newdirfd,
                        const char *new_path, long flags);
long keep_hostio_truncate(const char *path, int64_t length);

/* Sockets (hostio_sockets.c, hostio_sockio.c, hostio_poll.c). */
long keep_hostio_socket(long domain, long type, long protocol);
/* socketpair: AF_UNIX (else -EAFNOSUPPORT), SOCK_STREAM or SOCK_DGRAM
 * (with SOCK_NONBLOCK, SOCK_CLOEXEC), protocol 0; the host's two handles
 * checked and claimed together (-EIO, nothing claimed, when implausible). */
long keep_hostio_socketpair(long domain, long type, long protocol, int *sv);
/* BIND, CONNECT (bytes = the address), LISTEN, SETSOCKOPT, SHUTDOWN: 0 or -errno. */
long keep_hostio_sock_simple(uint32_t op, long fd, const void *bytes, size_t size, int64_t arg0,
                             int64_t arg1);
long keep_hostio_accept(long fd, struct sockaddr *addr, socklen_t *len, long flags);
long keep_hostio_name(uint32_t op, long fd, struct sockaddr *addr, socklen_t *len);
long keep_hostio_copy_address(const keep_hostio_sockaddr *a, struct sockaddr *addr,
                              socklen_t *len);
long keep_hostio_sendto(long fd, const void *buf, size_t size, long flags,
                        const struct sockaddr *to, socklen_t to_size);
long keep_hostio_recvfrom(long fd, void *buf, size_t size, long flags, struct sockaddr *from,
                          socklen_t *from_size);
/* sendmsg, recvmsg: plain iovecs (at most IOV_MAX) and an address; a
 * request with control data is -EOPNOTSUPP, none is ever received. */
long keep_hostio_sendmsg(long fd, const struct msghdr *msg, long flags);
long keep_hostio_recvmsg(long fd, struct msghdr *msg, long flags);
/* One RECVFROM on a handle, without the read-ahead and the address. */
long keep_hostio_recv_direct(long handle, void *buf, size_t size, long flags);

/* Read-ahead for stream sockets (hostio_readahead.c), per open
 * description. _open on a new descriptor (stream: a SOCK_STREAM socket),
 * _drop when the last descriptor of a description (its slot) is closed;
 * _pending: bytes are kept (poll, epoll_wait report it readable); _read:
 * when the handle is a stream socket, serves read/recv (flags as recv's)
 * into *result (count or -errno) and returns true. */
#define KEEP_HOSTIO_READAHEAD (64u << 10)
void keep_hostio_readahead_open(long handle, bool stream);
void keep_hostio_readahead_drop(long slot);
bool keep_hostio_readahead_pending(long handle);
bool keep_hostio_readahead_read(long handle, void *buf, size_t size, long flags, long *result);

/* Write-behind for stream sockets (hostio_writebehind.c), per open
 * description. _open on a new socket (stream: SOCK_STREAM; nonblock:
 * SOCK_NONBLOCK; pair: an end of a socketpair, which _pair then tells
 * until the slot takes another description); _nonblock after O_NONBLOCK
 * changed; _write: when the send is a blocking plain one on a stream
 * socket, queues it (count or -errno in *result) and returns true;
 * _flush waits until every queued byte is sent (!wait: -EAGAIN instead),
 * with `report` taking the writer's pending error (0 or -errno; -EIO
 * once the host has lied); _stop: later sends go to the host (after
 * shutdown); _close, of the
 * description in `slot` when its last descriptor closes: drains (giving
 * up once nothing has moved for KEEP_HOSTIO_RING_LINGER_MS), stops the
 * host's writer, and returns the error to report or 0; _reset, of a slot
 * a fresh description takes: stops any writer left there (a close racing
 * with another thread's, which left the ring in place) without draining,
 * so no byte of the new description joins an old ring. */
void keep_hostio_writebehind_open(long handle, bool stream, bool nonblock, bool pair);
bool keep_hostio_writebehind_pair(long handle);
void keep_hostio_writebehind_nonblock(long handle, bool on);
bool keep_hostio_writebehind_write(long handle, const void *buf, size_t size, long flags,
                                   long *result);
long keep_hostio_writebehind_flush(long handle, bool report, bool wait);
/* _settle: before a call that never waits for the send buffer in Linux
 * (shutdown, setsockopt, fcntl F_SETFL, ioctl FIONBIO): waits for the
 * queue as _flush does, but goes on (0) once nothing has moved for
 * KEEP_HOSTIO_RING_LINGER_MS, the bytes left queued. */
long keep_hostio_writebehind_settle(long handle, bool report);
/* _so_error, for getsockopt(SO_ERROR): -EIO once the host has lied about
 * the ring; else the writer's error not reported yet (taken as a report
 * but still failing later sends), or when there is none `ask`'s answer:
 * the host's SO_ERROR for the handle (0 with *error checked to be 0 to
 * KEEP_HOSTIO_ERRNO_MAX, or -errno). A non-zero one for a socket with a
 * ring ends queuing and fails every later send, and the writer's later
 * error is not reported again. *error is 0 on failure. Never waits for a
 * peer; `ask` is called with the description's lock held. */
typedef long keep_hostio_so_error_ask(long handle, int *error);
long keep_hostio_writebehind_so_error(long handle, keep_hostio_so_error_ask *ask, int *error);
void keep_hostio_writebehind_stop(long handle);
long keep_hostio_writebehind_close(long slot);
void keep_hostio_writebehind_reset(long slot);

long keep_hostio_getsockopt(long fd, long level, long name, void *value, socklen_t *size);
long keep_hostio_poll(struct pollfd *fds, unsigned long count, long timeout_ms);
/* select and pselect6 (the signal mask ignored) as a poll; `ts` is the
 * timeout (NULL: none), zeroed when it expires. */
long keep_hostio_select(int nfds, fd_set *rd, fd_set *wr, fd_set *ex, struct timespec *ts);
/* ioctl(FIONBIO, FIONREAD) on sockets; others -ENOTTY. */
long keep_hostio_ioctl(long fd, unsigned long request, void *arg);
/* Bytes the read-ahead keeps for the handle's socket. */
size_t keep_hostio_readahead_kept(long handle);

/* epoll (hostio_epoll.c); keep_hostio_epoll_forget drops what the enclave
 * kept about a handle it closed. */
struct epoll_event;
long keep_hostio_epoll_create(long flags);
long keep_hostio_epoll_ctl(long epfd, long op, long fd, const struct epoll_event *ev);
long keep_hostio_epoll_wait(long epfd, struct epoll_event *events, long max, long timeout_ms);
void keep_hostio_epoll_forget(long handle);
/* Whether the handle is an epoll instance; deleting the handle's
 * registrations on the host (before closing a descriptor that a dup
 * shares). */
bool keep_hostio_epoll_is_instance(long handle);
void keep_hostio_epoll_unregister(long handle);

/* dup, dup2, dup3, fcntl(F_DUPFD, F_DUPFD_CLOEXEC) (hostio_dup.c). */
long keep_hostio_dup(long fd, long min_fd);
long keep_hostio_dup3(long fd, long new_fd, long flags, bool dup2);

#endif
