/* Failure injection: make the Nth OpenSSL or jansson allocation fail while
 * loading collateral and verifying, for N across the whole run. Nothing
 * may crash or leak (ASan/LSan), and a verification that still succeeds
 * must be the complete, correct one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>
#include <openssl/crypto.h>

#include "vectors.h"

static long g_countdown = -1; /* allocations left before one fails; -1 never */
static long g_count;          /* allocations seen */

static int should_fail(void)
{
    g_count++;
    if (g_countdown == 0) {
        g_countdown = -1; /* fail once, then recover */
        return 1;
    }
    if (g_countdown > 0)
        g_countdown--;
    return 0;
}

static void* ossl_malloc(size_t n, const char* file, int line)
{
    (void)file;
    (void)line;
    return should_fail() ? NULL : malloc(n);
}

static void* ossl_realloc(void* p, size_t n, const char* file, int line)
{
    (void)file;
    (void)line;
    return should_fail() ? NULL : realloc(p, n);
}

static void ossl_free(void* p, const char* file, int line)
{
    (void)file;
    (void)line;
    free(p);
}

static void* json_malloc(size_t n)
{
    return should_fail() ? NULL : malloc(n);
}

static oe_result_t run_once(const uint8_t* quote, size_t len,
                            keep_verify_result_t* res)
{
    keep_verify_collateral_t* c = NULL;
    oe_result_t r = keep_verify_collateral_new(&c);
    if (r == OE_OK)
        r = keep_verify_collateral_load(c, vec_path(PHALA));
    if (r == OE_OK)
        r = vec_verify(res, quote, len, c, PHALA_TIME);
    keep_verify_collateral_free(c);
    return r;
}

static void every_nth_allocation(void** state)
{
    size_t len;
    keep_verify_result_t res;
    (void)state;
    uint8_t* quote = vec_read(PHALA, "quote.bin", &len);
    g_count = 0;
    assert_int_equal(run_once(quote, len, &res), OE_OK);
    long total = g_count, step = total / 1500 + 1, failures = 0;
    for (long n = 0; n < total; n += step) {
        g_countdown = n;
        oe_result_t r = run_once(quote, len, &res);
        if (r != OE_OK) {
            failures++;
            continue;
        }
        /* Survived the failure: then it must be the whole answer. */
        for (int i = 0; i < KEEP_CHECK_COUNT; i++)
            assert_int_equal(res.checks[i].state, KEEP_CHECK_PASSED);
        assert_int_equal(res.tcb.status,
                         KEEP_TCB_CONFIGURATION_AND_SW_HARDENING_NEEDED);
        assert_int_equal(res.tcb.advisory_count, 2);
    }
    g_countdown = -1;
    printf("%ld allocations per run; %ld injected failures were reported as "
           "errors\n", total, failures);
    free(quote);
}

int main(void)
{
    if (!CRYPTO_set_mem_functions(ossl_malloc, ossl_realloc, ossl_free))
        return 1;
    json_set_alloc_funcs(json_malloc, free);
    if (!vec_available("test_verify_alloc_fail"))
        return SKIP_CODE;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_nth_allocation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
