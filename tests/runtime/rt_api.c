/* API behaviour on one backend (argv[1]): oe_create_enclave's parameter and
 * image checks, ECALL/OCALL round trips, nested ECALLs, concurrency and
 * NumTCS, host memory from inside, oe_random, several enclaves of both
 * backends at once, and enclave output reaching the host in order. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openenclave/edger8r/host.h>

#include "host/host_enclave.h"
#include "rt_host.h"

static void expect_create(const char *path, oe_enclave_type_t type, uint32_t flags,
                          const oe_enclave_setting_t *settings, uint32_t count,
                          oe_result_t expected, bool with_out)
{
    oe_enclave_t *enclave = (oe_enclave_t *)(uintptr_t)0x1234; /* must be cleared */
    oe_result_t r = oe_create_rt_enclave(path, type, flags, settings, count,
                                         with_out ? &enclave : NULL);
    if (r != expected)
        fail_msg("create(%s, type %d, flags 0x%x, %u settings): %s, expected %s",
                 path ? path : "NULL", (int)type, flags, count, oe_result_str(r),
                 oe_result_str(expected));
    if (with_out)
        assert_null(enclave);
}

static void create_rejects_bad_parameters(void **state)
{
    (void)state;
    oe_enclave_setting_t setting;
    memset(&setting, 0, sizeof(setting));
    uint32_t f = rt_flags();
    expect_create(RT_ENCLAVE, (oe_enclave_type_t)99, f, NULL, 0, OE_INVALID_PARAMETER, true);
    expect_create(RT_ENCLAVE, OE_ENCLAVE_TYPE_OPTEE, f, NULL, 0, OE_INVALID_PARAMETER, true);
    expect_create(RT_ENCLAVE, OE_ENCLAVE_TYPE_AUTO, f | 0x100u, NULL, 0, OE_INVALID_PARAMETER,
                  true);
    expect_create(RT_ENCLAVE, OE_ENCLAVE_TYPE_AUTO, f | 0x80000000u, NULL, 0,
                  OE_INVALID_PARAMETER, true);
    expect_create(RT_ENCLAVE, OE_ENCLAVE_TYPE_AUTO, f, NULL, 1, OE_INVALID_PARAMETER, true);
    expect_create(RT_ENCLAVE, OE_ENCLAVE_TYPE_AUTO, f, &setting, 0, OE_INVALID_PARAMETER, true);
    /* A setting of an unknown type, and a known type without its data. */
    setting.setting_type = (oe_enclave_setting_type_t)0x7777;
    expect_create(RT_ENCLAVE, OE_ENCLAVE_TYPE_AUTO, f, &setting, 1, OE_INVALID_PARAMETER, true);
    setting.setting_type = OE_ENCLAVE_SETTING_CONTEXT_SWITCHLESS;
    expect_create(RT_ENCLAVE, OE_ENCLAVE_TYPE_AUTO, f, &setting, 1, OE_INVALID_PARAMETER, true);
    expect_create(NULL, OE_ENCLAVE_TYPE_AUTO, f, NULL, 0, OE_INVALID_PARAMETER, true);
    expect_create(RT_ENCLAVE, OE_ENCLAVE_TYPE_AUTO, f, NULL, 0, OE_INVALID_PARAMETER, false);

    /* The tables: an OCALL count without a table, an ECALL count without one. */
    oe_enclave_t *enclave = NULL;
    RT_ASSERT_RESULT(oe_create_enclave(RT_ENCLAVE, OE_ENCLAVE_TYPE_AUTO, f, NULL, 0, NULL, 3,
                                       NULL, 0, &enclave),
                     OE_INVALID_PARAMETER);
    RT_ASSERT_RESULT(oe_create_enclave(RT_ENCLAVE, OE_ENCLAVE_TYPE_AUTO, f, NULL, 0, NULL, 0,
                                       NULL, 3, &enclave),
                     OE_INVALID_PARAMETER);
    assert_null(enclave);
}

/* Writes `size` bytes of `src` (or of text when src is NULL) to a new
 * temporary file and returns its path (free() it). */
static char *temp_file(const void *src, size_t size)
{
    char *path = strdup("/tmp/keep-rt-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    if (size)
        assert_true(write(fd, src, size) == (ssize_t)size);
    close(fd);
    return path;
}

static void *read_whole(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *size = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    void *bytes = malloc(*size);
    assert_non_null(bytes);
    assert_true(fread(bytes, 1, *size, f) == *size);
    fclose(f);
    return bytes;
}

static void create_rejects_bad_images(void **state)
{
    (void)state;
    uint32_t f = rt_flags();
    expect_create("/nonexistent/keep/enclave.so", OE_ENCLAVE_TYPE_AUTO, f, NULL, 0,
                  OE_NOT_FOUND, true);
    expect_create("/tmp", OE_ENCLAVE_TYPE_AUTO, f, NULL, 0, OE_INVALID_IMAGE, true);
    expect_create(RT_NOT_ELF, OE_ENCLAVE_TYPE_AUTO, f, NULL, 0, OE_INVALID_IMAGE, true);
    expect_create(RT_NOT_ENCLAVE, OE_ENCLAVE_TYPE_AUTO, f, NULL, 0,
                  OE_UNSUPPORTED_ENCLAVE_IMAGE, true);
    char *empty = temp_file(NULL, 0);
    expect_create(empty, OE_ENCLAVE_TYPE_AUTO, f, NULL, 0, OE_INVALID_IMAGE, true);
    unlink(empty);
    free(empty);

    /* Truncated enclave images: the ELF header survives, the section
     * headers (at the end of the file) do not. */
    size_t size;
    uint8_t *image = read_whole(RT_ENCLAVE, &size);
    const size_t cuts[] = {64, 4096, size / 2, size - 1};
    for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
        char *path = temp_file(image, cuts[i]);
        oe_enclave_t *enclave = (oe_enclave_t *)(uintptr_t)1;
        oe_result_t r =
            oe_create_rt_enclave(path, OE_ENCLAVE_TYPE_AUTO, f, NULL, 0, &enclave);
        if (r == OE_OK)
            fail_msg("an image truncated to %zu of %zu bytes was accepted", cuts[i], size);
        assert_null(enclave);
        unlink(path);
        free(path);
    }
    free(image);
}

static void debug_downgrade(void **state)
{
    (void)state;
    uint32_t f = rt_flags();
    expect_create(RT_ENCLAVE_NODEBUG, OE_ENCLAVE_TYPE_AUTO, f, NULL, 0, OE_DEBUG_DOWNGRADE,
                  true);
    /* Without the flag the same image loads and runs. */
    oe_enclave_t *enclave = rt_create_flags(RT_ENCLAVE_NODEBUG, f & ~OE_ENCLAVE_FLAG_DEBUG);
    int ret = 0;
    RT_ASSERT_OK(rt_add(enclave, &ret, 2, 3));
    assert_int_equal(ret, 5);
    RT_ASSERT_OK(oe_terminate_enclave(enclave));
}

static void terminate_null(void **state)
{
    (void)state;
    RT_ASSERT_RESULT(oe_terminate_enclave(NULL), OE_INVALID_PARAMETER);
}

static void round_trips(void **state)
{
    (void)state;
    oe_enclave_t *enclave = rt_create(RT_ENCLAVE);
    int ret = 0;
    RT_ASSERT_OK(rt_add(enclave, &ret, 40, 2));
    assert_int_equal(ret, 42);
    RT_ASSERT_OK(rt_add(enclave, &ret, -7, -8));
    assert_int_equal(ret, -15);

    uint64_t values[1000], sum = 0, total = 0;
    for (size_t i = 0; i < 1000; i++)
        sum += values[i] = i * 0x10001ull;
    RT_ASSERT_OK(rt_sum(enclave, &total, values, 1000));
    assert_true(total == sum);
    RT_ASSERT_OK(rt_sum(enclave, &total, NULL, 0));
    assert_true(total == 0);

    char out[8];
    size_t len = 0;
    RT_ASSERT_OK(rt_echo(enclave, &len, "hello, enclave", out, sizeof(out)));
    assert_int_equal(len, 14);
    assert_string_equal(out, "hello, ");

    uint32_t counters[37];
    for (uint32_t i = 0; i < 37; i++)
        counters[i] = i * 3;
    RT_ASSERT_OK(rt_increment(enclave, counters, 37));
    for (uint32_t i = 0; i < 37; i++)
        assert_int_equal(counters[i], i * 3 + 1);

    RT_ASSERT_OK(rt_call_host(enclave, &ret, 1000, 337));
    assert_int_equal(ret, 1337);
    RT_ASSERT_OK(oe_terminate_enclave(enclave));
}

static void nested_ecall_same_thread(void **state)
{
    (void)state;
    oe_enclave_t *enclave = rt_create(RT_ENCLAVE);
    rt_reenter_enclave = enclave;
    for (int depth = 0; depth <= 3; depth++) {
        uint64_t outer = 0, inner = 0;
        int ret = -1;
        RT_ASSERT_OK(rt_nested(enclave, &ret, depth, &outer, &inner));
        assert_int_equal(ret, 0);
        assert_true(outer != 0);
        if (outer != inner)
            fail_msg("depth %d: nested ECALL ran on enclave thread %#llx, not %#llx", depth,
                     (unsigned long long)inner, (unsigned long long)outer);
    }
    /* From an OCALL of one enclave into another (of the other backend
     * too): a separate enclave, so not a nested ECALL of the first. */
    oe_enclave_t *others[2] = {rt_create(RT_ENCLAVE),
                               rt_create_flags(RT_ENCLAVE, rt_flags() ^ OE_ENCLAVE_FLAG_SIMULATE)};
    for (int i = 0; i < 2; i++) {
        uint64_t outer = 0, inner = 0;
        int ret = -1;
        rt_reenter_enclave = others[i];
        RT_ASSERT_OK(rt_set_global(others[i], 31 + i));
        RT_ASSERT_OK(rt_nested(enclave, &ret, 0, &outer, &inner));
        assert_int_equal(ret, 0);
        assert_true(inner != 0);
        int value = 0;
        RT_ASSERT_OK(rt_get_global(others[i], &value));
        assert_int_equal(value, 31 + i);
        RT_ASSERT_OK(oe_terminate_enclave(others[i]));
    }
    rt_reenter_enclave = NULL;
    RT_ASSERT_OK(oe_terminate_enclave(enclave));
}

#define CONCURRENT_THREADS 8
#define CONCURRENT_CALLS 300

static void *concurrent_main(void *arg)
{
    oe_enclave_t *enclave = arg;
    uintptr_t failures = 0;
    for (int i = 0; i < CONCURRENT_CALLS; i++) {
        int ret = 0;
        char out[32];
        size_t len = 0;
        if (rt_add(enclave, &ret, i, 1000) != OE_OK || ret != i + 1000)
            failures++;
        if (rt_call_host(enclave, &ret, i, 7) != OE_OK || ret != i + 7)
            failures++;
        if (rt_echo(enclave, &len, "concurrent", out, sizeof(out)) != OE_OK || len != 10 ||
            strcmp(out, "concurrent") != 0)
            failures++;
    }
    return (void *)failures;
}

static void concurrent_ecalls(void **state)
{
    (void)state;
    oe_enclave_t *enclave = rt_create(RT_ENCLAVE); /* NumTCS 8 */
    pthread_t threads[CONCURRENT_THREADS];
    for (int i = 0; i < CONCURRENT_THREADS; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, concurrent_main, enclave), 0);
    uintptr_t failures = 0;
    for (int i = 0; i < CONCURRENT_THREADS; i++) {
        void *r;
        pthread_join(threads[i], &r);
        failures += (uintptr_t)r;
    }
    assert_int_equal(failures, 0);
    RT_ASSERT_OK(oe_terminate_enclave(enclave));
}

/* OE_OUT_OF_THREADS: two ECALLs hold both TCS of rt_enclave_tcs2, each
 * blocked in an OCALL until released. */
static pthread_mutex_t block_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t block_cond = PTHREAD_COND_INITIALIZER;
static int blocked_count;
static bool release_blocked;
static int nested_failures;
static oe_enclave_t *blocking_enclave;

static void block_in_ocall(int id)
{
    /* A nested ECALL still runs: it reuses the TCS of the calling thread. */
    int ret = 0;
    if (rt_add(blocking_enclave, &ret, id, 1) != OE_OK || ret != id + 1)
        nested_failures++;
    pthread_mutex_lock(&block_lock);
    blocked_count++;
    pthread_cond_broadcast(&block_cond);
    while (!release_blocked)
        pthread_cond_wait(&block_cond, &block_lock);
    pthread_mutex_unlock(&block_lock);
}

static void *block_main(void *arg)
{
    int id = (int)(intptr_t)arg, ret = 0;
    oe_result_t r = rt_block(blocking_enclave, &ret, id);
    return (void *)(intptr_t)(r == OE_OK && ret == id ? 0 : 1);
}

static void out_of_threads(void **state)
{
    (void)state;
    blocking_enclave = rt_create(RT_ENCLAVE_TCS2);
    blocked_count = 0;
    release_blocked = false;
    nested_failures = 0;
    rt_on_wait = block_in_ocall;
    pthread_t threads[2];
    for (intptr_t i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, block_main, (void *)(i + 1)), 0);
    pthread_mutex_lock(&block_lock);
    while (blocked_count < 2)
        pthread_cond_wait(&block_cond, &block_lock);
    pthread_mutex_unlock(&block_lock);

    int ret = 0;
    RT_ASSERT_RESULT(rt_add(blocking_enclave, &ret, 1, 2), OE_OUT_OF_THREADS);
    RT_ASSERT_RESULT(rt_add(blocking_enclave, &ret, 1, 2), OE_OUT_OF_THREADS);

    pthread_mutex_lock(&block_lock);
    release_blocked = true;
    pthread_cond_broadcast(&block_cond);
    pthread_mutex_unlock(&block_lock);
    for (int i = 0; i < 2; i++) {
        void *r;
        pthread_join(threads[i], &r);
        assert_null(r);
    }
    assert_int_equal(nested_failures, 0);
    /* With the TCS free again, calls go through. */
    RT_ASSERT_OK(rt_add(blocking_enclave, &ret, 1, 2));
    assert_int_equal(ret, 3);
    rt_on_wait = NULL;
    RT_ASSERT_OK(oe_terminate_enclave(blocking_enclave));
}

static void host_memory_from_inside(void **state)
{
    (void)state;
    oe_enclave_t *enclave = rt_create(RT_ENCLAVE);
    int failed = -1;
    RT_ASSERT_OK(rt_host_memory(enclave, &failed));
    if (failed)
        fail_msg("enclave host-memory check %d failed (see enc.c)", failed);

    /* A host pointer outside the arena is not host memory the enclave may
     * use; the enclave's own globals are within the enclave. */
    int within = -1, outside = -1, ret = -1, local = 0;
    RT_ASSERT_OK(rt_check_pointer(enclave, &ret, &local, sizeof(local), &within, &outside));
    assert_int_equal(ret, 0);
    assert_int_equal(outside, 0);
    uint8_t secret[RT_SECRET_SIZE];
    uint64_t address = 0;
    RT_ASSERT_OK(rt_secret_address(enclave, &address, secret, sizeof(secret)));
    RT_ASSERT_OK(rt_check_pointer(enclave, &ret, (void *)(uintptr_t)address, RT_SECRET_SIZE,
                                  &within, &outside));
    assert_int_equal(within, 1);
    assert_int_equal(outside, 0);
    RT_ASSERT_OK(oe_terminate_enclave(enclave));
}

/* OE code frees host memory it got from the enclave's oe_host_malloc with
 * the host's free() (OE's edger8r guide does): that frees the arena block,
 * while every other pointer still reaches the C library. */
static void host_frees_enclave_host_memory(void **state)
{
    /* Through a pointer: the compiler may not reason about what free()
     * leaves behind, which is what this test looks at. */
    static void (*volatile host_free)(void *) = free;
    (void)state;
    oe_enclave_t *enclave = rt_create(RT_ENCLAVE);
    uint64_t address = 0;
    RT_ASSERT_OK(rt_host_strdup(enclave, &address, "from the enclave"));
    char *copy = (char *)(uintptr_t)address;
    assert_non_null(copy);
    assert_string_equal(copy, "from the enclave");
    /* It is the host's until freed: later calls and their OCALLs (whose
     * buffers the runtime recycles) leave it alone. */
    int sum = 0;
    for (int i = 0; i < 3; i++)
        RT_ASSERT_OK(rt_call_host(enclave, &sum, i, 1));
    assert_string_equal(copy, "from the enclave");
    keep_arena *arena = &enclave->arena;
    assert_int_not_equal(keep_arena_block_size(arena, copy, KEEP_ARENA_ENCLAVE), 0);
    host_free(copy + 16); /* not a block's start: left alone, with an error */
    assert_int_not_equal(keep_arena_block_size(arena, copy, KEEP_ARENA_ENCLAVE), 0);
    host_free(copy);
    assert_int_equal(keep_arena_block_size(arena, copy, KEEP_ARENA_ENCLAVE), 0);
    host_free(copy); /* twice: no longer a block, nothing happens */
    /* The runtime's own arena blocks are not the host's to free. */
    void *call = oe_edger8r_allocate_ecall_buffer(enclave, 64);
    host_free(call);
    assert_int_not_equal(keep_arena_block_size(arena, call, KEEP_ARENA_CALL), 0);
    oe_edger8r_free_ecall_buffer(enclave, call);
    /* Heap memory still goes to the C library, with enclaves around. */
    for (int i = 0; i < 1000; i++)
        free(malloc((size_t)i * 97 + 1));
    int ret = 0;
    RT_ASSERT_OK(rt_add(enclave, &ret, 2, 3));
    assert_int_equal(ret, 5);
    RT_ASSERT_OK(oe_terminate_enclave(enclave));
}

static void random_bytes(void **state)
{
    (void)state;
    oe_enclave_t *enclave = rt_create(RT_ENCLAVE);
    uint8_t a[64], b[64], zero[64];
    int ret = -1;
    memset(zero, 0, sizeof(zero));
    RT_ASSERT_OK(rt_random(enclave, &ret, a, sizeof(a)));
    assert_int_equal(ret, OE_OK);
    RT_ASSERT_OK(rt_random(enclave, &ret, b, sizeof(b)));
    assert_int_equal(ret, OE_OK);
    /* 2^-512 chance of a false failure. */
    assert_memory_not_equal(a, b, sizeof(a));
    assert_memory_not_equal(a, zero, sizeof(a));
    RT_ASSERT_OK(oe_terminate_enclave(enclave));
}

/* Two sandbox and two sim instances of one image, alive at once. */
static void several_enclaves_isolated(void **state)
{
    (void)state;
    const uint32_t flags[4] = {OE_ENCLAVE_FLAG_DEBUG, OE_ENCLAVE_FLAG_DEBUG,
                               OE_ENCLAVE_FLAG_DEBUG | OE_ENCLAVE_FLAG_SIMULATE,
                               OE_ENCLAVE_FLAG_DEBUG | OE_ENCLAVE_FLAG_SIMULATE};
    oe_enclave_t *enclaves[4];
    for (int i = 0; i < 4; i++)
        enclaves[i] = rt_create_flags(RT_ENCLAVE, flags[i]);
    for (int i = 0; i < 4; i++)
        RT_ASSERT_OK(rt_set_global(enclaves[i], 100 + i));
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < 4; i++) {
            int value = -1;
            RT_ASSERT_OK(rt_get_global(enclaves[i], &value));
            assert_int_equal(value, 100 + i);
        }
    /* Calls with OCALLs interleave across them. */
    for (int i = 0; i < 4; i++) {
        int ret = 0;
        RT_ASSERT_OK(rt_call_host(enclaves[i], &ret, i, 10));
        assert_int_equal(ret, i + 10);
    }
    RT_ASSERT_OK(oe_terminate_enclave(enclaves[1]));
    RT_ASSERT_OK(oe_terminate_enclave(enclaves[2]));
    int value = -1;
    RT_ASSERT_OK(rt_get_global(enclaves[0], &value));
    assert_int_equal(value, 100);
    RT_ASSERT_OK(rt_get_global(enclaves[3], &value));
    assert_int_equal(value, 103);
    RT_ASSERT_OK(oe_terminate_enclave(enclaves[0]));
    RT_ASSERT_OK(oe_terminate_enclave(enclaves[3]));
}

#define ENCLAVE_LINES(n)                                                                       \
    "enclave printf " #n "\nenclave puts\nenclave fprintf(stderr) " #n                         \
    "\nenclave write(1)\nenclave write(2)\nenclave fputs\n"

/* stdout and stderr of the enclave reach the host's, in order and
 * interleaved with the host's own output. */
static void output_in_order(void **state)
{
    (void)state;
    oe_enclave_t *enclave = rt_create(RT_ENCLAVE);
    rt_capture_begin();
    printf("host line 1\n");
    oe_result_t r1 = rt_print(enclave, 1);
    fprintf(stderr, "host line 2\n");
    oe_result_t r2 = rt_print(enclave, 2 + 5);
    printf("host line 3\n");
    char *text = rt_capture_end();
    RT_ASSERT_OK(r1);
    RT_ASSERT_OK(r2);
    assert_string_equal(text, "host line 1\n" ENCLAVE_LINES(1) "host line 2\n" ENCLAVE_LINES(7)
                              "host line 3\n");
    free(text);

    /* One write larger than the bridge's 64 KiB staging buffer. */
    rt_capture_begin();
    r1 = rt_print(enclave, RT_PRINT_LARGE);
    text = rt_capture_end();
    RT_ASSERT_OK(r1);
    assert_int_equal(strlen(text), RT_PRINT_LARGE_SIZE);
    for (size_t i = 0; i + 1 < RT_PRINT_LARGE_SIZE; i++)
        if (text[i] != (char)('a' + i % 26))
            fail_msg("large write corrupted at byte %zu", i);
    free(text);
    RT_ASSERT_OK(oe_terminate_enclave(enclave));
}

/* Output of an enclave's global constructors reaches the host, as in OE
 * (constructors run during oe_create_enclave). */
static void constructor_output(void **state)
{
    (void)state;
    rt_capture_begin();
    oe_enclave_t *enclave = NULL;
    oe_result_t r = oe_create_rt_enclave(RT_ENCLAVE_CTOR_PRINT, OE_ENCLAVE_TYPE_AUTO, rt_flags(),
                                         NULL, 0, &enclave);
    char *text = rt_capture_end();
    RT_ASSERT_OK(r);
    int ret = 0;
    RT_ASSERT_OK(rt_add(enclave, &ret, 1, 1));
    RT_ASSERT_OK(oe_terminate_enclave(enclave));
    assert_string_equal(text, "enclave constructor ran\n");
    free(text);
}

int main(int argc, char **argv)
{
    rt_parse_backend(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(create_rejects_bad_parameters),
        cmocka_unit_test(create_rejects_bad_images),
        cmocka_unit_test(debug_downgrade),
        cmocka_unit_test(terminate_null),
        cmocka_unit_test(round_trips),
        cmocka_unit_test(nested_ecall_same_thread),
        cmocka_unit_test(concurrent_ecalls),
        cmocka_unit_test(out_of_threads),
        cmocka_unit_test(host_memory_from_inside),
        cmocka_unit_test(host_frees_enclave_host_memory),
        cmocka_unit_test(random_bytes),
        cmocka_unit_test(several_enclaves_isolated),
        cmocka_unit_test(output_in_order),
        cmocka_unit_test(constructor_output),
    };
    return cmocka_run_group_tests_name(rt_sim ? "runtime api (sim)" : "runtime api (sandbox)",
                                       tests, NULL, NULL);
}
