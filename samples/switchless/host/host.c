// The host side of the switchless sample: checks that switchless calls run
// on worker threads and give the right answers, also from several threads
// at once, and compares their cost with regular calls.
#include <openenclave/host.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "switchless_u.h"

#define CALLS 20000
#define THREADS 4
#define THREAD_CALLS 2000

// Set on a thread while it is inside an ECALL it made itself: an OCALL that
// sees it set runs on the calling thread, one that does not runs on a worker.
static __thread int in_my_ecall;
static atomic_ulong ocalls_on_caller, ocalls_on_worker;

static void count_thread(void)
{
    if (in_my_ecall)
        atomic_fetch_add(&ocalls_on_caller, 1);
    else
        atomic_fetch_add(&ocalls_on_worker, 1);
}

uint64_t host_increment(uint64_t value)
{
    count_thread();
    return value + 1;
}

uint64_t host_increment_switchless(uint64_t value)
{
    count_thread();
    return value + 1;
}

int host_on_calling_thread(void)
{
    return in_my_ecall;
}

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int fail(const char* what, oe_result_t result)
{
    fprintf(stderr, "%s: result=%u (%s)\n", what, result, oe_result_str(result));
    return 1;
}

// Switchless OCALLs from one enclave thread always find a free host worker.
static int check_ocalls(oe_enclave_t* enclave)
{
    uint64_t total = 0;
    atomic_store(&ocalls_on_caller, 0);
    atomic_store(&ocalls_on_worker, 0);
    in_my_ecall = 1;
    oe_result_t result = enclave_count_up(enclave, &total, 1000, 1);
    in_my_ecall = 0;
    if (result != OE_OK)
        return fail("enclave_count_up", result);
    printf("switchless OCALLs: %lu of 1000 on host workers, total %lu\n",
           (unsigned long)atomic_load(&ocalls_on_worker), (unsigned long)total);
    return total != 1000 || atomic_load(&ocalls_on_worker) != 1000;
}

// A switchless ECALL runs on an enclave worker, whose OCALLs a host thread
// other than the caller serves; a regular ECALL's OCALLs come back to the
// caller.
static int check_ecalls(oe_enclave_t* enclave)
{
    int switchless_on_caller = -1, regular_on_caller = -1;
    in_my_ecall = 1;
    oe_result_t result = enclave_where_switchless(enclave, &switchless_on_caller);
    if (result == OE_OK)
        result = enclave_where_regular(enclave, &regular_on_caller);
    in_my_ecall = 0;
    if (result != OE_OK)
        return fail("enclave_where", result);
    printf("switchless ECALL on an enclave worker: %s; regular ECALL on the caller: %s\n",
           switchless_on_caller == 0 ? "yes" : "no", regular_on_caller == 1 ? "yes" : "no");
    return switchless_on_caller != 0 || regular_on_caller != 1;
}

static void* hammer(void* arg)
{
    oe_enclave_t* enclave = arg;
    uintptr_t errors = 0;
    for (uint64_t i = 0; i < THREAD_CALLS; i++) {
        uint64_t sum = 0, total = 0;
        if (enclave_add_switchless(enclave, &sum, i, 2 * i) != OE_OK || sum != 3 * i)
            errors++;
        if (i % 100 == 0 &&
            (enclave_count_up(enclave, &total, 10, 1) != OE_OK || total != 10))
            errors++;
    }
    return (void*)errors;
}

// More callers than workers: some calls fall back to the regular path, and
// every answer must still be right.
static int check_concurrency(oe_enclave_t* enclave)
{
    pthread_t threads[THREADS];
    uintptr_t errors = 0;
    int started = 0;
    for (; started < THREADS; started++)
        if (pthread_create(&threads[started], NULL, hammer, enclave) != 0)
            break;
    for (int i = 0; i < started; i++) {
        void* thread_errors = NULL;
        pthread_join(threads[i], &thread_errors);
        errors += (uintptr_t)thread_errors;
    }
    printf("%d threads x %d switchless calls: %lu wrong answers\n", started, THREAD_CALLS,
           (unsigned long)errors);
    return started != THREADS || errors != 0;
}

static double time_ecalls(oe_enclave_t* enclave, int switchless)
{
    double start = now_ns();
    for (uint64_t i = 0; i < CALLS; i++) {
        uint64_t sum = 0;
        oe_result_t result = switchless ? enclave_add_switchless(enclave, &sum, i, 1)
                                        : enclave_add(enclave, &sum, i, 1);
        if (result != OE_OK || sum != i + 1)
            return -1;
    }
    return (now_ns() - start) / CALLS;
}

static double time_ocalls(oe_enclave_t* enclave, int switchless)
{
    uint64_t total = 0;
    double start = now_ns();
    oe_result_t result = enclave_count_up(enclave, &total, CALLS, switchless);
    if (result != OE_OK || total != CALLS)
        return -1;
    return (now_ns() - start) / CALLS;
}

// The cost of each kind of call (for information; nothing depends on it).
static int measure(oe_enclave_t* enclave)
{
    double ecall = time_ecalls(enclave, 0), ecall_sl = time_ecalls(enclave, 1);
    double ocall = time_ocalls(enclave, 0), ocall_sl = time_ocalls(enclave, 1);
    if (ecall < 0 || ecall_sl < 0 || ocall < 0 || ocall_sl < 0)
        return fail("timed calls", OE_FAILURE);
    printf("ECALL: regular %.0f ns, switchless %.0f ns (%.2fx)\n", ecall, ecall_sl,
           ecall / ecall_sl);
    printf("OCALL: regular %.0f ns, switchless %.0f ns (%.2fx)\n", ocall, ocall_sl,
           ocall / ocall_sl);
    return 0;
}

static int simulate_requested(int argc, const char* argv[])
{
    for (int i = 2; i < argc; i++)
        if (strcmp(argv[i], "--simulate") == 0)
            return 1;
    return 0;
}

int main(int argc, const char* argv[])
{
    if (argc < 2) {
        fprintf(stderr, "Usage: %s enclave_image_path [ --simulate ]\n", argv[0]);
        return 1;
    }
    uint32_t flags = OE_ENCLAVE_FLAG_DEBUG;
    if (simulate_requested(argc, argv))
        flags |= OE_ENCLAVE_FLAG_SIMULATE;
    // Two host workers serve switchless OCALLs, two enclave workers
    // switchless ECALLs.
    oe_enclave_setting_context_switchless_t switchless = {2, 2};
    oe_enclave_setting_t setting = {.setting_type = OE_ENCLAVE_SETTING_CONTEXT_SWITCHLESS,
                                    .u.context_switchless_setting = &switchless};
    oe_enclave_t* enclave = NULL;
    oe_result_t result = oe_create_switchless_enclave(argv[1], OE_ENCLAVE_TYPE_AUTO, flags,
                                                      &setting, 1, &enclave);
    if (result != OE_OK)
        return fail("oe_create_switchless_enclave", result);
    int failed = check_ocalls(enclave) || check_ecalls(enclave) ||
                 check_concurrency(enclave) || measure(enclave);
    oe_terminate_enclave(enclave);
    printf(failed ? "switchless: FAILED\n" : "switchless: all results as expected\n");
    return failed;
}
