/* The runner's half of host I/O (docs/host-io.md): the syscall bridge's
 * file system calls, forwarded to the host as KEEP_OCALL_SYSCALL once the
 * enclave has loaded the module, with every answer checked (internal). */
#ifndef KEEP_RUNNER_HOSTIO_H
#define KEEP_RUNNER_HOSTIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/hostio_wire.h"

/* keep_host_ops.hostio_control for the sandbox. */
long keep_runner_hostio_control(void *ctx, uint32_t op, const char *source, const char *target,
                                uint64_t arg);

/* The syscall bridge's entry: when `nr` is a host I/O call, stores its
 * result (or -errno) in *result and returns true. */
bool keep_runner_hostio_syscall(long nr, const long args[6], long *result);

/* The system calls the running filter traps into the bridge for host I/O. */
extern const int keep_hostio_file_syscalls[];
extern const size_t keep_hostio_file_syscall_count;
extern const int keep_hostio_socket_syscalls[]; /* sendto: see confine.c */
extern const size_t keep_hostio_socket_syscall_count;
extern const int keep_hostio_msg_syscalls[]; /* sendmsg, recvmsg: see confine.c */
extern const size_t keep_hostio_msg_syscall_count;
extern const int keep_hostio_epoll_syscalls[];
extern const size_t keep_hostio_epoll_syscall_count;

/* True when the module bit is loaded. */
bool keep_hostio_module_loaded(uint32_t module);

/* Descriptors: the handle behind an enclave descriptor (or -EBADF); a
 * new handle from the host made an enclave descriptor (or -EIO when the
 * host answered an implausible one), naming a new open description or,
 * for a dup, sharing `old`'s; a descriptor released, returning its
 * description's slot when this was its last descriptor (-1 otherwise).
 * A description's slot (0 to KEEP_HOSTIO_MAX_FDS - 1, or -1 when the
 * handle is not open) keys what the enclave keeps per open socket; shared:
 * another descriptor names the same description. */
long keep_hostio_fd_handle(long fd);
long keep_hostio_fd_claim(long handle);
long keep_hostio_fd_claim_dup(long handle, long old);
long keep_hostio_fd_release(long handle);
long keep_hostio_fd_description(long handle);
bool keep_hostio_fd_shared(long handle);

/* Resolves an enclave path (relative paths start at the current
 * directory) through the mounts into host_path. `write`: the call changes
 * the file system (EROFS under a read-only mount). 0 or -errno. */
long keep_hostio_map_path(char host_path[KEEP_HOSTIO_PATH_MAX], const char *path, bool write);
/* The same, also naming the mount that covers the path (its id, unique
 * for the enclave's life; -1 on failure): link's two paths must share one
 * (EXDEV), and the current directory remembers its own. */
long keep_hostio_map_path_mount(char host_path[KEEP_HOSTIO_PATH_MAX], const char *path,
                                bool write, long *mount);

/* Lexically normalises `path` into an absolute one (no ".", "..", empty
 * components or trailing '/'); a relative path starts at the current
 * directory (-ENOENT when its mount was unmounted). 0 or -errno. */
long keep_hostio_normalize(char out[KEEP_HOSTIO_PATH_MAX], const char *path);

/* The enclave's current directory (hostio_path.c), "/" at first:
 * _getcwd as the getcwd system call (its length with the NUL, -ERANGE
 * when size cannot hold it, -ENOENT once detached, -EFAULT for NULL);
 * _chdir (hostio_pathops.c) checks the directory with the host and moves
 * there; _commit makes the normalised path current when the mount `mount`
 * (0 for "/") still exists and, for a path resolved from the current
 * directory (`detaches` not NULL), that directory was not detached since
 * _detaches said *detaches (-ENOENT otherwise); _store does it
 * unconditionally (under the mounts' lock); _unmounted detaches it when
 * `mount` was its mount; _detaches counts how often it was detached. */
long keep_hostio_getcwd(char *buf, size_t size);
long keep_hostio_chdir(const char *path);
long keep_hostio_cwd_commit(const char *normal, long mount, const unsigned long *detaches);
void keep_hostio_cwd_store(const char *normal, long mount);
void keep_hostio_cwd_unmounted(long mount);
unsigned long keep_hostio_cwd_detaches(void);

/* One request to the host. `answer` receives at most answer_max bytes of
 * the answer's payload (*answer_size). Returns the host's value, or
 * -errno: the host's if plausible, EIO for a malformed answer. */
typedef struct keep_hostio_call {
    keep_hostio_request request;
    const char *path;  /* host paths, or NULL */
    const char *path2;
    /* The payload, request.data_size bytes: prefix_size bytes of `prefix`
     * (e.g. a destination address; may be 0), then the rest from `data`. */
    const void *prefix;
    size_t prefix_size;
    const void *data;
    /* The answer's payload: with answer_head, its first answer_head_size
     * bytes go there (a shorter successful answer is -EIO), the rest to
     * `answer`. answer_max counts both. */
    void *answer_head;
    size_t answer_head_size;
    void *answer;
    size_t answer_max;
    size_t answer_size;
} keep_hostio_call;
long keep_hostio_transact(keep_hostio_call *call);

/* The answer `out[0..written)` (read once from the arena) for `call`
 * (hostio_answer.c): copies the payload out and sets answer_size, or
 * returns -EIO when the answer breaks the contract (its size disagrees
 * with `written` or exceeds answer_max, a successful answer is shorter
 * than the head, an error answer has a payload or an errno no system
 * call returns). The host's value or -errno otherwise. */
long keep_hostio_read_answer(keep_hostio_call *call, const uint8_t *out, size_t written);

/* RECVMSG's reported flags: only MSG_TRUNC and MSG_CTRUNC, and MSG_TRUNC
 * only when `count` filled the `want` bytes asked for. */
bool keep_hostio_recv_flags_plausible(uint32_t flags, size_t count, size_t want);

/* A write-behind ring's host words, read once (hostio_answer.c): with
 * `head` and `tail` the enclave's own counters (tail - head queued), the
 * host's head must lie in [head, tail] modulo 2^32 and its error be 0 or
 * an errno up to KEEP_HOSTIO_ERRNO_MAX. */
bool keep_hostio_ring_plausible(uint32_t head, uint32_t tail, uint32_t host_head,
                                int32_t host_error);

/* getaddrinfo through the host (hostio_resolve.c): fills res->eai, count
 * and records after checking them. 0 or -errno. */
long keep_hostio_resolve(const char *node, const char *service, keep_hostio_resolution *res);

/* getnameinfo through the host (hostio_resolve.c): fills q->eai and, on
 * success, q->host and q->serv (sizes in q->host_size, q->serv_size)
 * after checking them. 0 or -errno. */
long keep_hostio_nameinfo(keep_hostio_name_query *q);

/* NAMEINFO's answer[0..size) for the question in *q (hostio_answer.c):
 * an EAI code getnameinfo may return and nothing else, or each name
 * asked for NUL-terminated within the size asked (none where none was
 * asked), filling q as keep_hostio_nameinfo says. -EIO otherwise, q's
 * names untouched. */
long keep_hostio_nameinfo_check(keep_hostio_name_query *q, const uint8_t *answer, size_t size);

/* An EAI_* code getaddrinfo or getnameinfo may report (EAI_SYSTEM is
 * carried as an errno instead). */
bool keep_hostio_eai_plausible(int32_t eai);

/* Iago checks of the host's structures. */
bool keep_hostio_stat_plausible(const keep_hostio_stat *st);
bool keep_hostio_dirents_plausible(const uint8_t *buf, size_t size);

#endif
