/* VERIFY_EVIDENCE for the Keep platform (platform_verify.h). The request
 * comes from an enclave and is untrusted: every size is checked against
 * the payload before use, trailing bytes are an error. The answer is the
 * claims of evidence the host's verifier accepted; nothing is signed. */
#include "platform_verify.h"

#include <stdlib.h>
#include <string.h>

#include <openenclave/attestation/custom_claims.h>

#include "../common/platform_wire.h"

typedef struct verify_request {
    keep_platform_verify_request head;
    const uint8_t *evidence;
    const uint8_t *endorsements;
} verify_request;

static oe_result_t parse(verify_request *r, const uint8_t *in, size_t size)
{
    if (!in || size < sizeof(r->head))
        return OE_INVALID_PARAMETER;
    memcpy(&r->head, in, sizeof(r->head));
    size_t rest = size - sizeof(r->head);
    if ((r->head.flags & ~KEEP_PLATFORM_VERIFY_FLAGS) || r->head.reserved ||
        r->head.evidence_size == 0 || r->head.evidence_size > rest ||
        r->head.endorsements_size != rest - r->head.evidence_size)
        return OE_INVALID_PARAMETER;
    r->evidence = in + sizeof(r->head);
    r->endorsements = r->head.endorsements_size ? r->evidence + r->head.evidence_size : NULL;
    return OE_OK;
}

static oe_result_t put_claims(const oe_claim_t *claims, size_t count, uint8_t *out,
                              size_t capacity, size_t *written)
{
    uint8_t *buf = NULL;
    size_t size = 0;
    oe_result_t r = oe_serialize_custom_claims(claims, count, &buf, &size);
    if (r == OE_OK && size > capacity)
        r = OE_BUFFER_TOO_SMALL;
    if (r == OE_OK) {
        memcpy(out, buf, size);
        *written = size;
    }
    free(buf);
    return r;
}

oe_result_t keep_verify_platform_request(const void *ctx, bool simulation,
                                         const uint8_t *request, size_t size, uint8_t *out,
                                         size_t out_capacity, size_t *written)
{
    verify_request r;
    *written = 0;
    if (!ctx && !simulation)
        return OE_UNSUPPORTED; /* a confined platform must bring its roots */
    if (!ctx) /* the simulation platform, in the host: what a sandbox platform trusts */
        ctx = keep_root_platform_config();
    oe_result_t result = parse(&r, request, size);
    if (result != OE_OK)
        return result;
    const keep_platform_datetime *t = &r.head.time;
    oe_datetime_t when = {t->year, t->month, t->day, t->hours, t->minutes, t->seconds};
    oe_policy_t policy = {OE_POLICY_ENDORSEMENTS_TIME, &when, sizeof(when)};
    int has_time = (r.head.flags & KEEP_PLATFORM_VERIFY_HAS_TIME) != 0;
    int allow = simulation && (r.head.flags & KEEP_PLATFORM_VERIFY_ALLOW_SIMULATION);
    oe_uuid_t id;
    memcpy(id.b, r.head.format_id, sizeof(id.b));
    oe_claim_t *claims = NULL;
    size_t count = 0;
    result = keep_verify_evidence_with(
        ctx, allow, (r.head.flags & KEEP_PLATFORM_VERIFY_HAS_FORMAT) ? &id : NULL, r.evidence,
        r.head.evidence_size, r.endorsements, r.head.endorsements_size,
        has_time ? &policy : NULL, has_time ? 1 : 0, &claims, &count);
    /* OE_TCB_LEVEL_INVALID with claims: genuine evidence whose TCB status
     * OE does not accept; the claims travel too when the caller takes them
     * (platform_wire.h). */
    bool tcb_claims = result == OE_TCB_LEVEL_INVALID &&
                      (r.head.flags & KEEP_PLATFORM_VERIFY_TCB_CLAIMS);
    if ((result == OE_OK || tcb_claims) && claims) {
        oe_result_t put = put_claims(claims, count, out, out_capacity, written);
        result = put == OE_OK ? result : put;
    }
    oe_free_claims(claims, count);
    return result;
}
