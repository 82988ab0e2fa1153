/* Branches genuine vectors never reach, on synthetic quotes and collateral
 * under a throwaway root (synth.c): revocation, QE identity mismatches,
 * QE/platform convergence, Revoked and unsupported TCB levels, a signer
 * under another root, a not-yet-valid leaf, an FMSPC mismatch. The same
 * path serves this non-Intel anchor as it serves Intel's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dump.h"
#include "synth.h"

static keep_verify_result_t g_res;

static oe_result_t run(const synth_opts_t* o, synth_t* s)
{
    assert_int_equal(synth_make(s, o), 0);
    oe_result_t r = keep_verify_quote(&g_res, s->quote, s->quote_len, s->coll,
                                      &s->opts);
    return r;
}

static void expect_fail(const synth_opts_t* o, oe_result_t want,
                        keep_verify_check_t check, const char* reason)
{
    synth_t s;
    oe_result_t r = run(o, &s);
    const keep_verify_check_result_t* c = &g_res.checks[check];
    if (r != want || c->state != KEEP_CHECK_FAILED ||
        (reason && !strstr(c->reason, reason)))
        dump_result(&g_res);
    assert_int_equal(r, want);
    assert_int_equal(c->state, KEEP_CHECK_FAILED);
    if (reason)
        assert_non_null(strstr(c->reason, reason));
    synth_free(&s);
}

/* One TCB level with all 16 component SVNs = svn. */
static void level(char* out, size_t size, int svn, int pcesvn,
                  const char* status, const char* adv)
{
    char comps[512] = "";
    for (int i = 0; i < 16; i++)
        sprintf(comps + strlen(comps), "%s{\"svn\":%d}", i ? "," : "", svn);
    snprintf(out, size, "{\"tcb\":{\"sgxtcbcomponents\":[%s],\"pcesvn\":%d},"
             "\"tcbDate\":\"2024-01-01T00:00:00Z\",\"tcbStatus\":\"%s\"%s%s%s}",
             comps, pcesvn, status, adv ? ",\"advisoryIDs\":[\"" : "",
             adv ? adv : "", adv ? "\"]" : "");
}

static void baseline(void** state)
{
    synth_opts_t o = {0};
    synth_t s;
    (void)state;
    oe_result_t r = run(&o, &s);
    if (r != OE_OK)
        dump_result(&g_res);
    assert_int_equal(r, OE_OK);
    assert_string_equal(g_res.anchor_name, "Keep test root");
    assert_int_equal(g_res.tcb.status, KEEP_TCB_UP_TO_DATE);
    /* Both anchors trusted: still fine. Intel alone: not its vendor id. */
    const keep_verify_anchor_t* both[] = {keep_verify_anchor_intel(), &s.anchor};
    keep_verify_options_t two = {SYNTH_NOW, both, 2};
    assert_int_equal(keep_verify_quote(&g_res, s.quote, s.quote_len, s.coll, &two),
                     OE_OK);
    keep_verify_options_t intel = {SYNTH_NOW, NULL, 0};
    assert_int_equal(keep_verify_quote(&g_res, s.quote, s.quote_len, s.coll,
                                       &intel),
                     OE_QUOTE_VERIFICATION_ERROR);
    synth_free(&s);
}

static void revocations(void** state)
{
    (void)state;
    synth_opts_t o = {.revoke_leaf = 1};
    expect_fail(&o, OE_VERIFY_REVOKED, KEEP_CHECK_REVOCATION,
                "\"Test PCK Certificate\" is revoked");
    o = (synth_opts_t){.revoke_intermediate = 1};
    expect_fail(&o, OE_VERIFY_REVOKED, KEEP_CHECK_REVOCATION,
                "\"Test PCK CA\" is revoked");
    o = (synth_opts_t){.revoke_signer = 1};
    expect_fail(&o, OE_VERIFY_REVOKED, KEEP_CHECK_TCB_SIGNING_CHAIN,
                "TCB signing certificate is revoked");
}

static void qe_mismatches(void** state)
{
    (void)state;
    synth_opts_t o = {.qe_wrong_mrsigner = 1};
    expect_fail(&o, OE_QUOTE_ENCLAVE_IDENTITY_VERIFICATION_FAILED,
                KEEP_CHECK_QE_IDENTITY_MATCH, "MRSIGNER");
    o = (synth_opts_t){.qe_debug = 1};
    expect_fail(&o, OE_QUOTE_ENCLAVE_IDENTITY_VERIFICATION_FAILED,
                KEEP_CHECK_QE_IDENTITY_MATCH, "ATTRIBUTES");
    o = (synth_opts_t){.qe_isvsvn = 5};
    expect_fail(&o, OE_TCB_LEVEL_INVALID, KEEP_CHECK_QE_IDENTITY_MATCH,
                "below every QE identity TCB level");
}

static void qe_out_of_date_converges(void** state)
{
    char l[1024], levels[1100];
    synth_t s;
    (void)state;
    level(l, sizeof(l), 5, 13, "ConfigurationNeeded", "INTEL-SA-00001");
    snprintf(levels, sizeof(levels), "[%s]", l);
    synth_opts_t o = {
        .qe_isvsvn = 7, .tcb_levels = levels,
        .qe_levels = "[{\"tcb\":{\"isvsvn\":8},\"tcbDate\":\"2024-01-01T00:00:00Z\","
                     "\"tcbStatus\":\"UpToDate\"},{\"tcb\":{\"isvsvn\":6},"
                     "\"tcbDate\":\"2021-11-10T00:00:00Z\",\"tcbStatus\":"
                     "\"OutOfDate\",\"advisoryIDs\":[\"INTEL-SA-00615\"]}]"};
    assert_int_equal(run(&o, &s), OE_OK);
    assert_int_equal(g_res.platform_tcb.status, KEEP_TCB_CONFIGURATION_NEEDED);
    assert_int_equal(g_res.qe_tcb.status, KEEP_TCB_OUT_OF_DATE);
    assert_int_equal(g_res.tcb.status, KEEP_TCB_OUT_OF_DATE_CONFIGURATION_NEEDED);
    assert_int_equal(g_res.tcb.advisory_count, 2);
    assert_string_equal(g_res.tcb.advisories[0], "INTEL-SA-00001");
    assert_string_equal(g_res.tcb.advisories[1], "INTEL-SA-00615");
    assert_int_equal(g_res.qv_result, 0xA003);
    synth_free(&s);
}

static void tcb_levels(void** state)
{
    char a[1024], b[1024], levels[2200];
    (void)state;
    /* Level 0 needs SVN 6 (skipped); level 1 matches and is Revoked. */
    level(a, sizeof(a), 6, 13, "UpToDate", NULL);
    level(b, sizeof(b), 5, 13, "Revoked", "INTEL-SA-00002");
    snprintf(levels, sizeof(levels), "[%s,%s]", a, b);
    synth_opts_t o = {.tcb_levels = levels};
    expect_fail(&o, OE_TCB_LEVEL_INVALID, KEEP_CHECK_TCB_STATUS, "Revoked");
    assert_int_equal(g_res.tcb.status, KEEP_TCB_REVOKED);
    /* PCESVN below every level: not supported. */
    snprintf(levels, sizeof(levels), "[%s]", a);
    o = (synth_opts_t){.tcb_levels = levels};
    expect_fail(&o, OE_TCB_LEVEL_INVALID, KEEP_CHECK_TCB_LEVEL,
                "TCB not supported");
}

static void chains_and_windows(void** state)
{
    (void)state;
    synth_opts_t o = {.signer_other_root = 1};
    expect_fail(&o, OE_VERIFY_FAILED, KEEP_CHECK_TCB_SIGNING_CHAIN,
                "\"Other Root\", which is not a trusted root");
    o = (synth_opts_t){.leaf_not_yet_valid = 1};
    expect_fail(&o, OE_VERIFY_FAILED_TO_FIND_VALIDITY_PERIOD,
                KEEP_CHECK_PCK_VALIDITY, "\"Test PCK Certificate\" is not valid");
    o = (synth_opts_t){.wrong_fmspc = 1};
    expect_fail(&o, OE_INVALID_ENDORSEMENT, KEEP_CHECK_TCB_INFO, "fmspc");
}

static void debug_enclave_policy(void** state)
{
    synth_opts_t o = {.isv_debug = 1};
    synth_t s;
    keep_verify_policy_t p;
    char reason[200];
    (void)state;
    assert_int_equal(run(&o, &s), OE_OK);
    assert_int_equal(g_res.identity.debug, 1);
    keep_verify_policy_default(&p);
    assert_int_equal(keep_verify_policy_check(&p, &g_res, reason, sizeof(reason)),
                     OE_DEBUG_DOWNGRADE);
    p.debug_allowed = 1;
    assert_int_equal(keep_verify_policy_check(&p, &g_res, reason, sizeof(reason)),
                     OE_OK);
    synth_free(&s);
}

/* The policy file names trusted roots (DESIGN §1: other Keep roots when
 * listed); keep_verify_policy_anchors() turns them into anchors. */
static void policy_roots(void** state)
{
    synth_opts_t o = {0};
    synth_t s;
    keep_verify_policy_t p;
    char json[512], fp[65], err[200];
    const keep_verify_anchor_t* anchors[KEEP_POLICY_MAX_ROOTS + 1];
    (void)state;
    assert_int_equal(synth_make(&s, &o), 0);
    for (int i = 0; i < 32; i++)
        sprintf(fp + 2 * i, "%02x", s.anchor.root_sha256[i]);
    snprintf(json, sizeof(json), "{\"trust_intel\":false,\"trusted_roots\":"
             "[{\"name\":\"lab\",\"sha256\":\"%s\",\"qe_vendor_id\":"
             "\"4b4545502d544553542d56454e444f52\"}]}", fp);
    assert_int_equal(keep_verify_policy_parse(&p, (const uint8_t*)json,
                                              strlen(json), err, sizeof(err)),
                     OE_OK);
    keep_verify_options_t opts = {SYNTH_NOW, anchors, 0};
    opts.anchor_count = keep_verify_policy_anchors(&p, anchors, 9);
    assert_int_equal(opts.anchor_count, 1);
    assert_int_equal(keep_verify_quote(&g_res, s.quote, s.quote_len, s.coll,
                                       &opts),
                     OE_OK);
    assert_string_equal(g_res.anchor_name, "lab");
    keep_verify_policy_default(&p);
    opts.anchor_count = keep_verify_policy_anchors(&p, anchors, 9);
    assert_int_equal(opts.anchor_count, 1); /* Intel only */
    assert_int_not_equal(keep_verify_quote(&g_res, s.quote, s.quote_len, s.coll,
                                           &opts),
                         OE_OK);
    synth_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(baseline),
        cmocka_unit_test(revocations),
        cmocka_unit_test(qe_mismatches),
        cmocka_unit_test(qe_out_of_date_converges),
        cmocka_unit_test(tcb_levels),
        cmocka_unit_test(chains_and_windows),
        cmocka_unit_test(debug_enclave_policy),
        cmocka_unit_test(policy_roots),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
