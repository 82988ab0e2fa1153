/* The steps of keep_verify_quote() (sgx-dcap.md §3.4), each recording its
 * outcome in the result. Internal to liboehostverify. */
#ifndef KEEP_VERIFY_STEPS_H
#define KEEP_VERIFY_STEPS_H

#include <keep/verify.h>

#include "collateral.h"
#include "quote.h"
#include "util.h"
#include "x509check.h"

typedef struct keep_vctx {
    keep_verify_result_t* res;
    keep_verify_collateral_t* coll;      /* only its memo is written */
    keep_sigmemo_t* memo;                /* NULL when disabled */
    int64_t at;
    const keep_verify_anchor_t* const* anchors;
    size_t anchor_count;
    keep_quote_t q;
    STACK_OF(X509)* quote_certs;         /* owned */
    keep_chain_t pck;                    /* valid when pck_ok */
    int pck_ok;
    X509_CRL* root_crl;                  /* borrowed from coll */
    X509_CRL* pck_crl;
    X509* signer;                        /* collateral signing cert */
    keep_chain_t signer_chain;
    int signer_ok;
    int signed_by_signer[2];             /* TCB info, QE identity verified */
} keep_vctx_t;

/* Recording. fail() keeps the first reason of a check. */
void keep_check_pass(keep_vctx_t* v, keep_verify_check_t id);
void keep_check_fail(keep_vctx_t* v, keep_verify_check_t id, oe_result_t r,
                     const char* fmt, ...) KEEP_VERIFY_PRINTF(4, 5);
void keep_check_skip(keep_vctx_t* v, keep_verify_check_t id, const char* why);
int keep_check_passed(const keep_vctx_t* v, keep_verify_check_t id);
void keep_note_expiry(keep_vctx_t* v, int64_t t);

/* Steps, in order. Each returns 0 when its outputs are usable by later
 * steps (which is not always the same as passing). */
int keep_step_format(keep_vctx_t* v, const uint8_t* quote, size_t size);
void keep_step_quote_signature(keep_vctx_t* v);
int keep_step_pck_chain(keep_vctx_t* v);
void keep_step_pck_validity(keep_vctx_t* v);
int keep_step_pck_extensions(keep_vctx_t* v);
void keep_step_crls(keep_vctx_t* v);
void keep_step_revocation(keep_vctx_t* v);
void keep_step_qe_report(keep_vctx_t* v);
void keep_step_signing_chain(keep_vctx_t* v);
void keep_step_tcb_info(keep_vctx_t* v);
void keep_step_qe_identity(keep_vctx_t* v);
void keep_step_qe_match(keep_vctx_t* v);
void keep_step_tcb_level(keep_vctx_t* v);
void keep_step_tcb_status(keep_vctx_t* v);

#endif
