/* QE identity match and TCB levels (sgx-dcap.md §3.4 steps 8-10). */
#include <string.h>

#include "verify_steps.h"

static int masked_equal(const uint8_t* a, const uint8_t* b,
                        const uint8_t* mask, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((a[i] & mask[i]) != (b[i] & mask[i]))
            return 0;
    return 1;
}

/* The QE report body against the identity's fixed fields. */
static const char* qe_mismatch(const keep_qe_identity_t* q, const uint8_t* rb)
{
    if (memcmp(rb + KEEP_RB_MRSIGNER, q->mrsigner, 32) != 0)
        return "QE MRSIGNER differs from the QE identity's mrsigner";
    if (keep_le16(rb + KEEP_RB_ISVPRODID) != q->isvprodid)
        return "QE ISVPRODID differs from the QE identity's isvprodid";
    if (!masked_equal(rb + KEEP_RB_MISCSELECT, q->miscselect,
                      q->miscselect_mask, 4))
        return "QE MISCSELECT differs under miscselectMask";
    if (!masked_equal(rb + KEEP_RB_ATTRIBUTES, q->attributes,
                      q->attributes_mask, 16))
        return "QE ATTRIBUTES differ under attributesMask";
    if (keep_le64(rb + KEEP_RB_ATTRIBUTES) & KEEP_ATTR_DEBUG)
        return "the Quoting Enclave is a DEBUG enclave";
    return NULL;
}

void keep_step_qe_match(keep_vctx_t* v)
{
    const keep_qe_identity_t* q = v->coll->qe_identity;
    const keep_verify_check_t id = KEEP_CHECK_QE_IDENTITY_MATCH;
    if (!q || !keep_check_passed(v, KEEP_CHECK_QE_IDENTITY)) {
        keep_check_skip(v, id, "QE identity unusable");
        return;
    }
    const char* why = qe_mismatch(q, v->q.qe_report);
    if (why) {
        keep_check_fail(v, id, OE_QUOTE_ENCLAVE_IDENTITY_VERIFICATION_FAILED,
                        "%s", why);
        return;
    }
    uint16_t svn = keep_le16(v->q.qe_report + KEEP_RB_ISVSVN);
    const keep_qe_level_t* l = keep_qe_select(q, svn);
    if (!l) {
        keep_check_fail(v, id, OE_TCB_LEVEL_INVALID, "QE ISVSVN %u is below "
                        "every QE identity TCB level", svn);
        return;
    }
    keep_json_level_verdict(&v->res->qe_tcb, &l->common);
    keep_check_pass(v, id);
}

void keep_step_tcb_level(keep_vctx_t* v)
{
    const keep_tcb_info_t* t = v->coll->tcb_info;
    const keep_verify_check_t id = KEEP_CHECK_TCB_LEVEL;
    if (!t || !v->res->pck_valid || !keep_check_passed(v, KEEP_CHECK_TCB_INFO)) {
        keep_check_skip(v, id, "TCB info or PCK extensions unusable");
        return;
    }
    const keep_tcb_level_t* l = keep_tcb_select(t, &v->res->pck);
    if (!l) {
        keep_check_fail(v, id, OE_TCB_LEVEL_INVALID, "TCB not supported: the "
                        "PCK certificate's SVNs are below every TCB level");
        return;
    }
    keep_json_level_verdict(&v->res->platform_tcb, &l->common);
    keep_check_pass(v, id);
}

void keep_step_tcb_status(keep_vctx_t* v)
{
    const keep_verify_check_t id = KEEP_CHECK_TCB_STATUS;
    if (!keep_check_passed(v, KEEP_CHECK_TCB_LEVEL) ||
        !keep_check_passed(v, KEEP_CHECK_QE_IDENTITY_MATCH)) {
        keep_check_skip(v, id, "platform or QE TCB level unknown");
        return;
    }
    keep_tcb_converge(&v->res->tcb, &v->res->platform_tcb, &v->res->qe_tcb);
    v->res->qv_result = keep_tcb_status_qv_result(v->res->tcb.status);
    if (v->res->tcb.status == KEEP_TCB_REVOKED)
        keep_check_fail(v, id, OE_TCB_LEVEL_INVALID, "TCB status is Revoked");
    else
        keep_check_pass(v, id);
}
