/* libFuzzer target: collateral recognition and parsing (PEM, DER, hex,
 * PCS JSON with exact spans, bare bodies, bundles) and the policy file. */
#include <stddef.h>
#include <stdint.h>

#include <keep/verify.h>

#include "json_span.h"
#include "oe_endorsements.h"
#include "tcb_eval.h"

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

static void parse_bodies(const uint8_t* data, size_t size)
{
    char err[256];
    keep_tcb_info_t* t = NULL;
    keep_qe_identity_t* q = NULL;
    size_t s, e;
    if (keep_tcb_info_parse(&t, (const char*)data, size, err, sizeof(err)) ==
        OE_OK) {
        keep_pck_info_t pck = {0};
        (void)keep_tcb_select(t, &pck);
    }
    keep_tcb_info_free(t);
    if (keep_qe_identity_parse(&q, (const char*)data, size, err, sizeof(err)) ==
        OE_OK)
        (void)keep_qe_select(q, 5);
    keep_qe_identity_free(q);
    (void)keep_json_member_span((const char*)data, size, "tcbInfo", &s, &e);
}

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    keep_verify_collateral_t* c = NULL;
    keep_verify_policy_t policy;
    char err[256];
    if (keep_verify_collateral_new(&c) != OE_OK)
        return 0;
    if (keep_verify_collateral_add(c, data, size, "fuzz") != OE_OK &&
        keep_verify_collateral_error(c)[0] == '\0')
        __builtin_trap(); /* every failure must say why */
    keep_verify_collateral_free(c);
    if (keep_verify_collateral_new(&c) == OE_OK) {
        int64_t created = 0;
        (void)keep_oe_endorsements_load(c, &created, data, size);
        keep_verify_collateral_free(c);
    }
    parse_bodies(data, size);
    if (keep_verify_policy_parse(&policy, data, size, err, sizeof(err)) != OE_OK &&
        err[0] == '\0')
        __builtin_trap();
    return 0;
}
