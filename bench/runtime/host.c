/* bench_runtime: what crossing Keep's enclave boundary costs, against
 * baselines measured in the same run (see docs/benchmarks.md).
 *
 *   bench_runtime [--json FILE] [--enclave IMAGE] [--helloworld IMAGE]
 *                 [--only PART] [--strict]
 *
 * IMAGE defaults: this directory's bench enclave, and the helloworld
 * sample's enclave (for create + terminate; the bench enclave when the
 * samples are not built).
 * --only runs the baselines and one part: sim, sandbox or create (for
 * profiling). --strict makes a missed target fail the run (exit status 2). */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openenclave/host.h>

#include "bench_u.h"
#include "pingpong.h"
#include "report.h"

extern char **environ;

#ifndef BENCH_HELLOWORLD_PATH
#define BENCH_HELLOWORLD_PATH BENCH_ENCLAVE_PATH
#endif

#define LATENCY_SAMPLES 20000
#define LATENCY_WARMUP 2000
#define OCALL_CHUNK 5000
#define CREATE_SAMPLES 30
#define SANDBOX_ECALL_MAX_RATIO 10.0
#define BUFFER_MIN_RATIO 0.5
#define CREATE_MAX_MS 20.0

/* Same-run baselines, kept for the rows that compare against them. */
typedef struct latency {
    double p50, p99; /* ns */
} latency;

static latency shm_rtt, pipe_rtt;

void bench_host_empty(void)
{
}

static latency summarize(uint64_t *samples, size_t count)
{
    latency l;
    l.p50 = bench_percentile(samples, count, 50);
    l.p99 = bench_percentile(samples, count, 99);
    return l;
}

/* Adds p50 and p99 rows for `what` against the shared-memory ping-pong, and
 * a p50 row against the pipe. */
static void add_latency(const char *what, latency l, bool target)
{
    char name[64];
    snprintf(name, sizeof(name), "%s.p50", what);
    bench_row *row = bench_add(name, "us", l.p50 / 1e3, "shm_pingpong.p50", shm_rtt.p50 / 1e3);
    if (target)
        row->max_ratio = SANDBOX_ECALL_MAX_RATIO;
    snprintf(name, sizeof(name), "%s.p99", what);
    bench_add(name, "us", l.p99 / 1e3, "shm_pingpong.p99", shm_rtt.p99 / 1e3);
    snprintf(name, sizeof(name), "%s.p50", what);
    bench_add(name, "us", l.p50 / 1e3, "pipe_pingpong.p50", pipe_rtt.p50 / 1e3);
}

static bool measure_baselines(uint64_t *samples)
{
    if (!bench_shm_pingpong(samples, LATENCY_WARMUP) ||
        !bench_shm_pingpong(samples, LATENCY_SAMPLES))
        return false;
    shm_rtt = summarize(samples, LATENCY_SAMPLES);
    if (!bench_pipe_pingpong(samples, LATENCY_SAMPLES))
        return false;
    pipe_rtt = summarize(samples, LATENCY_SAMPLES);
    bench_add("shm_pingpong.p50", "us", shm_rtt.p50 / 1e3, "pipe_pingpong.p50", pipe_rtt.p50 / 1e3);
    bench_add("shm_pingpong.p99", "us", shm_rtt.p99 / 1e3, "pipe_pingpong.p99", pipe_rtt.p99 / 1e3);
    return true;
}

static bool measure_ecall(oe_enclave_t *enclave, const char *backend, uint64_t *samples)
{
    for (size_t i = 0; i < LATENCY_WARMUP; i++)
        if (bench_empty(enclave) != OE_OK)
            return false;
    for (size_t i = 0; i < LATENCY_SAMPLES; i++) {
        uint64_t start = bench_now_ns();
        oe_result_t result = bench_empty(enclave);
        samples[i] = bench_now_ns() - start;
        if (result != OE_OK)
            return false;
    }
    char what[32];
    snprintf(what, sizeof(what), "ecall.%s", backend);
    add_latency(what, summarize(samples, LATENCY_SAMPLES), strcmp(backend, "sandbox") == 0);
    return true;
}

/* OCALLs are timed inside the enclave, one by one, in chunks. */
static bool measure_ocall(oe_enclave_t *enclave, const char *backend, uint64_t *samples)
{
    if (bench_ocall_timed(enclave, OCALL_CHUNK, samples) != OE_OK)
        return false; /* warm-up */
    for (size_t done = 0; done < LATENCY_SAMPLES; done += OCALL_CHUNK)
        if (bench_ocall_timed(enclave, OCALL_CHUNK, samples + done) != OE_OK)
            return false;
    for (size_t i = 0; i < LATENCY_SAMPLES; i++)
        if (samples[i] == UINT64_MAX)
            return false;
    char what[32];
    snprintf(what, sizeof(what), "ocall.%s", backend);
    add_latency(what, summarize(samples, LATENCY_SAMPLES), strcmp(backend, "sandbox") == 0);
    return true;
}

/* Keeps the compiler from dropping or merging the baseline memcpy. */
static void clobber(void *p)
{
    __asm__ volatile("" : : "r"(p) : "memory");
}

static const size_t buffer_sizes[] = {64, 4096, 65536, 1 << 20};
static const char *const buffer_names[] = {"64B", "4KiB", "64KiB", "1MiB"};

/* Enough calls per size for a stable median; ~40 MiB moved at most. */
static size_t buffer_iterations(size_t size)
{
    size_t n = ((size_t)32 << 20) / size;
    return n < 200 ? 200 : n > 5000 ? 5000 : n;
}

static double median_memcpy_ns(uint8_t *dst, const uint8_t *src, size_t size, uint64_t *samples,
                               size_t count)
{
    for (size_t i = 0; i < count; i++) {
        uint64_t start = bench_now_ns();
        memcpy(dst, src, size);
        clobber(dst);
        samples[i] = bench_now_ns() - start;
    }
    return bench_percentile(samples, count, 50);
}

static bool measure_buffer(oe_enclave_t *enclave, const char *backend, size_t which, bool out,
                           uint8_t *a, uint8_t *b, uint64_t *samples)
{
    size_t size = buffer_sizes[which], count = buffer_iterations(size);
    for (size_t i = 0; i < count + count / 10; i++) {
        uint64_t start = bench_now_ns();
        oe_result_t result = out ? bench_out(enclave, a, size) : bench_in(enclave, a, size);
        if (i >= count / 10)
            samples[i - count / 10] = bench_now_ns() - start;
        if (result != OE_OK)
            return false;
    }
    double ns = bench_percentile(samples, count, 50);
    double copy_ns = median_memcpy_ns(b, a, size, samples, count);
    char name[64], base[64];
    snprintf(name, sizeof(name), "%s.%s.%s", out ? "out" : "in", backend, buffer_names[which]);
    snprintf(base, sizeof(base), "memcpy.%s", buffer_names[which]);
    /* MB/s = bytes / ns * 1000. */
    bench_row *row =
        bench_add(name, "MB/s", (double)size / ns * 1e3, base, (double)size / copy_ns * 1e3);
    if (size == ((size_t)1 << 20) && strcmp(backend, "sandbox") == 0)
        row->min_ratio = BUFFER_MIN_RATIO;
    return true;
}

static bool measure_buffers(oe_enclave_t *enclave, const char *backend, uint64_t *samples)
{
    size_t max = buffer_sizes[sizeof(buffer_sizes) / sizeof(buffer_sizes[0]) - 1];
    uint8_t *a = malloc(max), *b = malloc(max);
    bool ok = a && b;
    if (ok) {
        memset(a, 0x5a, max);
        memset(b, 0xa5, max);
    }
    for (int out = 0; ok && out < 2; out++)
        for (size_t i = 0; ok && i < sizeof(buffer_sizes) / sizeof(buffer_sizes[0]); i++)
            ok = measure_buffer(enclave, backend, i, out, a, b, samples);
    free(a);
    free(b);
    return ok;
}

static bool measure_backend(const char *image, const char *backend, uint64_t *samples)
{
    uint32_t flags = strcmp(backend, "sim") == 0 ? OE_ENCLAVE_FLAG_SIMULATE : 0;
    oe_enclave_t *enclave = NULL;
    oe_result_t result =
        oe_create_bench_enclave(image, OE_ENCLAVE_TYPE_AUTO, flags, NULL, 0, &enclave);
    if (result != OE_OK) {
        fprintf(stderr, "bench: creating %s on %s: %s\n", image, backend, oe_result_str(result));
        return false;
    }
    bool ok = measure_ecall(enclave, backend, samples) &&
              measure_ocall(enclave, backend, samples) &&
              measure_buffers(enclave, backend, samples);
    if (!ok)
        fprintf(stderr, "bench: a call on the %s backend failed\n", backend);
    oe_terminate_enclave(enclave);
    return ok;
}

static bool spawn_true(void)
{
    static char *const argv[] = {"true", NULL};
    pid_t pid;
    int status;
    if (posix_spawn(&pid, "/bin/true", NULL, NULL, argv, environ) != 0)
        return false;
    return waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* fork+exec+wait of /bin/true, done with fork() as the runner is. */
static bool fork_exec_true(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        execl("/bin/true", "true", (char *)NULL);
        _exit(127);
    }
    int status;
    return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
           WEXITSTATUS(status) == 0;
}

static bool measure_create(const char *image, uint64_t *samples)
{
    for (size_t i = 0; i < CREATE_SAMPLES + 2; i++) {
        oe_enclave_t *enclave = NULL;
        uint64_t start = bench_now_ns();
        /* No OCALL or ECALL tables: only creation and teardown run. */
        oe_result_t result =
            oe_create_enclave(image, OE_ENCLAVE_TYPE_AUTO, 0, NULL, 0, NULL, 0, NULL, 0, &enclave);
        if (result == OE_OK)
            result = oe_terminate_enclave(enclave);
        else
            fprintf(stderr, "bench: creating %s: %s\n", image, oe_result_str(result));
        if (i >= 2)
            samples[i - 2] = bench_now_ns() - start;
        if (result != OE_OK)
            return false;
    }
    double create_ms = bench_percentile(samples, CREATE_SAMPLES, 50) / 1e6;
    for (size_t i = 0; i < CREATE_SAMPLES; i++) {
        uint64_t start = bench_now_ns();
        if (!fork_exec_true())
            return false;
        samples[i] = bench_now_ns() - start;
    }
    double fork_ms = bench_percentile(samples, CREATE_SAMPLES, 50) / 1e6;
    for (size_t i = 0; i < CREATE_SAMPLES; i++) {
        uint64_t start = bench_now_ns();
        if (!spawn_true())
            return false;
        samples[i] = bench_now_ns() - start;
    }
    double spawn_ms = bench_percentile(samples, CREATE_SAMPLES, 50) / 1e6;
    bench_row *row = bench_add("create_terminate.sandbox.p50", "ms", create_ms,
                               "fork_exec_wait_true.p50", fork_ms);
    row->max_value = CREATE_MAX_MS;
    bench_add("create_terminate.sandbox.p50", "ms", create_ms, "posix_spawn_true.p50", spawn_ms);
    return true;
}

int main(int argc, char **argv)
{
    const char *json = NULL, *image = BENCH_ENCLAVE_PATH, *only = NULL;
    const char *helloworld = BENCH_HELLOWORLD_PATH;
    bool strict = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0 && i + 1 < argc)
            json = argv[++i];
        else if (strcmp(argv[i], "--enclave") == 0 && i + 1 < argc)
            image = argv[++i];
        else if (strcmp(argv[i], "--helloworld") == 0 && i + 1 < argc)
            helloworld = argv[++i];
        else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc)
            only = argv[++i];
        else if (strcmp(argv[i], "--strict") == 0)
            strict = true;
        else {
            fprintf(stderr,
                    "usage: %s [--json FILE] [--enclave IMAGE] [--helloworld IMAGE] "
                    "[--only PART] [--strict]\n",
                    argv[0]);
            return 1;
        }
    }
    uint64_t *samples = calloc(LATENCY_SAMPLES, sizeof(uint64_t));
    if (!samples)
        return 1;
    bool ok = measure_baselines(samples);
    if (ok && (!only || strcmp(only, "sim") == 0))
        ok = measure_backend(image, "sim", samples);
    if (ok && (!only || strcmp(only, "sandbox") == 0))
        ok = measure_backend(image, "sandbox", samples);
    if (ok && (!only || strcmp(only, "create") == 0))
        ok = measure_create(helloworld, samples);
    free(samples);
    if (!ok) {
        fprintf(stderr, "bench: runtime benchmark failed\n");
        return 1;
    }
    if (!bench_report(json))
        return 1;
    return strict && !bench_all_targets_met() ? 2 : 0;
}
