/* Remote evidence inside the enclave (verifier.c, quote.c): sent to the
 * platform (VERIFY_EVIDENCE, docs/platform.md), which runs the host's
 * verifier; its answer, the claims serialized as OE custom claims, is
 * parsed here. Apart from verifier.c so that oe_verify_report needs no
 * libcrypto for remote reports. */
#include <stdlib.h>
#include <string.h>

#include <openenclave/attestation/custom_claims.h>
#include <openenclave/attestation/verifier.h>
#include <openenclave/enclave.h>
#include <openenclave/tracee.h>

#include "enclave_state.h"
#include "evidence.h"

/* The last OE_POLICY_ENDORSEMENTS_TIME (as the host verifier); other
 * policies are OE_UNSUPPORTED. */
static oe_result_t policy_time(keep_platform_verify_request *v, const oe_policy_t *policies,
                               size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (policies[i].type != OE_POLICY_ENDORSEMENTS_TIME)
            return OE_UNSUPPORTED;
        if (!policies[i].policy || policies[i].policy_size != sizeof(oe_datetime_t))
            return OE_INVALID_PARAMETER;
        const oe_datetime_t *t = policies[i].policy;
        v->time = (keep_platform_datetime){t->year, t->month, t->day,
                                           t->hours, t->minutes, t->seconds};
        v->flags |= KEEP_PLATFORM_VERIFY_HAS_TIME;
    }
    return OE_OK;
}

/* Remote evidence: the platform verifies; its answer is parsed with
 * oe_deserialize_custom_claims (every size checked, no trailing bytes).
 * Evidence and endorsements together are at most
 * KEEP_PLATFORM_MAX_VERIFY_INPUT bytes (OE_INVALID_PARAMETER before
 * anything is sent). */
oe_result_t keep_enclave_verify_remote(const oe_uuid_t *format_id, const uint8_t *evidence,
                                       size_t evidence_size, const uint8_t *endorsements,
                                       size_t endorsements_size, const oe_policy_t *policies,
                                       size_t policies_size, oe_claim_t **claims, size_t *count)
{
    keep_platform_verify_request v = {.flags = KEEP_PLATFORM_VERIFY_ALLOW_SIMULATION |
                                               KEEP_PLATFORM_VERIFY_TCB_CLAIMS,
                                      .evidence_size = (uint32_t)evidence_size,
                                      .endorsements_size = (uint32_t)endorsements_size};
    if (evidence_size > KEEP_PLATFORM_MAX_VERIFY_INPUT ||
        endorsements_size > KEEP_PLATFORM_MAX_VERIFY_INPUT - evidence_size) {
        oe_log(OE_LOG_LEVEL_ERROR,
               "oe_verify_evidence: evidence (%zu bytes) and endorsements (%zu bytes) exceed "
               "the platform's limit of %zu bytes together\n",
               evidence_size, endorsements_size, (size_t)KEEP_PLATFORM_MAX_VERIFY_INPUT);
        return OE_INVALID_PARAMETER;
    }
    oe_result_t result = policy_time(&v, policies, policies_size);
    if (format_id) {
        memcpy(v.format_id, format_id->b, sizeof(v.format_id));
        v.flags |= KEEP_PLATFORM_VERIFY_HAS_FORMAT;
    }
    size_t size = sizeof(v) + evidence_size + endorsements_size, got = 0;
    uint8_t *request = result == OE_OK ? malloc(size) : NULL;
    uint8_t *answer = request ? malloc(KEEP_PLATFORM_MAX_CLAIMS_SIZE) : NULL;
    if (result == OE_OK && !answer)
        result = OE_OUT_OF_MEMORY;
    if (result == OE_OK) {
        memcpy(request, &v, sizeof(v));
        memcpy(request + sizeof(v), evidence, evidence_size);
        if (endorsements_size)
            memcpy(request + sizeof(v) + evidence_size, endorsements, endorsements_size);
        result = keep_enclave_platform_request(KEEP_PLATFORM_OP_VERIFY_EVIDENCE, request, size,
                                               answer, KEEP_PLATFORM_MAX_CLAIMS_SIZE, &got);
    }
    /* OE_TCB_LEVEL_INVALID comes with claims when the evidence is genuine
     * (as on the host); a malformed answer is the parser's error. */
    if ((result == OE_OK || (result == OE_TCB_LEVEL_INVALID && got)) && claims) {
        oe_result_t parsed = oe_deserialize_custom_claims(answer, got, claims, count);
        result = parsed == OE_OK ? result : parsed;
    }
    free(request);
    free(answer);
    return result;
}
