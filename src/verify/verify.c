/* keep_verify_quote(): the whole procedure of sgx-dcap.md §3.4, each step
 * recorded. Steps whose inputs exist still run after a failure so the
 * result shows everything that can be known. */
#include <string.h>

#include "verify_steps.h"

static void init_result(keep_verify_result_t* res, int64_t at)
{
    memset(res, 0, sizeof(*res));
    res->at = at;
    res->platform_tcb.status = KEEP_TCB_INVALID;
    res->qe_tcb.status = KEEP_TCB_INVALID;
    res->tcb.status = KEEP_TCB_INVALID;
    res->qv_result = keep_tcb_status_qv_result(KEEP_TCB_INVALID);
}

static void pck_steps(keep_vctx_t* v)
{
    if (keep_step_pck_chain(v)) {
        keep_check_skip(v, KEEP_CHECK_PCK_VALIDITY, "no PCK chain");
        return;
    }
    keep_step_pck_validity(v);
    keep_step_pck_extensions(v);
    keep_step_crls(v);
    keep_step_revocation(v);
}

static void run_steps(keep_vctx_t* v, const uint8_t* quote, size_t size)
{
    if (keep_step_format(v, quote, size))
        return;
    keep_step_quote_signature(v);
    pck_steps(v);
    keep_step_qe_report(v);
    keep_step_signing_chain(v);
    keep_step_tcb_info(v);
    keep_step_qe_identity(v);
    keep_step_qe_match(v);
    keep_step_tcb_level(v);
    keep_step_tcb_status(v);
}

/* The overall result is the first failed check in check order. */
static oe_result_t overall(keep_verify_result_t* res)
{
    for (int i = 0; i < KEEP_CHECK_COUNT; i++) {
        if (res->checks[i].state == KEEP_CHECK_FAILED) {
            res->first_failed = (keep_verify_check_t)i;
            return res->checks[i].result;
        }
        if (res->checks[i].state != KEEP_CHECK_PASSED) {
            res->first_failed = (keep_verify_check_t)i;
            return OE_VERIFY_FAILED; /* a check that could not run */
        }
    }
    return OE_OK;
}

oe_result_t keep_verify_quote(keep_verify_result_t* res, const uint8_t* quote,
                              size_t quote_size,
                              const keep_verify_collateral_t* coll,
                              const keep_verify_options_t* opts)
{
    const keep_verify_anchor_t* intel_only[1] = {keep_verify_anchor_intel()};
    if (!res)
        return OE_INVALID_PARAMETER;
    init_result(res, opts ? opts->at : 0);
    if (!quote || !coll || !opts || (opts->anchor_count && !opts->anchors)) {
        res->result = OE_INVALID_PARAMETER;
        return res->result;
    }
    keep_vctx_t v = {.res = res, .at = opts->at,
                     .coll = (keep_verify_collateral_t*)coll};
    v.memo = v.coll->memo_disabled ? NULL : &v.coll->memo;
    v.anchors = opts->anchor_count ? opts->anchors : intel_only;
    v.anchor_count = opts->anchor_count ? opts->anchor_count : 1;
    run_steps(&v, quote, quote_size);
    sk_X509_pop_free(v.quote_certs, X509_free);
    res->result = overall(res);
    return res->result;
}
