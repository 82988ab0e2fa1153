/* Parsed TCB info and QE identity collateral, and TCB level selection
 * (sgx-dcap.md §3.4 steps 7-10). Internal to liboehostverify. */
#ifndef KEEP_VERIFY_TCB_EVAL_H
#define KEEP_VERIFY_TCB_EVAL_H

#include <jansson.h>

#include <keep/verify.h>

#include "json_get.h"

typedef struct keep_tcb_level {
    uint8_t comp[16];
    uint16_t pcesvn;
    keep_json_level_t common;
} keep_tcb_level_t;

typedef struct keep_tcb_info {
    json_t* root;              /* parsed view of the signed bytes */
    int version;               /* 2 or 3 */
    char id[8];                /* "SGX"/"TDX" (v3); "" for v2 */
    int64_t issue_date;
    int64_t next_update;
    uint8_t fmspc[6];
    uint8_t pce_id[2];
    int64_t tcb_type;
    int64_t eval_number;
    size_t level_count;
    keep_tcb_level_t* levels;
} keep_tcb_info_t;

typedef struct keep_qe_level {
    uint16_t isvsvn;
    keep_json_level_t common;
} keep_qe_level_t;

typedef struct keep_qe_identity {
    json_t* root;
    int version;
    char id[8];                /* "QE", "QVE", "TD_QE" */
    int64_t issue_date;
    int64_t next_update;
    int64_t eval_number;
    uint8_t miscselect[4];
    uint8_t miscselect_mask[4];
    uint8_t attributes[16];
    uint8_t attributes_mask[16];
    uint8_t mrsigner[32];
    uint16_t isvprodid;
    size_t level_count;
    keep_qe_level_t* levels;
} keep_qe_identity_t;

/* Parse the exact signed body (the value of "tcbInfo" or "enclaveIdentity").
 * *out owned by the caller (free with the _free function). Errors:
 * OE_JSON_INFO_PARSE_ERROR / OE_INVALID_QE_IDENTITY_INFO with err set. */
oe_result_t keep_tcb_info_parse(keep_tcb_info_t** out, const char* body,
                                size_t len, char* err, size_t err_size);
void keep_tcb_info_free(keep_tcb_info_t* info);
oe_result_t keep_qe_identity_parse(keep_qe_identity_t** out, const char* body,
                                   size_t len, char* err, size_t err_size);
void keep_qe_identity_free(keep_qe_identity_t* qe);

/* First level (in the given order) whose 16 SVNs and PCESVN are all met
 * by the PCK certificate's; NULL when none ("TCB not supported"). */
const keep_tcb_level_t* keep_tcb_select(const keep_tcb_info_t* info,
                                        const keep_pck_info_t* pck);

/* First QE level with isvsvn <= the QE report's ISVSVN; NULL when none. */
const keep_qe_level_t* keep_qe_select(const keep_qe_identity_t* qe,
                                      uint16_t isvsvn);

/* Converged status (Intel QVL rule, §3.4 step 10). */
void keep_tcb_converge(keep_tcb_verdict_t* out,
                       const keep_tcb_verdict_t* platform,
                       const keep_tcb_verdict_t* qe);

#endif
