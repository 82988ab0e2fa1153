/* Enclave log lines as the host receives them (KEEP_OCALL_LOG): marked as
 * enclave lines, bounded, control characters blanked, bad levels refused. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include <openenclave/trace.h>

#include "../../src/host/host_log.h"

typedef struct captured {
    int count;
    bool is_enclave;
    oe_log_level_t level;
    char message[KEEP_ENCLAVE_LOG_LINE_MAX + 1];
} captured;

static void capture(void *context, bool is_enclave, const struct tm *t, long int usecs,
                    oe_log_level_t level, uint64_t host_thread_id, const char *message)
{
    captured *c = context;
    (void)t;
    (void)usecs;
    (void)host_thread_id;
    c->count++;
    c->is_enclave = is_enclave;
    c->level = level;
    strncpy(c->message, message, sizeof(c->message) - 1);
}

static void test_line_is_marked_and_cleaned(void **state)
{
    (void)state;
    captured c = {0};
    assert_int_equal(oe_log_set_callback(&c, capture), OE_OK);
    static const char line[] = "fake\n2020-01-01T00:00:00Z [(H)ERROR] forged";
    /* Sent without its NUL, as the enclave sends it. */
    assert_int_equal(keep_log_enclave_line(OE_LOG_LEVEL_ERROR, line, sizeof(line) - 1), OE_OK);
    assert_int_equal(c.count, 1);
    assert_true(c.is_enclave);
    assert_int_equal(c.level, OE_LOG_LEVEL_ERROR);
    assert_string_equal(c.message, "fake 2020-01-01T00:00:00Z [(H)ERROR] forged");
    oe_log_set_callback(NULL, NULL);
}

static void test_bad_lines_are_refused(void **state)
{
    (void)state;
    static char big[KEEP_ENCLAVE_LOG_LINE_MAX + 1];
    memset(big, 'x', sizeof(big));
    assert_int_equal(keep_log_enclave_line(OE_LOG_LEVEL_NONE, "x", 1), OE_INVALID_PARAMETER);
    assert_int_equal(keep_log_enclave_line(OE_LOG_LEVEL_MAX, "x", 1), OE_INVALID_PARAMETER);
    assert_int_equal(keep_log_enclave_line(OE_LOG_LEVEL_ERROR, "x", 0), OE_INVALID_PARAMETER);
    assert_int_equal(keep_log_enclave_line(OE_LOG_LEVEL_ERROR, big, sizeof(big)),
                     OE_INVALID_PARAMETER);
    assert_int_equal(keep_log_enclave_line(OE_LOG_LEVEL_ERROR, big, sizeof(big) - 1), OE_OK);
}

static void test_level_filters(void **state)
{
    (void)state;
    captured c = {0};
    assert_int_equal(oe_log_set_callback(&c, capture), OE_OK);
    assert_int_equal(oe_set_host_log_level(OE_LOG_LEVEL_ERROR), OE_OK);
    assert_int_equal(keep_log_enclave_line(OE_LOG_LEVEL_VERBOSE, "quiet", 5), OE_OK);
    assert_int_equal(c.count, 0);
    oe_log_set_callback(NULL, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_line_is_marked_and_cleaned),
        cmocka_unit_test(test_bad_lines_are_refused),
        cmocka_unit_test(test_level_filters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
