/* OE's experimental EEID and TDX entry points answer OE_UNSUPPORTED. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <openenclave/attestation/sgx/eeid_attester.h>
#include <openenclave/attestation/sgx/eeid_verifier.h>
#include <openenclave/attestation/tdx/evidence.h>

static void test_unsupported(void **state)
{
    (void)state;
    uint8_t *endorsements = (uint8_t *)1;
    uint32_t size = 1;
    uint8_t fmspc[6];
    assert_int_equal(oe_sgx_eeid_attester_initialize(), OE_UNSUPPORTED);
    assert_int_equal(oe_sgx_eeid_verifier_initialize(), OE_UNSUPPORTED);
    assert_int_equal(oe_tdx_verifier_initialize(), OE_UNSUPPORTED);
    assert_int_equal(oe_get_tdx_endorsements(NULL, 0, &endorsements, &size), OE_UNSUPPORTED);
    assert_null(endorsements);
    assert_int_equal(size, 0);
    assert_int_equal(oe_get_tdx_fmspc_from_quote(NULL, 0, fmspc, sizeof(fmspc)), OE_UNSUPPORTED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_unsupported)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
