/* TCB info v2/v3 parsing, level selection, QE levels, status convergence
 * and policy decisions, on synthetic documents. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tcb_eval.h"

#define LEVEL_V2(c1, c2, pce, status)                                          \
    "{\"tcb\":{\"sgxtcbcomp01svn\":" #c1 ",\"sgxtcbcomp02svn\":" #c2          \
    ",\"sgxtcbcomp03svn\":0,\"sgxtcbcomp04svn\":0,\"sgxtcbcomp05svn\":0,"      \
    "\"sgxtcbcomp06svn\":0,\"sgxtcbcomp07svn\":0,\"sgxtcbcomp08svn\":0,"       \
    "\"sgxtcbcomp09svn\":0,\"sgxtcbcomp10svn\":0,\"sgxtcbcomp11svn\":0,"       \
    "\"sgxtcbcomp12svn\":0,\"sgxtcbcomp13svn\":0,\"sgxtcbcomp14svn\":0,"       \
    "\"sgxtcbcomp15svn\":0,\"sgxtcbcomp16svn\":0,\"pcesvn\":" #pce "},"        \
    "\"tcbDate\":\"2023-08-09T00:00:00Z\",\"tcbStatus\":\"" status "\"}"

static const char v2_body[] =
    "{\"version\":2,\"issueDate\":\"2025-02-13T03:40:28Z\","
    "\"nextUpdate\":\"2025-03-15T03:40:28Z\",\"fmspc\":\"00606a000000\","
    "\"pceId\":\"0000\",\"tcbType\":0,\"tcbEvaluationDataNumber\":17,"
    "\"tcbLevels\":[" LEVEL_V2(14, 14, 13, "SWHardeningNeeded") ","
    LEVEL_V2(12, 12, 13, "OutOfDate") "," LEVEL_V2(1, 1, 5, "Revoked") "]}";

static void v2_levels(void** state)
{
    keep_tcb_info_t* t = NULL;
    char err[200];
    keep_pck_info_t pck;
    (void)state;
    assert_int_equal(keep_tcb_info_parse(&t, v2_body, strlen(v2_body), err,
                                         sizeof(err)),
                     OE_OK);
    assert_int_equal(t->version, 2);
    assert_int_equal(t->level_count, 3);
    memset(&pck, 0, sizeof(pck));
    pck.comp_svn[0] = pck.comp_svn[1] = 12;
    pck.pcesvn = 13;
    const keep_tcb_level_t* l = keep_tcb_select(t, &pck);
    assert_non_null(l);
    assert_int_equal(l->common.status, KEEP_TCB_OUT_OF_DATE);
    pck.comp_svn[0] = 14;
    pck.comp_svn[1] = 14;
    assert_int_equal(keep_tcb_select(t, &pck)->common.status,
                     KEEP_TCB_SW_HARDENING_NEEDED);
    pck.pcesvn = 12; /* pcesvn below levels 1 and 2 */
    assert_int_equal(keep_tcb_select(t, &pck)->common.status, KEEP_TCB_REVOKED);
    pck.pcesvn = 4;
    assert_null(keep_tcb_select(t, &pck));
    keep_tcb_info_free(t);
}

static void bad_bodies(void** state)
{
    static const char* const bodies[] = {
        "{}", "[]", "{\"version\":4}", "{\"version\":2,\"tcbLevels\":[]}",
        "{\"version\":3,\"id\":\"XYZ\",\"issueDate\":\"2025-02-13T03:40:28Z\","
        "\"nextUpdate\":\"2025-03-15T03:40:28Z\",\"fmspc\":\"00606a000000\","
        "\"pceId\":\"0000\",\"tcbType\":0,\"tcbEvaluationDataNumber\":1,"
        "\"tcbLevels\":[]}",
        "{\"version\":2,\"version\":2}",
    };
    char err[200];
    (void)state;
    for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
        keep_tcb_info_t* t = NULL;
        keep_qe_identity_t* q = NULL;
        err[0] = '\0';
        assert_int_not_equal(keep_tcb_info_parse(&t, bodies[i],
                                                 strlen(bodies[i]), err,
                                                 sizeof(err)),
                             OE_OK);
        assert_null(t);
        assert_true(err[0] != '\0');
        assert_int_not_equal(keep_qe_identity_parse(&q, bodies[i],
                                                    strlen(bodies[i]), err,
                                                    sizeof(err)),
                             OE_OK);
        assert_null(q);
    }
}

static keep_tcb_verdict_t verdict(keep_tcb_status_t s, const char* adv)
{
    keep_tcb_verdict_t v;
    memset(&v, 0, sizeof(v));
    v.status = s;
    if (adv) {
        strcpy(v.advisories[0], adv);
        v.advisory_count = 1;
    }
    return v;
}

/* Intel QVL convergence (sgx-dcap.md §3.4 step 10), every pair. */
static void convergence(void** state)
{
    static const struct {
        keep_tcb_status_t platform, qe, want;
    } cases[] = {
        {KEEP_TCB_UP_TO_DATE, KEEP_TCB_UP_TO_DATE, KEEP_TCB_UP_TO_DATE},
        {KEEP_TCB_SW_HARDENING_NEEDED, KEEP_TCB_UP_TO_DATE,
         KEEP_TCB_SW_HARDENING_NEEDED},
        {KEEP_TCB_UP_TO_DATE, KEEP_TCB_OUT_OF_DATE, KEEP_TCB_OUT_OF_DATE},
        {KEEP_TCB_SW_HARDENING_NEEDED, KEEP_TCB_OUT_OF_DATE,
         KEEP_TCB_OUT_OF_DATE},
        {KEEP_TCB_CONFIGURATION_NEEDED, KEEP_TCB_OUT_OF_DATE,
         KEEP_TCB_OUT_OF_DATE_CONFIGURATION_NEEDED},
        {KEEP_TCB_CONFIGURATION_AND_SW_HARDENING_NEEDED, KEEP_TCB_OUT_OF_DATE,
         KEEP_TCB_OUT_OF_DATE_CONFIGURATION_NEEDED},
        {KEEP_TCB_OUT_OF_DATE, KEEP_TCB_OUT_OF_DATE, KEEP_TCB_OUT_OF_DATE},
        {KEEP_TCB_UP_TO_DATE, KEEP_TCB_REVOKED, KEEP_TCB_REVOKED},
        {KEEP_TCB_REVOKED, KEEP_TCB_UP_TO_DATE, KEEP_TCB_REVOKED},
        {KEEP_TCB_CONFIGURATION_NEEDED, KEEP_TCB_UP_TO_DATE,
         KEEP_TCB_CONFIGURATION_NEEDED},
    };
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        keep_tcb_verdict_t p = verdict(cases[i].platform, "INTEL-SA-00001");
        keep_tcb_verdict_t q = verdict(cases[i].qe, "INTEL-SA-00002");
        keep_tcb_verdict_t out;
        keep_tcb_converge(&out, &p, &q);
        assert_int_equal(out.status, cases[i].want);
        /* QE advisories are reported only when the QE is not UpToDate. */
        assert_int_equal(out.advisory_count,
                         cases[i].qe == KEEP_TCB_UP_TO_DATE ? 1 : 2);
    }
}

static const char qe_body[] =
    "{\"id\":\"QE\",\"version\":2,\"issueDate\":\"2025-06-19T10:01:18Z\","
    "\"nextUpdate\":\"2025-07-19T10:01:18Z\",\"tcbEvaluationDataNumber\":17,"
    "\"miscselect\":\"00000000\",\"miscselectMask\":\"FFFFFFFF\","
    "\"attributes\":\"11000000000000000000000000000000\","
    "\"attributesMask\":\"FBFFFFFFFFFFFFFF0000000000000000\","
    "\"mrsigner\":\"8C4F5775D796503E96137F77C68A829A0056AC8DED70140B081B0944"
    "90C57BFF\",\"isvprodid\":1,\"tcbLevels\":["
    "{\"tcb\":{\"isvsvn\":8},\"tcbDate\":\"2024-03-13T00:00:00Z\","
    "\"tcbStatus\":\"UpToDate\"},"
    "{\"tcb\":{\"isvsvn\":6},\"tcbDate\":\"2021-11-10T00:00:00Z\","
    "\"tcbStatus\":\"OutOfDate\",\"advisoryIDs\":[\"INTEL-SA-00615\"]}]}";

static void qe_levels(void** state)
{
    keep_qe_identity_t* q = NULL;
    char err[200];
    (void)state;
    assert_int_equal(keep_qe_identity_parse(&q, qe_body, strlen(qe_body), err,
                                            sizeof(err)),
                     OE_OK);
    assert_int_equal(q->isvprodid, 1);
    assert_int_equal(q->attributes[0], 0x11);
    assert_int_equal(q->attributes_mask[0], 0xfb);
    assert_int_equal(keep_qe_select(q, 10)->common.status, KEEP_TCB_UP_TO_DATE);
    assert_int_equal(keep_qe_select(q, 8)->common.status, KEEP_TCB_UP_TO_DATE);
    const keep_qe_level_t* l = keep_qe_select(q, 7);
    assert_int_equal(l->common.status, KEEP_TCB_OUT_OF_DATE);
    keep_tcb_verdict_t v;
    keep_json_level_verdict(&v, &l->common);
    assert_int_equal(v.advisory_count, 1);
    assert_string_equal(v.advisories[0], "INTEL-SA-00615");
    assert_null(keep_qe_select(q, 5));
    keep_qe_identity_free(q);
}

static keep_verify_result_t good_result(void)
{
    keep_verify_result_t r;
    memset(&r, 0, sizeof(r));
    r.result = OE_OK;
    r.tcb = verdict(KEEP_TCB_SW_HARDENING_NEEDED, "INTEL-SA-00615");
    memset(r.identity.mrenclave, 0xaa, 32);
    memset(r.identity.mrsigner, 0xbb, 32);
    r.identity.isv_svn = 3;
    r.identity.isv_prod_id = 7;
    return r;
}

static oe_result_t check(const char* json, const keep_verify_result_t* r)
{
    keep_verify_policy_t p;
    char err[200], reason[200];
    assert_int_equal(keep_verify_policy_parse(&p, (const uint8_t*)json,
                                              strlen(json), err, sizeof(err)),
                     OE_OK);
    return keep_verify_policy_check(&p, r, reason, sizeof(reason));
}

static void policies(void** state)
{
    (void)state;
    keep_verify_result_t r = good_result();
    assert_int_equal(check("{}", &r), OE_TCB_LEVEL_INVALID);
    assert_int_equal(check("{\"allowed_tcb_status\":[\"SWHardeningNeeded\"]}",
                           &r),
                     OE_TCB_LEVEL_INVALID); /* advisory not listed */
    assert_int_equal(check("{\"allowed_tcb_status\":[\"SWHardeningNeeded\"],"
                           "\"allowed_advisories\":\"*\"}", &r),
                     OE_OK);
    const char* ok = "{\"allowed_tcb_status\":[\"SWHardeningNeeded\"],"
                     "\"allowed_advisories\":[\"INTEL-SA-00615\"],"
                     "\"signer_id\":[\"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\"],"
                     "\"product_id\":7,\"min_svn\":3}";
    assert_int_equal(check(ok, &r), OE_OK);
    r.identity.isv_svn = 2;
    assert_int_equal(check(ok, &r), OE_INVALID_ISVSVN);
    r = good_result();
    r.identity.isv_prod_id = 8;
    assert_int_equal(check(ok, &r), QE_QUOTE_ENCLAVE_IDENTITY_PRODUCTID_MISMATCH);
    r = good_result();
    r.identity.mrsigner[0] = 0;
    assert_int_equal(check(ok, &r), OE_CONSTRAINT_FAILED);
    r = good_result();
    r.identity.debug = 1;
    assert_int_equal(check(ok, &r), OE_DEBUG_DOWNGRADE);
    r = good_result();
    assert_int_equal(check("{\"unique_id\":[\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\"],"
                           "\"allowed_tcb_status\":[\"SWHardeningNeeded\"],"
                           "\"allowed_advisories\":\"*\"}", &r),
                     OE_QUOTE_ENCLAVE_IDENTITY_UNIQUEID_MISMATCH);
    r.result = OE_VERIFY_FAILED;
    assert_int_equal(check("{\"allowed_advisories\":\"*\"}", &r),
                     OE_VERIFY_FAILED);
}

static void bad_policies(void** state)
{
    static const char* const bad[] = {
        "[]", "{\"min_svn\":-1}", "{\"min_svn\":70000}", "{\"unique_id\":\"ab\"}",
        "{\"unique_id\":[\"zz\"]}", "{\"allowed_tcb_status\":[\"Fine\"]}",
        "{\"debug_allowed\":1}", "{\"allowed_advisories\":\"some\"}",
        "{\"colour\":\"red\"}", "{\"min_svn\":1,\"min_svn\":2}",
        "{\"trust_intel\":\"no\"}", "{\"trusted_roots\":[{\"name\":\"x\"}]}",
        "{\"trusted_roots\":[{\"name\":\"x\",\"sha256\":\"00\",\"qe_vendor_id\":\"00\"}]}",
    };
    keep_verify_policy_t p;
    char err[200];
    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        err[0] = '\0';
        assert_int_equal(keep_verify_policy_parse(&p, (const uint8_t*)bad[i],
                                                  strlen(bad[i]), err,
                                                  sizeof(err)),
                         OE_JSON_INFO_PARSE_ERROR);
        assert_true(err[0] != '\0');
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(v2_levels),   cmocka_unit_test(bad_bodies),
        cmocka_unit_test(convergence), cmocka_unit_test(qe_levels),
        cmocka_unit_test(policies),    cmocka_unit_test(bad_policies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
