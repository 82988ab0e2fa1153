/* Confinement of the enclave process with seccomp (DESIGN §1).
 *
 * Two filters, each applied to every thread (TSYNC):
 *  - loading: what dlopen() of the image needs, with files opened read-only;
 *    the image's constructors run under it;
 *  - running: a small allow-list (memory without PROT_EXEC, futex, clocks,
 *    randomness, signals to itself, exit). write/writev trap into the
 *    syscall bridge, which forwards stdout/stderr to the host as OCALLs.
 *    Every other system call fails with ENOSYS and never reaches the kernel.
 * Filters only ever add restrictions, so the running filter also binds
 * anything the loading filter allowed. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "hostio.h"
#include "runner.h"

static const int memory_syscalls[] = {SCMP_SYS(munmap), SCMP_SYS(madvise), SCMP_SYS(brk),
                                      SCMP_SYS(mremap)};

static const int common_syscalls[] = {
    SCMP_SYS(futex),        SCMP_SYS(getrandom),     SCMP_SYS(clock_gettime),
    SCMP_SYS(clock_getres), SCMP_SYS(gettimeofday),  SCMP_SYS(time),
    SCMP_SYS(nanosleep),    SCMP_SYS(clock_nanosleep), SCMP_SYS(sched_yield),
    SCMP_SYS(exit),         SCMP_SYS(exit_group),    SCMP_SYS(rt_sigreturn),
    SCMP_SYS(rt_sigprocmask), SCMP_SYS(sigaltstack), SCMP_SYS(getpid),
    SCMP_SYS(gettid),       SCMP_SYS(restart_syscall), SCMP_SYS(sched_getaffinity),
};

static const int loading_syscalls[] = {
    SCMP_SYS(read),  SCMP_SYS(pread64), SCMP_SYS(close),  SCMP_SYS(fstat),
    SCMP_SYS(newfstatat), SCMP_SYS(lseek), SCMP_SYS(mmap), SCMP_SYS(mprotect),
    SCMP_SYS(rt_sigaction), SCMP_SYS(statx), SCMP_SYS(readlink), SCMP_SYS(access),
    SCMP_SYS(faccessat),
    SCMP_SYS(seccomp), /* to add the running filter; filters only ever restrict */
};

static int allow_all(scmp_filter_ctx ctx, const int *calls, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, calls[i], 0) != 0)
            return -1;
    return 0;
}

/* Signals only to this process (abort() raises SIGABRT on itself). */
static int allow_self_signals(scmp_filter_ctx ctx)
{
    scmp_datum_t self = (scmp_datum_t)getpid();
    return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(tgkill), 1, SCMP_A0(SCMP_CMP_EQ, self, 0)) |
           seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(kill), 1, SCMP_A0(SCMP_CMP_EQ, self, 0));
}

static oe_result_t load_filter(scmp_filter_ctx ctx, int rc)
{
    /* no_new_privs is set once, before the first filter (the loading
     * filter does not allow prctl). */
    if (rc == 0)
        rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
    if (rc == 0)
        rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1);
    if (rc == 0)
        rc = seccomp_load(ctx);
    seccomp_release(ctx);
    return rc == 0 ? OE_OK : OE_PLATFORM_ERROR;
}

oe_result_t keep_runner_confine_loading(int platform_fd)
{
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        return OE_PLATFORM_ERROR;
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ERRNO(ENOSYS));
    if (!ctx)
        return OE_PLATFORM_ERROR;
    int rc = allow_all(ctx, memory_syscalls, sizeof(memory_syscalls) / sizeof(int));
    rc |= allow_all(ctx, common_syscalls, sizeof(common_syscalls) / sizeof(int));
    rc |= allow_all(ctx, loading_syscalls, sizeof(loading_syscalls) / sizeof(int));
    rc |= allow_self_signals(ctx);
    /* Read-only opens: no O_WRONLY, O_RDWR, O_CREAT or O_TRUNC. */
    scmp_datum_t writes = O_WRONLY | O_RDWR | O_CREAT | O_TRUNC;
    rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(openat), 1,
                           SCMP_A2(SCMP_CMP_MASKED_EQ, writes, 0));
    rc |= allow_all(ctx, (const int[]){SCMP_SYS(clone3), SCMP_SYS(clone)}, 2);
    rc |= allow_all(ctx, (const int[]){SCMP_SYS(set_robust_list), SCMP_SYS(rseq)}, 2);
    rc |= allow_all(ctx, (const int[]){SCMP_SYS(recvmsg), SCMP_SYS(sendto)}, 2);
    /* The platform socket: enclave constructors may seal or attest. */
    if (platform_fd >= 0)
        rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(sendmsg), 1,
                               SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)platform_fd, 0));
    /* The heap limit, on this process only. */
    rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(prlimit64), 1, SCMP_A0(SCMP_CMP_EQ, 0, 0));
    rc |= seccomp_rule_add(ctx, SCMP_ACT_TRAP, SCMP_SYS(write), 0);
    rc |= seccomp_rule_add(ctx, SCMP_ACT_TRAP, SCMP_SYS(writev), 0);
    return load_filter(ctx, rc);
}

oe_result_t keep_runner_confine_running(int platform_fd)
{
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ERRNO(ENOSYS));
    if (!ctx)
        return OE_PLATFORM_ERROR;
    int rc = allow_all(ctx, memory_syscalls, sizeof(memory_syscalls) / sizeof(int));
    rc |= allow_all(ctx, common_syscalls, sizeof(common_syscalls) / sizeof(int));
    rc |= allow_self_signals(ctx);
    /* Memory may be mapped and protected, but never made executable: the
     * enclave runs only the code that was measured and loaded. */
    rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mmap), 1,
                           SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
    rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mprotect), 1,
                           SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
    /* The bootstrap socket: the ready message. */
    rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(sendto), 1,
                           SCMP_A0(SCMP_CMP_EQ, KEEP_SANDBOX_SOCKET_FD, 0));
    /* The platform socket (platform.c), and no other descriptor. */
    if (platform_fd >= 0) {
        scmp_datum_t fd = (scmp_datum_t)platform_fd;
        rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(sendmsg), 1, SCMP_A0(SCMP_CMP_EQ, fd, 0));
        rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(recvmsg), 1, SCMP_A0(SCMP_CMP_EQ, fd, 0));
    }
    rc |= seccomp_rule_add(ctx, SCMP_ACT_TRAP, SCMP_SYS(write), 0);
    rc |= seccomp_rule_add(ctx, SCMP_ACT_TRAP, SCMP_SYS(writev), 0);
    /* Host I/O: the bridge forwards these once the enclave loaded the
     * module, and fails them with ENOSYS otherwise (docs/host-io.md). */
    for (size_t i = 0; i < keep_hostio_file_syscall_count; i++)
        rc |= seccomp_rule_add(ctx, SCMP_ACT_TRAP, keep_hostio_file_syscalls[i], 0);
    for (size_t i = 0; i < keep_hostio_socket_syscall_count; i++)
        rc |= keep_hostio_socket_syscalls[i] == SCMP_SYS(sendto)
                  ? seccomp_rule_add(ctx, SCMP_ACT_TRAP, SCMP_SYS(sendto), 1,
                                     SCMP_A0(SCMP_CMP_NE, KEEP_SANDBOX_SOCKET_FD, 0))
                  : seccomp_rule_add(ctx, SCMP_ACT_TRAP, keep_hostio_socket_syscalls[i], 0);
    /* sendmsg, recvmsg: the platform socket's stay allowed (above). */
    for (size_t i = 0; i < keep_hostio_msg_syscall_count; i++)
        rc |= platform_fd >= 0
                  ? seccomp_rule_add(ctx, SCMP_ACT_TRAP, keep_hostio_msg_syscalls[i], 1,
                                     SCMP_A0(SCMP_CMP_NE, (scmp_datum_t)platform_fd, 0))
                  : seccomp_rule_add(ctx, SCMP_ACT_TRAP, keep_hostio_msg_syscalls[i], 0);
    for (size_t i = 0; i < keep_hostio_epoll_syscall_count; i++)
        rc |= seccomp_rule_add(ctx, SCMP_ACT_TRAP, keep_hostio_epoll_syscalls[i], 0);
    return load_filter(ctx, rc);
}
