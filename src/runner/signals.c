/* Signal handling in the enclave process:
 *  - SIGSYS from the seccomp filter's TRAP rules is the syscall bridge:
 *    write/writev to fd 1 or 2 become OCALLs; file system calls become
 *    host I/O requests once the enclave loaded the module (hostio_*.c);
 *    anything else fails.
 *  - Fatal signals record what happened in the arena's crash record for the
 *    host's log, then end the process with the same signal. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <ucontext.h>
#include <unistd.h>

#include "hostio.h"
#include "runner.h"

#define KEEP_SIGNAL_STACK_SIZE ((size_t)64 << 10)

static keep_sandbox_crash *crash_record;

/* Implemented in threads.c: forwards bytes to the host's fd 1 or 2. */
long keep_runner_forward_write(int fd, const void *data, size_t size);

static long bridge_writev(int fd, const struct iovec *iov, int count)
{
    if (count < 0 || count > IOV_MAX)
        return -EINVAL;
    long total = 0;
    for (int i = 0; i < count; i++) {
        long n = keep_runner_forward_write(fd, iov[i].iov_base, iov[i].iov_len);
        if (n < 0)
            return total ? total : n;
        total += n;
    }
    return total;
}

static void on_sigsys(int sig, siginfo_t *info, void *context)
{
    (void)sig;
    int saved_errno = errno;
    ucontext_t *uc = context;
    greg_t *regs = uc->uc_mcontext.gregs;
    long result = -ENOSYS;
    int fd = (int)regs[REG_RDI];
    const long args[6] = {regs[REG_RDI], regs[REG_RSI], regs[REG_RDX],
                          regs[REG_R10], regs[REG_R8],  regs[REG_R9]};
    if (keep_runner_hostio_syscall(info->si_syscall, args, &result))
        ; /* host I/O (hostio_syscall.c) */
    else if (info->si_syscall == SYS_write)
        result = keep_runner_forward_write(fd, (const void *)regs[REG_RSI], (size_t)regs[REG_RDX]);
    else if (info->si_syscall == SYS_writev)
        result = bridge_writev(fd, (const struct iovec *)regs[REG_RSI], (int)regs[REG_RDX]);
    regs[REG_RAX] = result;
    errno = saved_errno;
}

static void on_fatal(int sig, siginfo_t *info, void *context)
{
    (void)context;
    if (crash_record) {
        crash_record->address = (uint64_t)(uintptr_t)info->si_addr;
        crash_record->code = (uint32_t)info->si_code;
        __atomic_store_n(&crash_record->signal, (uint32_t)sig, __ATOMIC_RELEASE);
    }
    /* SA_RESETHAND restored the default action: die with this signal. */
    syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), sig);
}

void keep_runner_install_signal_handlers(keep_sandbox_crash *crash)
{
    crash_record = crash;
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_sigsys;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSYS, &sa, NULL);

    static const int fatal[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP};
    sa.sa_sigaction = on_fatal;
    sa.sa_flags = SA_SIGINFO | SA_RESETHAND | SA_ONSTACK;
    for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
        sigaction(fatal[i], &sa, NULL);
}

bool keep_runner_thread_signal_stack(void)
{
    void *stack = mmap(NULL, KEEP_SIGNAL_STACK_SIZE, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (stack == MAP_FAILED)
        return false;
    stack_t ss = {.ss_sp = stack, .ss_size = KEEP_SIGNAL_STACK_SIZE};
    return sigaltstack(&ss, NULL) == 0;
}
