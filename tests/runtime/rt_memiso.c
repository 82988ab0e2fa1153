/* Memory isolation on the sandbox backend (needs root, to act as another
 * user; exits 77 otherwise).
 *
 * 1. A process running as another uid (65534) cannot read the runner's
 *    memory through /proc/<pid>/mem or process_vm_readv.
 * 2. The runner is non-dumpable unless the enclave was created with
 *    OE_ENCLAVE_FLAG_DEBUG: run as 65534, a host can read its own debug
 *    runner's memory (positive control: the address and the method are
 *    right) but not the memory of its non-debug runner, whose /proc files
 *    the kernel gives to root.
 * The runner is found as a child of the host named "keep-enclave"; what it
 * must not reveal is a random secret in an enclave global. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rt_host.h"

#define NOBODY 65534

typedef struct target {
    pid_t pid;
    uint64_t address;
    uint8_t secret[RT_SECRET_SIZE];
} target;

/* Everything in a forked child reports through these: no cmocka there. */
static char child_message[512];
static int child_pipe = -1;

static int child_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int child_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(child_message, sizeof(child_message), fmt, ap);
    va_end(ap);
    if (write(child_pipe, child_message, strlen(child_message)) < 0)
        return 1;
    return 1;
}

static bool drop_to_nobody(void)
{
    return setgroups(0, NULL) == 0 && setgid(NOBODY) == 0 && setuid(NOBODY) == 0 &&
           getuid() == NOBODY && geteuid() == NOBODY;
}

/* 0: read the secret; otherwise the errno of the failure (or -1 when the
 * bytes read were not the secret). */
static int read_with_vm_readv(const target *t)
{
    uint8_t got[RT_SECRET_SIZE];
    struct iovec local = {got, sizeof(got)};
    struct iovec remote = {(void *)(uintptr_t)t->address, sizeof(got)};
    ssize_t n = process_vm_readv(t->pid, &local, 1, &remote, 1, 0);
    if (n < 0)
        return errno;
    return n == (ssize_t)sizeof(got) && memcmp(got, t->secret, sizeof(got)) == 0 ? 0 : -1;
}

static int read_with_proc_mem(const target *t)
{
    char path[64];
    uint8_t got[RT_SECRET_SIZE];
    snprintf(path, sizeof(path), "/proc/%d/mem", (int)t->pid);
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return errno;
    ssize_t n = pread(fd, got, sizeof(got), (off_t)t->address);
    int err = errno;
    close(fd);
    if (n < 0)
        return err;
    return n == (ssize_t)sizeof(got) && memcmp(got, t->secret, sizeof(got)) == 0 ? 0 : -1;
}

/* Runs `body` in a child and fails the test with the child's message
 * unless it exits with 0. */
static void in_child(int (*body)(void *), void *arg)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        child_pipe = fds[1];
        _exit(body(arg));
    }
    close(fds[1]);
    char message[512] = "";
    ssize_t n = read(fds[0], message, sizeof(message) - 1);
    message[n > 0 ? n : 0] = '\0';
    close(fds[0]);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        fail_msg("child (uid %d) failed: %s (status 0x%x)", NOBODY, message, status);
}

static void describe(target *t, oe_enclave_t *enclave, pid_t runner)
{
    t->pid = runner;
    RT_ASSERT_OK(rt_secret_address(enclave, &t->address, t->secret, sizeof(t->secret)));
    assert_true(t->address != 0);
}

static int other_uid_reads(void *arg)
{
    const target *t = arg;
    if (!drop_to_nobody())
        return child_fail("cannot become uid %d: %s", NOBODY, strerror(errno));
    int by_mem = read_with_proc_mem(t), by_vm = read_with_vm_readv(t);
    if (by_mem == 0 || by_mem == -1)
        return child_fail("uid %d read the runner's memory through /proc/%d/mem", NOBODY,
                          (int)t->pid);
    if (by_vm == 0 || by_vm == -1)
        return child_fail("uid %d read the runner's memory with process_vm_readv", NOBODY);
    if ((by_mem != EACCES && by_mem != EPERM) || by_vm != EPERM)
        return child_fail("unexpected errors: /proc/pid/mem %s, process_vm_readv %s",
                          strerror(by_mem), strerror(by_vm));
    return 0;
}

static void other_uid_cannot_read(void **state)
{
    (void)state;
    for (int debug = 0; debug <= 1; debug++) {
        pid_t before[64];
        int count = rt_runner_pids(before, 64);
        oe_enclave_t *enclave = rt_create_flags(RT_ENCLAVE, debug ? OE_ENCLAVE_FLAG_DEBUG : 0);
        target t;
        describe(&t, enclave, rt_new_runner(before, count));
        /* Even a debug (dumpable) runner is closed to another user. */
        in_child(other_uid_reads, &t);
        int sum = 0;
        RT_ASSERT_OK(rt_add(enclave, &sum, 1, 2));
        RT_ASSERT_OK(oe_terminate_enclave(enclave));
    }
}

/* The child's side of test 2: a host running as uid 65534. */
static int same_uid_body(void *arg)
{
    const char *image = arg;
    if (!drop_to_nobody())
        return child_fail("cannot become uid %d: %s", NOBODY, strerror(errno));
    target t[2]; /* 0: created without OE_ENCLAVE_FLAG_DEBUG, 1: with it */
    oe_enclave_t *enclaves[2] = {NULL, NULL};
    for (int debug = 0; debug <= 1; debug++) {
        pid_t before[64];
        int count = rt_runner_pids(before, 64);
        oe_result_t r = oe_create_rt_enclave(image, OE_ENCLAVE_TYPE_AUTO,
                                             debug ? OE_ENCLAVE_FLAG_DEBUG : 0, NULL, 0,
                                             &enclaves[debug]);
        if (r != OE_OK)
            return child_fail("creating the enclave as uid %d: %s", NOBODY, oe_result_str(r));
        t[debug].pid = rt_find_new_runner(before, count);
        if (t[debug].pid <= 0)
            return child_fail("no single new keep-enclave child found");
        r = rt_secret_address(enclaves[debug], &t[debug].address, t[debug].secret,
                              sizeof(t[debug].secret));
        if (r != OE_OK || !t[debug].address)
            return child_fail("rt_secret_address: %s", oe_result_str(r));
    }
    struct stat st[2];
    char path[64];
    for (int debug = 0; debug <= 1; debug++) {
        snprintf(path, sizeof(path), "/proc/%d/mem", (int)t[debug].pid);
        if (stat(path, &st[debug]) != 0)
            return child_fail("stat %s: %s", path, strerror(errno));
    }
    if (st[0].st_uid != 0)
        return child_fail("the non-debug runner is dumpable (/proc/pid/mem owned by %u)",
                          (unsigned)st[0].st_uid);
    if (st[1].st_uid != NOBODY)
        return child_fail("the debug runner is not dumpable (/proc/pid/mem owned by %u)",
                          (unsigned)st[1].st_uid);
    int vm_debug = read_with_vm_readv(&t[1]), mem_debug = read_with_proc_mem(&t[1]);
    if (vm_debug != 0 || mem_debug != 0)
        return child_fail("positive control: the same uid could not read its debug runner "
                          "(process_vm_readv: %d, /proc/pid/mem: %d)",
                          vm_debug, mem_debug);
    int vm = read_with_vm_readv(&t[0]), mem = read_with_proc_mem(&t[0]);
    if (vm == 0 || vm == -1 || mem == 0 || mem == -1)
        return child_fail("the same uid read its non-debug runner's memory (%s)",
                          vm == 0 || vm == -1 ? "process_vm_readv" : "/proc/pid/mem");
    for (int i = 0; i < 2; i++)
        if (oe_terminate_enclave(enclaves[i]) != OE_OK)
            return child_fail("terminate failed");
    return 0;
}

/* Copies the image where uid 65534 can read it. */
static char *readable_copy(const char *image, char *dir)
{
    assert_non_null(mkdtemp(dir));
    assert_int_equal(chmod(dir, 0755), 0);
    char *copy = NULL;
    assert_true(asprintf(&copy, "%s/enclave.so", dir) > 0);
    int in = open(image, O_RDONLY), out = open(copy, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(in >= 0 && out >= 0);
    char buf[65536];
    ssize_t n;
    while ((n = read(in, buf, sizeof(buf))) > 0)
        assert_int_equal(write(out, buf, (size_t)n), n);
    close(in);
    close(out);
    return copy;
}

static void debug_flag_decides_dumpable(void **state)
{
    (void)state;
    char dir[] = "/tmp/keep-rt-memiso-XXXXXX";
    char *image = readable_copy(RT_ENCLAVE, dir);
    in_child(same_uid_body, image);
    unlink(image);
    rmdir(dir);
    free(image);
}

int main(int argc, char **argv)
{
    rt_parse_backend(argc, argv);
    if (rt_sim) {
        printf("SKIP: memory isolation needs the sandbox backend\n");
        return 77;
    }
    if (geteuid() != 0) {
        printf("SKIP: memory isolation tests need root (to run a process as uid %d)\n",
               NOBODY);
        return 77;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(other_uid_cannot_read),
        cmocka_unit_test(debug_flag_decides_dumpable),
    };
    return cmocka_run_group_tests_name("runtime memory isolation (sandbox)", tests, NULL, NULL);
}
