/* Host logging: OE_LOG_LEVEL-style levels and oe_log_set_callback. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include <openenclave/host.h>
#include <openenclave/trace.h>

typedef struct captured {
    int count;
    oe_log_level_t level;
    bool is_enclave;
    char message[512];
} captured;

static void capture(void *context, bool is_enclave, const struct tm *t, long int usecs,
                    oe_log_level_t level, uint64_t host_thread_id, const char *message)
{
    captured *c = context;
    (void)t;
    (void)usecs;
    (void)host_thread_id;
    c->count++;
    c->level = level;
    c->is_enclave = is_enclave;
    strncpy(c->message, message, sizeof(c->message) - 1);
}

/* A failure the runtime logs: creating an enclave from a missing file. */
static void provoke_error(void)
{
    oe_enclave_t *enclave = (oe_enclave_t *)1;
    oe_result_t result = oe_create_enclave("/nonexistent/enclave.so", OE_ENCLAVE_TYPE_AUTO,
                                           OE_ENCLAVE_FLAG_DEBUG, NULL, 0, NULL, 0, NULL, 0,
                                           &enclave);
    assert_int_equal(result, OE_NOT_FOUND);
    assert_null(enclave);
}

static void test_callback_receives_errors(void **state)
{
    (void)state;
    captured c = {0};
    assert_int_equal(oe_set_host_log_level(OE_LOG_LEVEL_ERROR), OE_OK);
    assert_int_equal(oe_log_set_callback(&c, capture), OE_OK);
    provoke_error();
    assert_true(c.count >= 1);
    assert_int_equal(c.level, OE_LOG_LEVEL_ERROR);
    assert_false(c.is_enclave);
    assert_non_null(strstr(c.message, "/nonexistent/enclave.so"));
    assert_int_equal(oe_log_set_callback(NULL, NULL), OE_OK);
}

static void test_level_none_silences(void **state)
{
    (void)state;
    captured c = {0};
    assert_int_equal(oe_set_host_log_level(OE_LOG_LEVEL_NONE), OE_OK);
    assert_int_equal(oe_log_set_callback(&c, capture), OE_OK);
    provoke_error();
    assert_int_equal(c.count, 0);
    assert_int_equal(oe_log_set_callback(NULL, NULL), OE_OK);
    assert_int_equal(oe_set_host_log_level(OE_LOG_LEVEL_ERROR), OE_OK);
}

static void test_bad_levels(void **state)
{
    (void)state;
    assert_int_equal(oe_set_host_log_level(OE_LOG_LEVEL_MAX), OE_INVALID_PARAMETER);
    assert_int_equal(oe_set_enclave_log_level(NULL, OE_LOG_LEVEL_INFO), OE_INVALID_PARAMETER);
    assert_string_equal(oe_log_level_strings[OE_LOG_LEVEL_WARNING], "WARNING");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_callback_receives_errors),
        cmocka_unit_test(test_level_none_silences),
        cmocka_unit_test(test_bad_levels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
