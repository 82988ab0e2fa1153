/* oe_result_t numbering and names must match Open Enclave exactly: users
 * see them as `result=N (NAME)` in logs and compare them across SDKs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include <openenclave/bits/result.h>

/* A few values checked by number, spread over the range (OE's result.h). */
static void test_known_numbers(void **state)
{
    (void)state;
    assert_int_equal(OE_OK, 0);
    assert_int_equal(OE_FAILURE, 1);
    assert_int_equal(OE_OUT_OF_THREADS, 6);
    assert_int_equal(OE_ENCLAVE_ABORTING, 19);
    assert_int_equal(OE_PLATFORM_ERROR, 21);
    assert_int_equal(OE_BAD_ALIGNMENT, 32);
    assert_int_equal(OE_UNSUPPORTED_ENCLAVE_IMAGE, 41);
    assert_int_equal(QE_QUOTE_ENCLAVE_IDENTITY_PRODUCTID_MISMATCH, 51);
    assert_int_equal(OE_INVALID_IMAGE, 60);
    assert_int_equal(OE_SGX_QUOTE_LIBRARY_ERROR, 62);
}

static void test_names_spell_identifiers(void **state)
{
    (void)state;
    assert_string_equal(oe_result_str(OE_OK), "OE_OK");
    assert_string_equal(oe_result_str(OE_PLATFORM_ERROR), "OE_PLATFORM_ERROR");
    assert_string_equal(oe_result_str(QE_QUOTE_ENCLAVE_IDENTITY_PRODUCTID_MISMATCH),
                        "QE_QUOTE_ENCLAVE_IDENTITY_PRODUCTID_MISMATCH");
    assert_string_equal(oe_result_str(OE_SGX_QUOTE_LIBRARY_ERROR), "OE_SGX_QUOTE_LIBRARY_ERROR");
}

/* Every valid value has a distinct name that starts like an identifier. */
static void test_every_value_named(void **state)
{
    (void)state;
    for (uint32_t i = 0; i <= OE_SGX_QUOTE_LIBRARY_ERROR; i++) {
        const char *name = oe_result_str((oe_result_t)i);
        assert_true(oe_is_valid_result(i));
        assert_true(strncmp(name, "OE_", 3) == 0 || strncmp(name, "QE_", 3) == 0);
        for (uint32_t j = 0; j < i; j++)
            assert_string_not_equal(name, oe_result_str((oe_result_t)j));
    }
}

static void test_unknown_values(void **state)
{
    (void)state;
    assert_false(oe_is_valid_result(OE_SGX_QUOTE_LIBRARY_ERROR + 1));
    assert_false(oe_is_valid_result(0xffffffffu));
    assert_string_equal(oe_result_str((oe_result_t)63), "UNKNOWN");
    assert_string_equal(oe_result_str(__OE_RESULT_MAX), "UNKNOWN");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_numbers),
        cmocka_unit_test(test_names_spell_identifiers),
        cmocka_unit_test(test_every_value_named),
        cmocka_unit_test(test_unknown_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
