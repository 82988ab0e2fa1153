/* bench_runtime: what crossing Keep's enclave boundary costs, against
 * baselines measured in the same run (see docs/benchmarks.md).
 *
 *   bench_runtime [--json FILE] [--enclave IMAGE] [--helloworld IMAGE]
 *                 [--only PART] [--strict] [--no-pin]
 *
 * IMAGE defaults: this directory's bench enclave, and the helloworld
 * sample's enclave (for create + terminate; the bench enclave when the
 * samples are not built).
 * --only runs the baselines and one part: sim, sandbox or create (for
 * profiling). --strict makes a missed target fail the run (exit status 2).
 * --no-pin leaves thread placement to the scheduler (see pin_sides). */
#define _GNU_SOURCE
#include <sched.h>
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

/* Sized for stable medians in well under 60 s on a 2-core machine (the
 * whole run takes a few seconds when the machine is otherwise idle). Each
 * series is taken in ROUNDS chunks, interleaved with its baselines, so that
 * a change in the machine's load during the run hits both alike. */
#define ROUNDS 10
#define LATENCY_SAMPLES 50000 /* per series */
#define LATENCY_CHUNK (LATENCY_SAMPLES / ROUNDS)
#define CREATE_SAMPLES 100
#define BUFFER_BYTES ((size_t)256 << 20) /* moved per buffer size */
#define BUFFER_MIN_CALLS 500
#define BUFFER_MAX_CALLS 20000
#define SANDBOX_ECALL_MAX_RATIO 10.0
#define BUFFER_MIN_RATIO 0.5
#define CREATE_MAX_MS 20.0
#define MAX_BACKENDS 2

typedef struct backend {
    const char *name;
    oe_enclave_t *enclave;
} backend;

typedef struct latency {
    double p50, p99; /* ns */
} latency;

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
static void add_latency(const char *what, latency l, latency shm, latency pipe, bool target)
{
    char name[64];
    snprintf(name, sizeof(name), "%s.p50", what);
    bench_row *row = bench_add(name, "us", l.p50 / 1e3, "shm_pingpong.p50", shm.p50 / 1e3);
    if (target)
        row->max_ratio = SANDBOX_ECALL_MAX_RATIO;
    snprintf(name, sizeof(name), "%s.p99", what);
    bench_add(name, "us", l.p99 / 1e3, "shm_pingpong.p99", shm.p99 / 1e3);
    snprintf(name, sizeof(name), "%s.p50", what);
    bench_add(name, "us", l.p50 / 1e3, "pipe_pingpong.p50", pipe.p50 / 1e3);
}

static bool ecall_chunk(oe_enclave_t *enclave, uint64_t *samples, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        uint64_t start = bench_now_ns();
        oe_result_t result = bench_empty(enclave);
        samples[i] = bench_now_ns() - start;
        if (result != OE_OK)
            return false;
    }
    return true;
}

/* OCALLs are timed inside the enclave, one by one. */
static bool ocall_chunk(oe_enclave_t *enclave, uint64_t *samples, size_t count)
{
    if (bench_ocall_timed(enclave, count, samples) != OE_OK)
        return false;
    for (size_t i = 0; i < count; i++)
        if (samples[i] == UINT64_MAX)
            return false;
    return true;
}

/* One round: a chunk of every series. Series 0 and 1 are the baselines,
 * then ECALL and OCALL for each backend. */
static bool latency_round(bench_pingpong *pp, const backend *backends, size_t count,
                          uint64_t **series, size_t offset)
{
    if (!bench_pingpong_shm(pp, series[0] + offset, LATENCY_CHUNK) ||
        !bench_pingpong_pipe(pp, series[1] + offset, LATENCY_CHUNK))
        return false;
    for (size_t b = 0; b < count; b++)
        if (!ecall_chunk(backends[b].enclave, series[2 + 2 * b] + offset, LATENCY_CHUNK) ||
            !ocall_chunk(backends[b].enclave, series[3 + 2 * b] + offset, LATENCY_CHUNK))
            return false;
    return true;
}

static bool measure_latency(bench_pingpong *pp, const backend *backends, size_t count)
{
    size_t series_count = 2 + 2 * count;
    uint64_t *all = calloc(series_count * LATENCY_SAMPLES, sizeof(uint64_t));
    uint64_t *series[2 + 2 * MAX_BACKENDS];
    if (!all)
        return false;
    for (size_t i = 0; i < series_count; i++)
        series[i] = all + i * LATENCY_SAMPLES;
    bool ok = latency_round(pp, backends, count, series, 0); /* warm-up, overwritten */
    for (size_t r = 0; ok && r < ROUNDS; r++)
        ok = latency_round(pp, backends, count, series, r * LATENCY_CHUNK);
    if (ok) {
        latency shm = summarize(series[0], LATENCY_SAMPLES);
        latency pipe = summarize(series[1], LATENCY_SAMPLES);
        bench_add("shm_pingpong.p50", "us", shm.p50 / 1e3, "pipe_pingpong.p50", pipe.p50 / 1e3);
        bench_add("shm_pingpong.p99", "us", shm.p99 / 1e3, "pipe_pingpong.p99", pipe.p99 / 1e3);
        for (size_t b = 0; b < count; b++) {
            char what[32];
            bool target = strcmp(backends[b].name, "sandbox") == 0;
            snprintf(what, sizeof(what), "ecall.%s", backends[b].name);
            add_latency(what, summarize(series[2 + 2 * b], LATENCY_SAMPLES), shm, pipe, target);
            snprintf(what, sizeof(what), "ocall.%s", backends[b].name);
            add_latency(what, summarize(series[3 + 2 * b], LATENCY_SAMPLES), shm, pipe, target);
        }
    }
    free(all);
    return ok;
}

/* Keeps the compiler from dropping or merging the baseline memcpy. */
static void clobber(void *p)
{
    __asm__ volatile("" : : "r"(p) : "memory");
}

static const size_t buffer_sizes[] = {64, 4096, 65536, 1 << 20};
static const char *const buffer_names[] = {"64B", "4KiB", "64KiB", "1MiB"};
#define BUFFER_SIZE_COUNT (sizeof(buffer_sizes) / sizeof(buffer_sizes[0]))

/* Enough calls per size for a stable median, a multiple of ROUNDS. */
static size_t buffer_iterations(size_t size)
{
    size_t n = BUFFER_BYTES / size;
    n = n < BUFFER_MIN_CALLS ? BUFFER_MIN_CALLS : n > BUFFER_MAX_CALLS ? BUFFER_MAX_CALLS : n;
    return n / ROUNDS * ROUNDS;
}

typedef struct buffer_run {
    oe_enclave_t *enclave;
    bool out;
    size_t size;
    uint8_t *a, *b;
} buffer_run;

static bool buffer_chunk(const buffer_run *run, uint64_t *keep, uint64_t *copy, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        uint64_t start = bench_now_ns();
        oe_result_t result = run->out ? bench_out(run->enclave, run->a, run->size)
                                      : bench_in(run->enclave, run->a, run->size);
        keep[i] = bench_now_ns() - start;
        if (result != OE_OK)
            return false;
    }
    for (size_t i = 0; i < count; i++) {
        uint64_t start = bench_now_ns();
        memcpy(run->b, run->a, run->size);
        clobber(run->b);
        copy[i] = bench_now_ns() - start;
    }
    return true;
}

static bool measure_buffer(const backend *be, size_t which, bool out, uint8_t *a, uint8_t *b,
                           uint64_t *keep, uint64_t *copy)
{
    buffer_run run = {be->enclave, out, buffer_sizes[which], a, b};
    size_t count = buffer_iterations(run.size), chunk = count / ROUNDS;
    bool ok = buffer_chunk(&run, keep, copy, chunk); /* warm-up, overwritten */
    for (size_t r = 0; ok && r < ROUNDS; r++)
        ok = buffer_chunk(&run, keep + r * chunk, copy + r * chunk, chunk);
    if (!ok)
        return false;
    double ns = bench_percentile(keep, count, 50);
    double copy_ns = bench_percentile(copy, count, 50);
    char name[64], base[64];
    snprintf(name, sizeof(name), "%s.%s.%s", out ? "out" : "in", be->name, buffer_names[which]);
    snprintf(base, sizeof(base), "memcpy.%s", buffer_names[which]);
    /* MB/s = bytes / ns * 1000. */
    bench_row *row = bench_add(name, "MB/s", (double)run.size / ns * 1e3, base,
                               (double)run.size / copy_ns * 1e3);
    if (run.size == ((size_t)1 << 20) && strcmp(be->name, "sandbox") == 0)
        row->min_ratio = BUFFER_MIN_RATIO;
    return true;
}

/* The least any transport can do when the host must marshal into memory the
 * enclave can reach and the enclave must copy its input out of it (DESIGN
 * §1): two copies back to back, against one, interleaved in the same run.
 * A row of its own, so the ratio of the in/out rows reads against it. */
static void measure_two_copies(uint8_t *a, uint8_t *b, uint64_t *twice, uint64_t *once)
{
    size_t size = buffer_sizes[BUFFER_SIZE_COUNT - 1];
    size_t count = buffer_iterations(size), chunk = count / ROUNDS;
    uint8_t *c = malloc(size);
    if (!c)
        return;
    memset(c, 0x3c, size);
    for (size_t r = 0; r < ROUNDS; r++)
        for (size_t i = r * chunk; i < (r + 1) * chunk; i++) {
            uint64_t start = bench_now_ns();
            memcpy(b, a, size);
            clobber(b);
            memcpy(c, b, size);
            clobber(c);
            twice[i] = bench_now_ns() - start;
            start = bench_now_ns();
            memcpy(b, a, size);
            clobber(b);
            once[i] = bench_now_ns() - start;
        }
    free(c);
    double twice_ns = bench_percentile(twice, count, 50);
    double once_ns = bench_percentile(once, count, 50);
    bench_add("memcpy_twice.1MiB", "MB/s", (double)size / twice_ns * 1e3, "memcpy.1MiB",
              (double)size / once_ns * 1e3);
}

static bool measure_buffers(const backend *backends, size_t count)
{
    size_t max = buffer_sizes[BUFFER_SIZE_COUNT - 1];
    uint8_t *a = malloc(max), *b = malloc(max);
    uint64_t *keep = calloc(BUFFER_MAX_CALLS, sizeof(uint64_t));
    uint64_t *copy = calloc(BUFFER_MAX_CALLS, sizeof(uint64_t));
    bool ok = a && b && keep && copy;
    if (ok) {
        memset(a, 0x5a, max);
        memset(b, 0xa5, max);
    }
    for (size_t be = 0; ok && be < count; be++)
        for (int out = 0; ok && out < 2; out++)
            for (size_t i = 0; ok && i < BUFFER_SIZE_COUNT; i++)
                ok = measure_buffer(&backends[be], i, out, a, b, keep, copy);
    if (ok)
        measure_two_copies(a, b, keep, copy);
    free(a);
    free(b);
    free(keep);
    free(copy);
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

static bool create_terminate(const char *image)
{
    oe_enclave_t *enclave = NULL;
    /* No OCALL or ECALL tables: only creation and teardown run. */
    oe_result_t result =
        oe_create_enclave(image, OE_ENCLAVE_TYPE_AUTO, 0, NULL, 0, NULL, 0, NULL, 0, &enclave);
    if (result != OE_OK) {
        fprintf(stderr, "bench: creating %s: %s\n", image, oe_result_str(result));
        return false;
    }
    return oe_terminate_enclave(enclave) == OE_OK;
}

/* Rounds of: create+terminate, fork+exec+wait, posix_spawn+wait. */
static bool measure_create(const char *image)
{
    enum { CHUNK = CREATE_SAMPLES / ROUNDS };
    static uint64_t keep[CREATE_SAMPLES], forked[CREATE_SAMPLES], spawned[CREATE_SAMPLES];
    if (!create_terminate(image) || !create_terminate(image)) /* warm-up */
        return false;
    for (size_t i = 0; i < CREATE_SAMPLES; i++) {
        if (i % CHUNK == 0)
            for (size_t j = i; j < i + CHUNK; j++) {
                uint64_t start = bench_now_ns();
                bool ok = fork_exec_true();
                forked[j] = bench_now_ns() - start;
                start = bench_now_ns();
                ok = ok && spawn_true();
                spawned[j] = bench_now_ns() - start;
                if (!ok)
                    return false;
            }
        uint64_t start = bench_now_ns();
        if (!create_terminate(image))
            return false;
        keep[i] = bench_now_ns() - start;
    }
    double create_ms = bench_percentile(keep, CREATE_SAMPLES, 50) / 1e6;
    double fork_ms = bench_percentile(forked, CREATE_SAMPLES, 50) / 1e6;
    double spawn_ms = bench_percentile(spawned, CREATE_SAMPLES, 50) / 1e6;
    bench_row *row = bench_add("create_terminate.sandbox.p50", "ms", create_ms,
                               "fork_exec_wait_true.p50", fork_ms);
    row->max_value = CREATE_MAX_MS;
    bench_add("create_terminate.sandbox.p50", "ms", create_ms, "posix_spawn_true.p50", spawn_ms);
    return true;
}

static bool open_backend(backend *be, const char *image)
{
    uint32_t flags = strcmp(be->name, "sim") == 0 ? OE_ENCLAVE_FLAG_SIMULATE : 0;
    oe_result_t result =
        oe_create_bench_enclave(image, OE_ENCLAVE_TYPE_AUTO, flags, NULL, 0, &be->enclave);
    if (result != OE_OK)
        fprintf(stderr, "bench: creating %s on %s: %s\n", image, be->name, oe_result_str(result));
    return result == OE_OK;
}

/* Placement for the latency and buffer phases. Left to itself, the
 * scheduler of a busy 2-core machine sometimes puts both sides of a
 * ping-pong on one core (they then trade it through sched_yield, ~4.5 us a
 * round trip) and sometimes on two (~0.1-0.3 us), and it decides afresh for
 * the baseline and for the enclave. So the host side runs on one CPU and
 * every other process (ping-pong children, the enclave runner and its
 * threads, which inherit the mask of the thread that forks them) on
 * another: the same two-core case for the floor and for Keep. */
typedef struct placement {
    bool pinned;
    cpu_set_t original;
    int host_cpu, peer_cpu;
} placement;

static void pin_to(int cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof(set), &set) != 0)
        perror("bench: sched_setaffinity");
}

/* Returns with the calling thread on the peer CPU, for forking peers. */
static void pin_sides(placement *p, bool wanted)
{
    p->pinned = false;
    p->host_cpu = p->peer_cpu = -1;
    if (!wanted || sched_getaffinity(0, sizeof(p->original), &p->original) != 0)
        return;
    for (int cpu = 0; cpu < CPU_SETSIZE && p->peer_cpu < 0; cpu++)
        if (CPU_ISSET(cpu, &p->original)) {
            if (p->host_cpu < 0)
                p->host_cpu = cpu;
            else
                p->peer_cpu = cpu;
        }
    if (p->peer_cpu < 0)
        return; /* one CPU: nothing to choose */
    p->pinned = true;
    pin_to(p->peer_cpu);
}

static void unpin(const placement *p)
{
    if (p->pinned && sched_setaffinity(0, sizeof(p->original), &p->original) != 0)
        perror("bench: sched_setaffinity");
}

static bool run(const char *image, const char *helloworld, const char *only, bool pin)
{
    backend backends[MAX_BACKENDS];
    size_t count = 0;
    placement place;
    pin_sides(&place, pin);
    /* Before the enclaves, so the children hold none of their descriptors. */
    bench_pingpong *pp = bench_pingpong_open();
    bool ok = pp != NULL;
    static const char *const names[] = {"sim", "sandbox"};
    for (size_t i = 0; ok && i < MAX_BACKENDS; i++) {
        if (only && strcmp(only, names[i]) != 0)
            continue;
        backends[count] = (backend){names[i], NULL};
        ok = open_backend(&backends[count], image);
        count += ok;
    }
    if (place.pinned) {
        pin_to(place.host_cpu);
        printf("host side on CPU %d, enclave runner and ping-pong peers on CPU %d\n\n",
               place.host_cpu, place.peer_cpu);
    }
    ok = ok && measure_latency(pp, backends, count) && measure_buffers(backends, count);
    for (size_t i = 0; i < count; i++)
        oe_terminate_enclave(backends[i].enclave);
    bench_pingpong_close(pp);
    unpin(&place);
    if (ok && (!only || strcmp(only, "create") == 0))
        ok = measure_create(helloworld);
    return ok;
}

int main(int argc, char **argv)
{
    const char *json = NULL, *image = BENCH_ENCLAVE_PATH, *only = NULL;
    const char *helloworld = BENCH_HELLOWORLD_PATH;
    bool strict = false, pin = true;
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
        else if (strcmp(argv[i], "--no-pin") == 0)
            pin = false;
        else {
            fprintf(stderr,
                    "usage: %s [--json FILE] [--enclave IMAGE] [--helloworld IMAGE] "
                    "[--only PART] [--strict] [--no-pin]\n",
                    argv[0]);
            return 1;
        }
    }
    /* OE_SIMULATION=1 would turn every "sandbox" row into sim. */
    unsetenv("OE_SIMULATION");
    bool ok = run(image, helloworld, only, pin);
    if (!ok) {
        fprintf(stderr, "bench: runtime benchmark failed\n");
        return 1;
    }
    if (!bench_report(json))
        return 1;
    return bench_exit_status(strict);
}
