/* Switchless calls: workers capped by NumTCS still serve calls from
 * several threads with right answers; enclave buffers are refused; a crash
 * during a switchless ECALL ends the call with OE_ENCLAVE_ABORTING rather
 * than leaving the caller waiting. Usage: sl_host <image> sandbox|sim. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <pthread.h>
#include <string.h>

#include <openenclave/host.h>

#include "sl_u.h"

#define THREADS 2
#define CALLS 500

static const char *image;
static uint32_t flags = OE_ENCLAVE_FLAG_DEBUG;

int sl_host_twice(int v)
{
    return 2 * v;
}

static oe_enclave_t *create(size_t host_workers, size_t enclave_workers)
{
    oe_enclave_setting_context_switchless_t workers = {host_workers, enclave_workers};
    oe_enclave_setting_t setting = {.setting_type = OE_ENCLAVE_SETTING_CONTEXT_SWITCHLESS,
                                    .u.context_switchless_setting = &workers};
    oe_enclave_t *enclave = NULL;
    assert_int_equal(
        oe_create_sl_enclave(image, OE_ENCLAVE_TYPE_AUTO, flags, &setting, 1, &enclave), OE_OK);
    return enclave;
}

static void *hammer(void *arg)
{
    uintptr_t wrong = 0;
    for (int i = 0; i < CALLS; i++) {
        int sum = 0, twice = 0;
        if (sl_add(arg, &sum, i, 7) != OE_OK || sum != i + 7)
            wrong++;
        if (sl_twice_via_host(arg, &twice, i) != OE_OK || twice != 2 * i)
            wrong++;
    }
    return (void *)wrong;
}

/* NumTCS=2 caps 9 enclave workers at 1: two callers share it and the one
 * remaining thread (one falls back whenever the worker is busy), and every
 * answer is right. (A third concurrent caller could find no thread at all:
 * OE_OUT_OF_THREADS, as on OE.) */
static void test_capped_workers_under_load(void **state)
{
    (void)state;
    oe_enclave_t *enclave = create(9, 9);
    pthread_t threads[THREADS];
    uintptr_t wrong = 0;
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, hammer, enclave), 0);
    for (int i = 0; i < THREADS; i++) {
        void *result = NULL;
        assert_int_equal(pthread_join(threads[i], &result), 0);
        wrong += (uintptr_t)result;
    }
    assert_int_equal(wrong, 0);
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

static void test_no_workers_means_regular_calls(void **state)
{
    (void)state;
    oe_enclave_t *enclave = create(0, 0);
    assert_int_equal((uintptr_t)hammer(enclave), 0);
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

static void test_enclave_buffers_refused(void **state)
{
    (void)state;
    oe_enclave_t *enclave = create(1, 1);
    int result = -1;
    assert_int_equal(sl_bad_ocall_buffers(enclave, &result), OE_OK);
    assert_int_equal(result, OE_INVALID_PARAMETER);
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

/* sandbox only: on sim a crash takes the host process down, as OE's. */
static void test_crash_releases_caller(void **state)
{
    (void)state;
    if (flags & OE_ENCLAVE_FLAG_SIMULATE)
        skip();
    oe_enclave_t *enclave = create(1, 1);
    int sum = 0;
    assert_int_equal(sl_crash(enclave), OE_ENCLAVE_ABORTING);
    assert_int_equal(sl_add(enclave, &sum, 1, 2), OE_ENCLAVE_ABORTING);
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

int main(int argc, char **argv)
{
    if (argc != 3)
        return 2;
    image = argv[1];
    if (strcmp(argv[2], "sim") == 0)
        flags |= OE_ENCLAVE_FLAG_SIMULATE;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_capped_workers_under_load),
        cmocka_unit_test(test_no_workers_means_regular_calls),
        cmocka_unit_test(test_enclave_buffers_refused),
        cmocka_unit_test(test_crash_releases_caller),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
