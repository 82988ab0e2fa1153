/* Relying-party policy over a verified quote (sgx-dcap.md §3.4 step 12). */
#include <string.h>

#include <keep/verify.h>

#include "util.h"

void keep_verify_policy_default(keep_verify_policy_t* p)
{
    memset(p, 0, sizeof(*p));
    p->allowed_statuses = 1u << KEEP_TCB_UP_TO_DATE;
    p->trust_intel = 1;
}

size_t keep_verify_policy_anchors(const keep_verify_policy_t* p,
                                  const keep_verify_anchor_t** out, size_t max)
{
    size_t n = 0;
    if (p->trust_intel && n < max)
        out[n++] = keep_verify_anchor_intel();
    for (size_t i = 0; i < p->root_count && n < max; i++)
        out[n++] = &p->roots[i];
    return n;
}

static int id_in(const uint8_t (*set)[32], size_t n, const uint8_t* id)
{
    for (size_t i = 0; i < n; i++)
        if (memcmp(set[i], id, 32) == 0)
            return 1;
    return 0;
}

static oe_result_t identity_check(const keep_verify_policy_t* p,
                                  const keep_quote_identity_t* id, char* reason,
                                  size_t rs)
{
    char hex[65];
    if (id->debug && !p->debug_allowed) {
        keep_fmt(reason, rs, "enclave is a DEBUG enclave and the policy does "
                 "not allow debug");
        return OE_DEBUG_DOWNGRADE;
    }
    if (p->unique_id_count && !id_in(p->unique_ids, p->unique_id_count,
                                     id->mrenclave)) {
        keep_hex_encode(hex, id->mrenclave, 32);
        keep_fmt(reason, rs, "unique_id (MRENCLAVE) %s is not in the policy", hex);
        return OE_QUOTE_ENCLAVE_IDENTITY_UNIQUEID_MISMATCH;
    }
    if (p->signer_id_count && !id_in(p->signer_ids, p->signer_id_count,
                                     id->mrsigner)) {
        keep_hex_encode(hex, id->mrsigner, 32);
        keep_fmt(reason, rs, "signer_id (MRSIGNER) %s is not in the policy", hex);
        return OE_CONSTRAINT_FAILED;
    }
    if (p->has_product_id && id->isv_prod_id != p->product_id) {
        keep_fmt(reason, rs, "product_id %u, policy requires %u",
                 id->isv_prod_id, p->product_id);
        return QE_QUOTE_ENCLAVE_IDENTITY_PRODUCTID_MISMATCH;
    }
    if (id->isv_svn < p->min_svn) {
        keep_fmt(reason, rs, "security_version %u is below the policy's "
                 "min_svn %u", id->isv_svn, p->min_svn);
        return OE_INVALID_ISVSVN;
    }
    return OE_OK;
}

static int advisory_allowed(const keep_verify_policy_t* p, const char* a)
{
    if (p->any_advisory)
        return 1;
    for (size_t i = 0; i < p->advisory_count; i++)
        if (strcmp(p->advisories[i], a) == 0)
            return 1;
    return 0;
}

static oe_result_t tcb_check(const keep_verify_policy_t* p,
                             const keep_tcb_verdict_t* tcb, char* reason,
                             size_t rs)
{
    if ((unsigned)tcb->status >= 32 ||
        !(p->allowed_statuses & (1u << tcb->status))) {
        keep_fmt(reason, rs, "TCB status %s is not allowed by the policy",
                 keep_tcb_status_str(tcb->status));
        return OE_TCB_LEVEL_INVALID;
    }
    for (size_t i = 0; i < tcb->advisory_count; i++)
        if (!advisory_allowed(p, tcb->advisories[i])) {
            keep_fmt(reason, rs, "advisory %s is not accepted by the policy",
                     tcb->advisories[i]);
            return OE_TCB_LEVEL_INVALID;
        }
    return OE_OK;
}

oe_result_t keep_verify_policy_check(const keep_verify_policy_t* p,
                                     const keep_verify_result_t* res,
                                     char* reason, size_t rs)
{
    if (rs)
        reason[0] = '\0';
    if (!p || !res)
        return OE_INVALID_PARAMETER;
    if (res->result != OE_OK) {
        keep_fmt(reason, rs, "the quote did not verify (%s)",
                 oe_result_str(res->result));
        return res->result;
    }
    oe_result_t r = identity_check(p, &res->identity, reason, rs);
    return r != OE_OK ? r : tcb_check(p, &res->tcb, reason, rs);
}
