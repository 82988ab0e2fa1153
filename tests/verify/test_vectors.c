/* Known-answer tests on genuine Intel DCAP vectors (sgx-dcap.md §4.1). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dump.h"
#include "vectors.h"

static void hex_is(const uint8_t* got, size_t n, const char* want)
{
    char buf[256];
    for (size_t i = 0; i < n; i++)
        snprintf(buf + 2 * i, 3, "%02x", got[i]);
    assert_string_equal(buf, want);
}

static void check_phala(const keep_verify_result_t* res)
{
    const keep_quote_identity_t* id = &res->identity;
    assert_int_equal(res->header.version, 3);
    assert_int_equal(res->header.qe_svn, 10);
    assert_int_equal(res->header.pce_svn, 15);
    hex_is(id->mrenclave, 32,
           "33d8736db756ed4997e04ba358d27833188f1932ff7b1d156904d3f560452fbb");
    hex_is(id->mrsigner, 32,
           "815f42f11cf64430c30bab7816ba596a1da0130c3b028b673133a66cf9a3e0e6");
    assert_int_equal(id->isv_prod_id, 0);
    assert_int_equal(id->isv_svn, 0);
    assert_int_equal(id->debug, 0);
    hex_is(id->attributes, 16, "0500000000000000e700000000000000");
    hex_is(id->cpusvn, 16, "0b0b1a18ffff04000000000000000000");
    assert_memory_equal(id->report_data, "Hello, world!", 13);
    for (size_t i = 13; i < 64; i++)
        assert_int_equal(id->report_data[i], 0);
    hex_is(res->pck.fmspc, 6, "00a067110000");
    assert_int_equal(res->pck.pcesvn, 13);
    assert_int_equal(res->pck.sgx_type, 0);
    hex_is(res->pck.comp_svn, 16, "0b0b0202ff0100000000000000000000");
    assert_int_equal(res->qe_tcb.status, KEEP_TCB_UP_TO_DATE);
    assert_int_equal(res->platform_tcb.status,
                     KEEP_TCB_CONFIGURATION_AND_SW_HARDENING_NEEDED);
    assert_int_equal(res->tcb.status,
                     KEEP_TCB_CONFIGURATION_AND_SW_HARDENING_NEEDED);
    assert_string_equal(keep_tcb_status_str(res->tcb.status),
                        "ConfigurationAndSWHardeningNeeded");
    assert_int_equal(res->tcb.advisory_count, 2);
    assert_string_equal(res->tcb.advisories[0], "INTEL-SA-00289");
    assert_string_equal(res->tcb.advisories[1], "INTEL-SA-00615");
    assert_int_equal(res->qv_result, 0xA008);
    assert_string_equal(res->anchor_name, "Intel SGX Root CA");
}

static void verify_phala_with(keep_verify_collateral_t* coll)
{
    size_t len;
    uint8_t* quote = vec_read(PHALA, "quote.bin", &len);
    keep_verify_result_t res;
    oe_result_t r = vec_verify(&res, quote, len, coll, PHALA_TIME);
    if (r != OE_OK)
        dump_result(&res);
    assert_int_equal(r, OE_OK);
    for (int i = 0; i < KEEP_CHECK_COUNT; i++)
        assert_int_equal(res.checks[i].state, KEEP_CHECK_PASSED);
    check_phala(&res);
    free(quote);
    keep_verify_collateral_free(coll);
}

static void phala_directory(void** state)
{
    (void)state;
    verify_phala_with(vec_collateral_dir(PHALA));
}

static void phala_bundle(void** state)
{
    static const char* const files[] = {"collateral.json", NULL};
    (void)state;
    verify_phala_with(vec_collateral_files(PHALA, files));
}

static void phala_separate_files(void** state)
{
    static const char* const files[] = {
        "tcb_info.json", "tcb_info.sig.hex", "tcb_info_issuer_chain.pem",
        "qe_identity.json", "qe_identity.sig.hex",
        "qe_identity_issuer_chain.pem", "pck_crl.der",
        "pck_crl_issuer_chain.pem", "root_ca_crl.der", NULL};
    (void)state;
    verify_phala_with(vec_collateral_files(PHALA, files));
}

static void mobilecoin_stale_pck_crl(void** state)
{
    size_t len;
    (void)state;
    uint8_t* quote = vec_read(MOBILECOIN, "hw_quote.dat", &len);
    keep_verify_collateral_t* coll = vec_collateral_dir(MOBILECOIN);
    keep_verify_result_t res;
    oe_result_t r = vec_verify(&res, quote, len, coll, MOBILECOIN_TIME);
    assert_int_equal(r, OE_VERIFY_CRL_EXPIRED);
    assert_int_equal(res.first_failed, KEEP_CHECK_PCK_CRL);
    assert_non_null(strstr(res.checks[KEEP_CHECK_PCK_CRL].reason,
                           "PCK CRL is stale"));
    /* Every signature is valid and the TCB evaluates. */
    for (int i = 0; i < KEEP_CHECK_COUNT; i++)
        if (i != KEEP_CHECK_PCK_CRL)
            assert_int_equal(res.checks[i].state, KEEP_CHECK_PASSED);
    hex_is(res.identity.mrenclave, 32,
           "840d61b0585dc8b4dc90f53af293c760fda06bee75978a6a86263ffb296423f4");
    hex_is(res.identity.mrsigner, 32,
           "9f06df5ca79a23ffdfb6ca0ec85514e21dd1cbd1ed11abc45dbe8dc894efdddf");
    hex_is(res.identity.attributes, 16, "05000000000000000700000000000000");
    assert_int_equal(res.header.qe_svn, 9);
    assert_int_equal(res.header.pce_svn, 14);
    hex_is(res.pck.fmspc, 6, "00906ed50000");
    assert_int_equal(res.platform_tcb.status, KEEP_TCB_SW_HARDENING_NEEDED);
    assert_string_equal(res.platform_tcb.advisories[0], "INTEL-SA-00334");
    assert_string_equal(res.platform_tcb.advisories[1], "INTEL-SA-00615");
    assert_int_equal(res.qe_tcb.status, KEEP_TCB_UP_TO_DATE);
    free(quote);
    keep_verify_collateral_free(coll);
}

/* Each validity window, crossed, fails naming the object. */
typedef struct window_case {
    const char* at;
    keep_verify_check_t check;
    oe_result_t result;
    const char* names;
} window_case_t;

static const window_case_t windows[] = {
    {"2023-09-20T00:00:00Z", KEEP_CHECK_PCK_VALIDITY,
     OE_VERIFY_FAILED_TO_FIND_VALIDITY_PERIOD, "\"Intel SGX PCK Certificate\""},
    {"2031-01-01T00:00:00Z", KEEP_CHECK_PCK_VALIDITY,
     OE_VERIFY_FAILED_TO_FIND_VALIDITY_PERIOD, "\"Intel SGX PCK Certificate\""},
    {"2025-05-01T00:00:00Z", KEEP_CHECK_TCB_SIGNING_CHAIN,
     OE_VERIFY_FAILED_TO_FIND_VALIDITY_PERIOD, "\"Intel SGX TCB Signing\""},
    {"2025-03-01T00:00:00Z", KEEP_CHECK_ROOT_CRL, OE_VERIFY_CRL_EXPIRED,
     "root CA CRL is not yet valid"},
    {"2026-05-01T00:00:00Z", KEEP_CHECK_ROOT_CRL, OE_VERIFY_CRL_EXPIRED,
     "root CA CRL is stale"},
    {"2025-06-19T10:20:00Z", KEEP_CHECK_PCK_CRL, OE_VERIFY_CRL_EXPIRED,
     "PCK CRL is not yet valid"},
    {"2025-07-19T10:30:00Z", KEEP_CHECK_PCK_CRL, OE_VERIFY_CRL_EXPIRED,
     "PCK CRL is stale"},
    {"2025-06-19T10:30:00Z", KEEP_CHECK_TCB_INFO, OE_INVALID_ENDORSEMENT,
     "TCB info is not yet valid"},
    {"2025-07-19T11:00:00Z", KEEP_CHECK_TCB_INFO, OE_INVALID_ENDORSEMENT,
     "TCB info is expired"},
    {"2025-06-19T10:00:00Z", KEEP_CHECK_QE_IDENTITY, OE_INVALID_ENDORSEMENT,
     "QE identity is not yet valid"},
    {"2025-07-19T10:10:00Z", KEEP_CHECK_QE_IDENTITY, OE_INVALID_ENDORSEMENT,
     "QE identity is expired"},
};

static void validity_windows(void** state)
{
    size_t len;
    (void)state;
    uint8_t* quote = vec_read(PHALA, "quote.bin", &len);
    keep_verify_collateral_t* coll = vec_collateral_dir(PHALA);
    for (size_t i = 0; i < sizeof(windows) / sizeof(windows[0]); i++) {
        keep_verify_result_t res;
        const window_case_t* w = &windows[i];
        oe_result_t r = vec_verify(&res, quote, len, coll, w->at);
        const keep_verify_check_result_t* c = &res.checks[w->check];
        if (c->state != KEEP_CHECK_FAILED || !strstr(c->reason, w->names)) {
            printf("case %s\n", w->at);
            dump_result(&res);
        }
        assert_int_not_equal(r, OE_OK);
        assert_int_equal(c->state, KEEP_CHECK_FAILED);
        assert_int_equal(c->result, w->result);
        assert_non_null(strstr(c->reason, w->names));
    }
    free(quote);
    keep_verify_collateral_free(coll);
}

static void other_root_fails(void** state)
{
    size_t len;
    (void)state;
    uint8_t* quote = vec_read(PHALA, "quote.bin", &len);
    keep_verify_collateral_t* coll = vec_collateral_dir(PHALA);
    keep_verify_anchor_t other = *keep_verify_anchor_intel();
    other.name = "some other root";
    memset(other.root_sha256, 0x5a, 32);
    const keep_verify_anchor_t* anchors[] = {&other};
    keep_verify_options_t opts = {.at = vec_time(PHALA_TIME),
                                  .anchors = anchors, .anchor_count = 1};
    keep_verify_result_t res;
    assert_int_equal(keep_verify_quote(&res, quote, len, coll, &opts),
                     OE_VERIFY_FAILED);
    assert_int_equal(res.first_failed, KEEP_CHECK_PCK_CHAIN);
    assert_non_null(strstr(res.checks[KEEP_CHECK_PCK_CHAIN].reason,
                           "not a trusted root"));
    free(quote);
    keep_verify_collateral_free(coll);
}

static void missing_collateral(void** state)
{
    size_t len;
    (void)state;
    uint8_t* quote = vec_read(PHALA, "quote.bin", &len);
    keep_verify_collateral_t* coll = NULL;
    assert_int_equal(keep_verify_collateral_new(&coll), OE_OK);
    keep_verify_result_t res;
    oe_result_t r = vec_verify(&res, quote, len, coll, PHALA_TIME);
    assert_int_equal(r, OE_VERIFY_CRL_MISSING);
    assert_int_equal(res.checks[KEEP_CHECK_QUOTE_SIGNATURE].state,
                     KEEP_CHECK_PASSED);
    assert_int_equal(res.checks[KEEP_CHECK_TCB_INFO].state, KEEP_CHECK_FAILED);
    free(quote);
    keep_verify_collateral_free(coll);
}

int main(void)
{
    if (!vec_available("test_verify_vectors"))
        return SKIP_CODE;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(phala_directory),
        cmocka_unit_test(phala_bundle),
        cmocka_unit_test(phala_separate_files),
        cmocka_unit_test(mobilecoin_stale_pck_crl),
        cmocka_unit_test(validity_windows),
        cmocka_unit_test(other_root_fails),
        cmocka_unit_test(missing_collateral),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
