/* Crash isolation and memory limits on one backend (argv[1]).
 *
 * sandbox: an ECALL that dereferences NULL, calls abort() or oe_abort(),
 * or overflows its stack ends that enclave's process; the call and every
 * later call of that enclave return OE_ENCLAVE_ABORTING, the host log
 * (stderr) names the signal and address, and the host and a second enclave
 * carry on. NumHeapPages and NumStackPages are enforced.
 * sim: only oe_abort() can be survived in-process; it fails the calls of
 * that enclave with OE_ENCLAVE_ABORTING and nothing else. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rt_host.h"

typedef oe_result_t (*crash_fn)(oe_enclave_t *enclave);

static oe_result_t crash_null(oe_enclave_t *e) { return rt_crash_null(e); }
static oe_result_t crash_abort(oe_enclave_t *e) { return rt_crash_abort(e); }
static oe_result_t crash_oe_abort(oe_enclave_t *e) { return rt_crash_oe_abort(e); }
static oe_result_t crash_stack(oe_enclave_t *e)
{
    int ret = 0;
    return rt_crash_stack(e, &ret, 4000); /* ~4 MiB of frames, 256 KiB of stack */
}

static void assert_contains(const char *text, const char *needle)
{
    if (!strstr(text, needle))
        fail_msg("expected \"%s\" in the host log, which was:\n%s", needle, text);
}

/* Crashes a victim enclave with `crash` while a bystander stays alive;
 * checks results and that the log contains each of `log_needles`. */
static void crash_and_check(crash_fn crash, const char *const *log_needles)
{
    oe_enclave_t *victim = rt_create(RT_ENCLAVE);
    oe_enclave_t *bystander = rt_create(RT_ENCLAVE);
    int ret = 0;
    RT_ASSERT_OK(rt_set_global(bystander, 77));
    RT_ASSERT_OK(rt_add(victim, &ret, 1, 1));

    rt_capture_begin();
    oe_result_t crashed = crash(victim);
    char *log = rt_capture_end();
    RT_ASSERT_RESULT(crashed, OE_ENCLAVE_ABORTING);
    for (size_t i = 0; log_needles[i]; i++)
        assert_contains(log, log_needles[i]);
    free(log);

    /* Later calls fail the same way, through the generated wrapper and
     * OCALL-making functions alike. */
    RT_ASSERT_RESULT(rt_add(victim, &ret, 1, 2), OE_ENCLAVE_ABORTING);
    RT_ASSERT_RESULT(rt_call_host(victim, &ret, 1, 2), OE_ENCLAVE_ABORTING);

    /* The host and the other enclave carry on. */
    int value = 0;
    RT_ASSERT_OK(rt_get_global(bystander, &value));
    assert_int_equal(value, 77);
    RT_ASSERT_OK(rt_call_host(bystander, &ret, 2, 3));
    assert_int_equal(ret, 5);
    RT_ASSERT_OK(oe_terminate_enclave(victim));
    RT_ASSERT_OK(rt_add(bystander, &ret, 2, 3));
    RT_ASSERT_OK(oe_terminate_enclave(bystander));
}

static void null_dereference(void **state)
{
    (void)state;
    if (rt_sim)
        skip(); /* sim runs the enclave in the host process: nothing to isolate */
    const char *const needles[] = {"enclave crashed: signal 11", "address 0x0,", NULL};
    crash_and_check(crash_null, needles);
}

static void abort_call(void **state)
{
    (void)state;
    if (rt_sim)
        skip();
    const char *const needles[] = {"enclave crashed: signal 6", NULL};
    crash_and_check(crash_abort, needles);
}

static void oe_abort_call(void **state)
{
    (void)state;
    const char *const needles[] = {"enclave called oe_abort()", NULL};
    crash_and_check(crash_oe_abort, needles);
}

static void stack_overflow(void **state)
{
    (void)state;
    if (rt_sim)
        skip();
    const char *const needles[] = {"enclave crashed: signal 11", NULL};
    crash_and_check(crash_stack, needles);
}

/* A crash while another host thread is inside an OCALL of the same
 * enclave: that thread's ECALL fails with OE_ENCLAVE_ABORTING once its
 * OCALL returns, and does not wait forever for the dead enclave. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static bool in_ocall, release;

static void wait_in_ocall(int id)
{
    (void)id;
    pthread_mutex_lock(&lock);
    in_ocall = true;
    pthread_cond_broadcast(&cond);
    while (!release)
        pthread_cond_wait(&cond, &lock);
    pthread_mutex_unlock(&lock);
}

static void *block_main(void *arg)
{
    int ret = 0;
    return (void *)(uintptr_t)rt_block(arg, &ret, 1);
}

static void crash_while_other_thread_in_ocall(void **state)
{
    (void)state;
    if (rt_sim)
        skip();
    oe_enclave_t *victim = rt_create(RT_ENCLAVE);
    in_ocall = release = false;
    rt_on_wait = wait_in_ocall;
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, block_main, victim), 0);
    pthread_mutex_lock(&lock);
    while (!in_ocall)
        pthread_cond_wait(&cond, &lock);
    pthread_mutex_unlock(&lock);

    rt_capture_begin();
    oe_result_t crashed = rt_crash_null(victim);
    free(rt_capture_end());
    RT_ASSERT_RESULT(crashed, OE_ENCLAVE_ABORTING);

    pthread_mutex_lock(&lock);
    release = true;
    pthread_cond_broadcast(&cond);
    pthread_mutex_unlock(&lock);
    void *result;
    pthread_join(thread, &result);
    RT_ASSERT_RESULT((oe_result_t)(uintptr_t)result, OE_ENCLAVE_ABORTING);
    rt_on_wait = NULL;
    RT_ASSERT_OK(oe_terminate_enclave(victim));
}

/* NumHeapPages = 256 (1 MiB) in rt_enclave_small: a much larger
 * allocation fails with NULL, the enclave survives and smaller ones work. */
static void heap_limit(void **state)
{
    (void)state;
    if (rt_sim || RT_ASAN)
        skip(); /* sim: not enforced; ASan's allocator aborts instead of returning NULL */
    oe_enclave_t *small = rt_create(RT_ENCLAVE_SMALL);
    oe_enclave_t *large = rt_create(RT_ENCLAVE); /* 64 MiB */
    int ok = -1;
    for (int round = 0; round < 3; round++) {
        RT_ASSERT_OK(rt_heap_try(small, &ok, (size_t)64 << 20));
        assert_int_equal(ok, 0);
        RT_ASSERT_OK(rt_heap_try(small, &ok, (size_t)8 << 20));
        assert_int_equal(ok, 0);
        RT_ASSERT_OK(rt_heap_try(small, &ok, (size_t)256 << 10));
        assert_int_equal(ok, 1);
    }
    /* The same request fits the larger heap. */
    RT_ASSERT_OK(rt_heap_try(large, &ok, (size_t)8 << 20));
    assert_int_equal(ok, 1);
    RT_ASSERT_OK(rt_heap_try(large, &ok, (size_t)256 << 20));
    assert_int_equal(ok, 0);
    RT_ASSERT_OK(oe_terminate_enclave(small));
    RT_ASSERT_OK(oe_terminate_enclave(large));
}

/* NumStackPages = 16 (64 KiB) in rt_enclave_small: shallow recursion
 * works, 200 KiB of frames crash the enclave (a default 8 MiB thread stack
 * would not). */
static void stack_limit(void **state)
{
    (void)state;
    oe_enclave_t *small = rt_create(RT_ENCLAVE_SMALL);
    int ret = -1;
    RT_ASSERT_OK(rt_crash_stack(small, &ret, 16));
    assert_int_equal(ret, 16);
    if (rt_sim) {
        RT_ASSERT_OK(oe_terminate_enclave(small));
        skip(); /* sim runs ECALLs on the host's threads and stacks */
    }
    rt_capture_begin();
    oe_result_t r = rt_crash_stack(small, &ret, 200);
    char *log = rt_capture_end();
    RT_ASSERT_RESULT(r, OE_ENCLAVE_ABORTING);
    assert_contains(log, "enclave crashed: signal 11");
    free(log);
    RT_ASSERT_OK(oe_terminate_enclave(small));
}

/* A global constructor that crashes or aborts while the image loads:
 * creation fails with an error (no enclave, no hang), the host carries on
 * and creates other enclaves. */
static void constructor_crash(void **state)
{
    (void)state;
    if (rt_sim)
        skip(); /* the constructor would run in the host process */
    const char *const images[] = {RT_ENCLAVE_CTOR_CRASH, RT_ENCLAVE_CTOR_ABORT};
    const char *const reasons[] = {"signal 11", "signal 6"};
    for (int i = 0; i < 2; i++) {
        oe_enclave_t *enclave = (oe_enclave_t *)(uintptr_t)1;
        rt_capture_begin();
        oe_result_t r = oe_create_rt_enclave(images[i], OE_ENCLAVE_TYPE_AUTO, rt_flags(), NULL,
                                             0, &enclave);
        char *log = rt_capture_end();
        if (r == OE_OK)
            fail_msg("creating %s succeeded", images[i]);
        assert_null(enclave);
        assert_contains(log, "creating enclave");
        assert_contains(log, reasons[i]);
        free(log);
    }
    oe_enclave_t *other = rt_create(RT_ENCLAVE);
    int ret = 0;
    RT_ASSERT_OK(rt_add(other, &ret, 3, 4));
    assert_int_equal(ret, 7);
    RT_ASSERT_OK(oe_terminate_enclave(other));
}

/* Enclave code that sends on the runner's bootstrap socket (which the
 * sandbox keeps for the ready message) is stopped like a runner sending a
 * malformed message: its calls then fail with OE_ENCLAVE_ABORTING, the log
 * says why, and oe_terminate_enclave returns (it used to wait forever). */
static void bootstrap_socket_message(void **state)
{
    (void)state;
    if (rt_sim)
        skip(); /* no runner */
    oe_enclave_t *enclave = rt_create(RT_ENCLAVE);
    int ret = 0, err = 0;
    rt_capture_begin();
    oe_result_t r = rt_try_syscall(enclave, &ret, RT_OP_SEND_BOOTSTRAP, "", &err);
    /* The host notices asynchronously; wait for it (bounded only so that
     * a regression fails instead of hanging). */
    oe_result_t later = OE_OK;
    for (int i = 0; i < 20000 && later != OE_ENCLAVE_ABORTING; i++) {
        later = rt_add(enclave, &ret, 1, 1);
        if (later != OE_ENCLAVE_ABORTING)
            usleep(1000);
    }
    oe_result_t t = oe_terminate_enclave(enclave);
    char *log = rt_capture_end();
    assert_true(r == OE_OK || r == OE_ENCLAVE_ABORTING);
    RT_ASSERT_RESULT(later, OE_ENCLAVE_ABORTING);
    RT_ASSERT_OK(t);
    assert_contains(log, "unexpected message on its bootstrap socket");
    free(log);
}

int main(int argc, char **argv)
{
    rt_parse_backend(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(null_dereference),
        cmocka_unit_test(abort_call),
        cmocka_unit_test(oe_abort_call),
        cmocka_unit_test(stack_overflow),
        cmocka_unit_test(crash_while_other_thread_in_ocall),
        cmocka_unit_test(heap_limit),
        cmocka_unit_test(stack_limit),
        cmocka_unit_test(constructor_crash),
        cmocka_unit_test(bootstrap_socket_message),
    };
    return cmocka_run_group_tests_name(rt_sim ? "runtime crash (sim)" : "runtime crash (sandbox)",
                                       tests, NULL, NULL);
}
