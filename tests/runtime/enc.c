/* The runtime tests' enclave. One source, built into several images whose
 * properties differ (RT_DEBUG, RT_HEAP_PAGES, RT_STACK_PAGES, RT_TCS; see
 * CMakeLists.txt). Trusted functions tolerate the NULL pointers a hostile
 * host may send with any size (the generated code passes NULL through). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <openenclave/enclave.h>

#include "rt_common.h"
#include "rt_t.h"

OE_SET_ENCLAVE_SGX(1, 1, RT_DEBUG, RT_HEAP_PAGES, RT_STACK_PAGES, RT_TCS);

static int global_value;
static uint8_t secret[RT_SECRET_SIZE];

/* RT_CTOR: what the image's constructor does (0: nothing, 1: print a line,
 * 2: dereference NULL, 3: abort). */
#ifndef RT_CTOR
#define RT_CTOR 0
#endif
#if RT_CTOR
__attribute__((constructor, no_sanitize("undefined", "address"))) static void rt_constructor(void)
{
    volatile uintptr_t address = 0;
    if (RT_CTOR == 1)
        printf("enclave constructor ran\n");
    else if (RT_CTOR == 2)
        *(volatile int *)address = 1;
    else
        abort();
}
#endif

int rt_add(int a, int b)
{
    return a + b;
}

uint64_t rt_sum(const uint64_t *v, size_t n)
{
    uint64_t total = 0;
    for (size_t i = 0; v && i < n; i++)
        total += v[i];
    return total;
}

size_t rt_echo(const char *s, char *out, size_t cap)
{
    if (!s)
        return SIZE_MAX;
    size_t len = strlen(s);
    if (out && cap) {
        size_t n = len < cap - 1 ? len : cap - 1;
        memcpy(out, s, n);
        out[n] = '\0';
    }
    return len;
}

void rt_increment(uint32_t *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        v[i]++;
}

int rt_call_host(int a, int b)
{
    int sum = 0;
    if (rt_host_add(&sum, a, b) != OE_OK)
        return -1;
    return sum;
}

uint64_t rt_thread_id(void)
{
    return (uint64_t)pthread_self();
}

/* Records this enclave thread, then asks the host to re-enter (depth > 0:
 * rt_nested again; depth 0: rt_thread_id) and reports the innermost
 * thread the nested ECALLs ran on. */
int rt_nested(int depth, uint64_t *outer_tid, uint64_t *inner_tid)
{
    if (!outer_tid || !inner_tid)
        return -1;
    *outer_tid = rt_thread_id();
    int ret = -1;
    if (rt_host_reenter(&ret, depth, inner_tid) != OE_OK)
        return -2;
    return ret;
}

int rt_block(int id)
{
    return rt_host_wait(id) == OE_OK ? id : -1;
}

void rt_set_global(int v)
{
    global_value = v;
}

int rt_get_global(void)
{
    return global_value;
}

/* Each check has a number; the first failing one is returned. */
#define CHECK(n, cond)                                                                         \
    do {                                                                                       \
        if (!(cond))                                                                           \
            return (n);                                                                        \
    } while (0)

static int check_host_allocations(void)
{
    char *p = oe_host_malloc(100);
    CHECK(1, p && oe_is_outside_enclave(p, 100) && !oe_is_within_enclave(p, 100));
    memset(p, 'x', 100);
    char *q = oe_host_realloc(p, 200000); /* beyond one scratch buffer */
    CHECK(2, q && oe_is_outside_enclave(q, 200000));
    for (int i = 0; i < 100; i++)
        CHECK(3, q[i] == 'x');
    oe_host_free(q);
    unsigned char *z = oe_host_calloc(10, 10);
    CHECK(4, z && oe_is_outside_enclave(z, 100));
    for (int i = 0; i < 100; i++)
        CHECK(5, z[i] == 0);
    oe_host_free(z);
    CHECK(6, oe_host_calloc(SIZE_MAX / 2, 3) == NULL);
    char *s = oe_host_strndup("hello world", 5);
    CHECK(7, s && strcmp(s, "hello") == 0 && oe_is_outside_enclave(s, 6));
    oe_host_free(s);
    CHECK(8, oe_host_strndup(NULL, 5) == NULL);
    /* Two live blocks at once (the second cannot share a scratch buffer). */
    char *a = oe_host_malloc(64), *b = oe_host_malloc(64);
    CHECK(9, a && b && a != b && oe_is_outside_enclave(b, 64));
    oe_host_free(a);
    oe_host_free(b);
    oe_host_free(NULL);
    char *r = oe_host_realloc(NULL, 32);
    CHECK(10, r && oe_is_outside_enclave(r, 32));
    oe_host_free(r);
    return 0;
}

static int check_memory_predicates(void)
{
    int local = 0;
    char *heap = malloc(16);
    CHECK(20, oe_is_within_enclave(&local, sizeof(local)) &&
                  !oe_is_outside_enclave(&local, sizeof(local)));
    CHECK(21, oe_is_within_enclave(&global_value, sizeof(global_value)));
    CHECK(22, heap && oe_is_within_enclave(heap, 16) && !oe_is_outside_enclave(heap, 16));
    free(heap);
    CHECK(23, !oe_is_within_enclave(NULL, 1) && !oe_is_outside_enclave(NULL, 1));
    /* Ranges that wrap around the address space are neither. */
    CHECK(24, !oe_is_within_enclave(&local, SIZE_MAX) && !oe_is_outside_enclave(&local, SIZE_MAX));
    /* A range that starts in host memory and runs past it is not outside. */
    char *h = oe_host_malloc(16);
    CHECK(25, h && !oe_is_outside_enclave(h, (size_t)1 << 62));
    CHECK(26, !oe_is_within_enclave(h, 16));
    oe_host_free(h);
    return 0;
}

int rt_host_memory(void)
{
    int failed = check_host_allocations();
    return failed ? failed : check_memory_predicates();
}

int rt_random(uint8_t *buf, size_t n)
{
    if (oe_random(NULL, 0) != OE_OK || oe_random(NULL, 1) != OE_INVALID_PARAMETER)
        return -1;
    return buf ? (int)oe_random(buf, n) : -2;
}

int rt_check_pointer(const void *p, size_t n, int *within, int *outside)
{
    if (!within || !outside)
        return -1;
    *within = oe_is_within_enclave(p, n);
    *outside = oe_is_outside_enclave(p, n);
    return 0;
}

uint64_t rt_secret_address(uint8_t *out, size_t n)
{
    static int initialised;
    if (!initialised) {
        memcpy(secret, "KEEP-SECRET:", 12);
        if (oe_random(secret + 12, sizeof(secret) - 12) != OE_OK)
            return 0;
        initialised = 1;
    }
    if (out && n == sizeof(secret))
        memcpy(out, secret, sizeof(secret));
    return (uint64_t)(uintptr_t)secret;
}

/* Deliberate crashes: not sanitizer findings. */
__attribute__((no_sanitize("undefined", "address"))) void rt_crash_null(void)
{
    volatile uintptr_t address = 0;
    *(volatile int *)address = 1;
}

void rt_crash_abort(void)
{
    abort();
}

void rt_crash_oe_abort(void)
{
    oe_abort();
}

/* Recursion with a 1 KiB frame: depth * 1 KiB of stack. */
__attribute__((noinline, no_sanitize("address"))) int rt_crash_stack(int depth)
{
    volatile char frame[1024];
    frame[0] = (char)depth;
    frame[sizeof(frame) - 1] = (char)depth;
    if (depth <= 0)
        return frame[0];
    return rt_crash_stack(depth - 1) + frame[sizeof(frame) - 1] - (char)depth + 1;
}

int rt_heap_try(size_t size)
{
    volatile char *p = malloc(size);
    if (!p)
        return 0;
    /* Touch every page, so memory not really granted would fault here. */
    for (size_t i = 0; i < size; i += 4096)
        p[i] = 1;
    free((void *)p);
    return 1;
}

/* A fork or clone that worked would return 0 in a child: end it at once. */
static long child_exit(long ret)
{
    if (ret == 0)
        _exit(0);
    return ret;
}

static void *thread_main(void *arg)
{
    return arg;
}

static long try_exec(int op, const char *path)
{
    char *const argv[] = {(char *)path, NULL};
    char *const envp[] = {NULL};
    if (op == RT_OP_EXECVE_LIBC)
        return execve(path, argv, envp);
    return syscall(SYS_execve, path, argv, envp);
}

static long try_memory(int op)
{
    if (op == RT_OP_MMAP_EXEC_LIBC) {
        void *p = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        return p == MAP_FAILED ? -1 : 0;
    }
    if (op == RT_OP_MMAP_EXEC_SYSCALL)
        return syscall(SYS_mmap, NULL, 4096, PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS,
                       -1, 0) == -1 ? -1 : 0;
    void *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED)
        return -2;
    long ret = mprotect(page, 4096, PROT_READ | PROT_EXEC);
    int saved = errno;
    munmap(page, 4096);
    errno = saved;
    return ret;
}

static long try_op(int op, const char *path)
{
    switch (op) {
    case RT_OP_OPEN_LIBC:
        return open(path, O_CREAT | O_WRONLY, 0600);
    case RT_OP_OPENAT_SYSCALL:
        return syscall(SYS_openat, AT_FDCWD, path, O_CREAT | O_WRONLY, 0600);
    case RT_OP_OPEN_READ:
        return open(path, O_RDONLY);
    case RT_OP_FOPEN: {
        FILE *f = fopen(path, "w");
        return f ? 0 : -1;
    }
    case RT_OP_SOCKET_LIBC:
        return socket(AF_INET, SOCK_STREAM, 0);
    case RT_OP_SOCKET_SYSCALL:
        return syscall(SYS_socket, AF_UNIX, SOCK_STREAM, 0);
    case RT_OP_EXECVE_LIBC:
    case RT_OP_EXECVE_SYSCALL:
        return try_exec(op, path);
    case RT_OP_PTRACE_LIBC:
        return ptrace(PTRACE_TRACEME, 0, NULL, NULL);
    case RT_OP_PTRACE_SYSCALL:
        return syscall(SYS_ptrace, PTRACE_ATTACH, (pid_t)atoi(path), NULL, NULL);
    case RT_OP_FORK_LIBC:
        return child_exit(fork());
    case RT_OP_CLONE_SYSCALL:
        return child_exit(syscall(SYS_clone, SIGCHLD, 0, NULL, NULL, 0));
    case RT_OP_THREAD: {
        pthread_t t;
        int rc = pthread_create(&t, NULL, thread_main, NULL);
        if (rc == 0) {
            pthread_join(t, NULL);
            return 0;
        }
        errno = rc == EAGAIN ? ENOSYS : rc; /* glibc reports a refused clone as EAGAIN */
        return -1;
    }
    case RT_OP_MMAP_EXEC_LIBC:
    case RT_OP_MMAP_EXEC_SYSCALL:
    case RT_OP_MPROTECT_EXEC:
        return try_memory(op);
    case RT_OP_KILL_HOST:
        return kill((pid_t)atoi(path), 0);
    case RT_OP_WRITE_SOCKET:
        return write(3, "x", 1);
    case RT_OP_SEND_BOOTSTRAP:
        return send(3, "hello", 5, MSG_NOSIGNAL);
    case RT_OP_GETRANDOM: {
        char bytes[16];
        return syscall(SYS_getrandom, bytes, sizeof(bytes), 0);
    }
    }
    errno = EINVAL;
    return -100;
}

int rt_try_syscall(int op, const char *path, int *err)
{
    if (!path || !err)
        return -100;
    errno = 0;
    long ret = try_op(op, path);
    *err = errno;
    return (int)ret;
}

void rt_print(int tag)
{
    if (tag == RT_PRINT_LARGE) {
        static char big[RT_PRINT_LARGE_SIZE];
        for (size_t i = 0; i < sizeof(big); i++)
            big[i] = (char)('a' + i % 26);
        big[sizeof(big) - 1] = '\n';
        if (write(1, big, sizeof(big)) != (ssize_t)sizeof(big))
            printf("short write\n");
        return;
    }
    printf("enclave printf %d\n", tag);
    puts("enclave puts");
    fprintf(stderr, "enclave fprintf(stderr) %d\n", tag);
    fflush(stdout);
    if (write(1, "enclave write(1)\n", 17) != 17 || write(2, "enclave write(2)\n", 17) != 17)
        printf("short write\n");
    fputs("enclave fputs\n", stdout);
    fflush(stdout);
}

/* FNV-1a, to compare what the enclave saw before and after an OCALL. */
static uint64_t digest(const uint8_t *buf, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; buf && i < n; i++)
        h = (h ^ buf[i]) * 1099511628211ull;
    return h;
}

uint64_t rt_snapshot(const uint8_t *buf, size_t n, uint64_t *after)
{
    uint64_t before = digest(buf, n);
    if (rt_host_mutate() != OE_OK)
        return 0;
    if (after)
        *after = digest(buf, n);
    return before;
}

int rt_ocall_checks(int *results, size_t count)
{
    for (size_t i = 0; results && i < count; i++) {
        uint8_t buf[RT_FILL_SIZE];
        int ret = -1;
        memset(buf, 0, sizeof(buf));
        oe_result_t r = rt_host_fill(&ret, buf, sizeof(buf));
        results[i] = (int)r;
        if (r == OE_OK) {
            for (size_t j = 0; j < sizeof(buf); j++)
                if (buf[j] != RT_FILL_BYTE)
                    results[i] = -1;
            if (ret != RT_FILL_SIZE)
                results[i] = -2;
        }
    }
    /* The enclave still works after whatever the host answered. */
    return rt_call_host(20, 22);
}

/* 0: oe_host_malloc refused; 1: it gave host memory (written, then freed);
 * 2: it gave memory that is not host memory (left alone). */
uint64_t rt_host_strdup(const char *s)
{
    return (uint64_t)(uintptr_t)oe_host_strndup(s, strlen(s));
}

int rt_host_alloc(size_t size)
{
    uint8_t *p = oe_host_malloc(size);
    if (!p)
        return 0;
    if (!oe_is_outside_enclave(p, size))
        return 2;
    memset(p, 0x33, size);
    oe_host_free(p);
    return 1;
}
