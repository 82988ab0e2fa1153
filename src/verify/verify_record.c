/* Recording check outcomes; check names; the Intel anchor. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "verify_steps.h"

static const char* const check_names[KEEP_CHECK_COUNT] = {
    [KEEP_CHECK_QUOTE_FORMAT] = "quote_format",
    [KEEP_CHECK_QUOTE_SIGNATURE] = "quote_signature",
    [KEEP_CHECK_PCK_CHAIN] = "pck_chain",
    [KEEP_CHECK_PCK_VALIDITY] = "pck_validity",
    [KEEP_CHECK_PCK_EXTENSIONS] = "pck_extensions",
    [KEEP_CHECK_ROOT_CRL] = "root_ca_crl",
    [KEEP_CHECK_PCK_CRL] = "pck_crl",
    [KEEP_CHECK_REVOCATION] = "revocation",
    [KEEP_CHECK_QE_REPORT_SIGNATURE] = "qe_report_signature",
    [KEEP_CHECK_QE_REPORT_BINDING] = "qe_report_binding",
    [KEEP_CHECK_TCB_SIGNING_CHAIN] = "tcb_signing_chain",
    [KEEP_CHECK_TCB_INFO] = "tcb_info",
    [KEEP_CHECK_QE_IDENTITY] = "qe_identity",
    [KEEP_CHECK_QE_IDENTITY_MATCH] = "qe_identity_match",
    [KEEP_CHECK_TCB_LEVEL] = "tcb_level",
    [KEEP_CHECK_TCB_STATUS] = "tcb_status",
};

const char* keep_verify_check_name(keep_verify_check_t check)
{
    return (unsigned)check < KEEP_CHECK_COUNT ? check_names[check] : "unknown";
}

/* Intel SGX Root CA, sgx-dcap.md §3.5 and §3.8. */
static const keep_verify_anchor_t intel_anchor = {
    .name = "Intel SGX Root CA",
    .root_sha256 = {0x44, 0xa0, 0x19, 0x6b, 0x2b, 0x99, 0xf8, 0x89,
                    0xb8, 0xe1, 0x49, 0xe9, 0x5b, 0x80, 0x7a, 0x35,
                    0x0e, 0x74, 0x24, 0x96, 0x43, 0x99, 0xe8, 0x85,
                    0xa7, 0xcb, 0xb8, 0xcc, 0xfa, 0xb6, 0x74, 0xd3},
    .qe_vendor_id = {0x93, 0x9a, 0x72, 0x33, 0xf7, 0x9c, 0x4c, 0xa9,
                     0x94, 0x0a, 0x0d, 0xb3, 0x95, 0x7f, 0x06, 0x07},
};

const keep_verify_anchor_t* keep_verify_anchor_intel(void)
{
    return &intel_anchor;
}

void keep_check_pass(keep_vctx_t* v, keep_verify_check_t id)
{
    keep_verify_check_result_t* c = &v->res->checks[id];
    if (c->state == KEEP_CHECK_FAILED)
        return;
    c->state = KEEP_CHECK_PASSED;
    c->result = OE_OK;
    c->reason[0] = '\0';
}

void keep_check_fail(keep_vctx_t* v, keep_verify_check_t id, oe_result_t r,
                     const char* fmt, ...)
{
    keep_verify_check_result_t* c = &v->res->checks[id];
    va_list ap;
    if (c->state == KEEP_CHECK_FAILED)
        return;
    c->state = KEEP_CHECK_FAILED;
    c->result = r;
    va_start(ap, fmt);
    vsnprintf(c->reason, sizeof(c->reason), fmt, ap);
    va_end(ap);
}

void keep_check_skip(keep_vctx_t* v, keep_verify_check_t id, const char* why)
{
    keep_verify_check_result_t* c = &v->res->checks[id];
    if (c->state != KEEP_CHECK_NOT_RUN)
        return;
    keep_fmt(c->reason, sizeof(c->reason), "not run: %s", why);
}

int keep_check_passed(const keep_vctx_t* v, keep_verify_check_t id)
{
    return v->res->checks[id].state == KEEP_CHECK_PASSED;
}

void keep_note_expiry(keep_vctx_t* v, int64_t t)
{
    if (v->res->collateral_expires == 0 || t < v->res->collateral_expires)
        v->res->collateral_expires = t;
}
