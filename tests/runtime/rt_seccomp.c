/* Confinement on the sandbox backend: enclave code that makes system calls
 * directly (through libc and through syscall(2)) to open or create files,
 * open sockets, execute programs, trace, fork or clone, start threads, map
 * executable memory or signal other processes is stopped: the call fails
 * with ENOSYS or EPERM, no file appears, no process appears, and the
 * enclave keeps working. getrandom, on the allow-list, works. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rt_host.h"

static const char *const op_names[RT_OP_COUNT] = {
    "open(O_CREAT) via libc",  "openat(O_CREAT) via syscall", "open(O_RDONLY) via libc",
    "fopen(\"w\")",            "socket via libc",             "socket via syscall",
    "execve via libc",         "execve via syscall",          "ptrace via libc",
    "ptrace via syscall",      "fork via libc",               "clone via syscall",
    "pthread_create",          "mmap(PROT_EXEC) via libc",    "mmap(PROT_EXEC) via syscall",
    "mprotect(PROT_EXEC)",     "kill(host pid, 0)",           "write to the bootstrap socket",
};

/* The argument each operation gets in `path`. */
static void op_argument(int op, char *buf, size_t size)
{
    switch (op) {
    case RT_OP_OPEN_READ:
        snprintf(buf, size, "%s", RT_ENCLAVE); /* exists and is readable */
        break;
    case RT_OP_EXECVE_LIBC:
    case RT_OP_EXECVE_SYSCALL:
        snprintf(buf, size, "/bin/true");
        break;
    case RT_OP_PTRACE_SYSCALL:
    case RT_OP_KILL_HOST:
        snprintf(buf, size, "%d", (int)getpid());
        break;
    default:
        snprintf(buf, size, "/tmp/keep-rt-seccomp-%d-%d", (int)getpid(), op);
    }
}

static void direct_system_calls_are_stopped(void **state)
{
    (void)state;
    oe_enclave_t *enclave = rt_create(RT_ENCLAVE);
    pid_t runners[64];
    assert_int_equal(rt_runner_pids(runners, 64), 1);
    pid_t runner = runners[0];
    int host_children = rt_count_children(getpid());
    /* The runner's one child is its platform process (docs/platform.md). */
    int runner_children = rt_count_children(runner);
    assert_true(runner_children <= 1);

    for (int op = 0; op < RT_OP_COUNT; op++) {
        char path[256];
        int err = 0, ret = 0;
        op_argument(op, path, sizeof(path));
        bool creates = op == RT_OP_OPEN_LIBC || op == RT_OP_OPENAT_SYSCALL || op == RT_OP_FOPEN;
        if (creates)
            unlink(path);
        RT_ASSERT_OK(rt_try_syscall(enclave, &ret, op, path, &err));
        if (ret != -1 || (err != ENOSYS && err != EPERM))
            fail_msg("%s from the enclave: returned %d, errno %d (%s); expected -1 with ENOSYS "
                     "or EPERM",
                     op_names[op], ret, err, strerror(err));
        if (creates && access(path, F_OK) == 0) {
            unlink(path);
            fail_msg("%s from the enclave created %s", op_names[op], path);
        }
        /* No process appeared, and the enclave still answers. */
        assert_int_equal(rt_count_children(runner), runner_children);
        assert_int_equal(rt_count_children(getpid()), host_children);
        int sum = 0;
        RT_ASSERT_OK(rt_add(enclave, &sum, op, 1));
        assert_int_equal(sum, op + 1);
    }

    /* Positive control: an allowed call works from the same code path. */
    int err = 0, ret = 0;
    RT_ASSERT_OK(rt_try_syscall(enclave, &ret, RT_OP_GETRANDOM, "", &err));
    assert_int_equal(ret, 16);
    RT_ASSERT_OK(oe_terminate_enclave(enclave));
}

int main(int argc, char **argv)
{
    rt_parse_backend(argc, argv);
    if (rt_sim) {
        printf("SKIP: sim runs enclave code in the host process; nothing is confined\n");
        return 77;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(direct_system_calls_are_stopped),
    };
    return cmocka_run_group_tests_name("runtime seccomp (sandbox)", tests, NULL, NULL);
}
