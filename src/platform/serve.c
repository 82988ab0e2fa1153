/* Answering requests (src/common/platform_wire.h). Every request is
 * checked for its exact size before anything reads it; trailing bytes are
 * an error. The identity served is `subject`, never one the request names. */
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "internal.h"

typedef struct reply {
    uint8_t *payload; /* KEEP_PLATFORM_MAX_PAYLOAD bytes of room */
    size_t size;
} reply;

/* One key per request, or none at all: the first refused request fails
 * the whole answer, and keys already derived for it are wiped. */
static oe_result_t do_get_key(const keep_platform *p, const keep_platform_subject *s,
                              const uint8_t *in, size_t in_size, reply *out)
{
    size_t count = in_size / sizeof(keep_sgx_key_request);
    if (!count || count > KEEP_PLATFORM_MAX_KEY_BATCH || in_size % sizeof(keep_sgx_key_request))
        return OE_INVALID_PARAMETER;
    oe_result_t result = OE_OK;
    for (size_t i = 0; i < count && result == OE_OK; i++) {
        keep_sgx_key_request request;
        memcpy(&request, in + i * sizeof(request), sizeof(request));
        result = keep_pf_get_key(p, s, &request, out->payload + i * KEEP_PLATFORM_KEY_SIZE);
    }
    if (result != OE_OK)
        OPENSSL_cleanse(out->payload, count * KEEP_PLATFORM_KEY_SIZE);
    out->size = result == OE_OK ? count * KEEP_PLATFORM_KEY_SIZE : 0;
    return result;
}

static oe_result_t do_report(const keep_platform *p, const keep_platform_subject *s,
                             const uint8_t *in, size_t in_size, reply *out)
{
    if (in_size != sizeof(keep_platform_report_request))
        return OE_INVALID_PARAMETER;
    keep_platform_report_request request;
    memcpy(&request, in, sizeof(request));
    keep_sgx_report report;
    keep_pf_report_body(&report.body, p, s, request.report_data);
    if (RAND_bytes(report.key_id, sizeof(report.key_id)) != 1)
        return OE_CRYPTO_ERROR;
    oe_result_t result = keep_pf_report_mac(p, request.target.mr_enclave, &report, report.mac);
    if (result != OE_OK)
        return result;
    memcpy(out->payload, &report, sizeof(report));
    out->size = sizeof(report);
    return OE_OK;
}

/* Only the target can check a report: the MAC key is derived for the
 * caller's own MRENCLAVE. */
static oe_result_t do_verify_report(const keep_platform *p, const keep_platform_subject *s,
                                    const uint8_t *in, size_t in_size)
{
    if (in_size != sizeof(keep_sgx_report))
        return OE_INVALID_PARAMETER;
    keep_sgx_report report;
    memcpy(&report, in, sizeof(report));
    uint8_t mac[KEEP_SGX_MAC_SIZE];
    oe_result_t result = keep_pf_report_mac(p, s->mr_enclave, &report, mac);
    if (result == OE_OK && CRYPTO_memcmp(mac, report.mac, sizeof(mac)) != 0)
        result = OE_VERIFY_FAILED_AES_CMAC_MISMATCH;
    OPENSSL_cleanse(mac, sizeof(mac));
    return result;
}

static oe_result_t do_quote(const keep_platform *p, const keep_platform_subject *s,
                            const uint8_t *in, size_t in_size, reply *out)
{
    if (in_size != KEEP_SGX_REPORT_DATA_SIZE)
        return OE_INVALID_PARAMETER;
    if (!p->attest_key)
        return OE_UNSUPPORTED;
    out->size = keep_pf_quote(p, s, in, out->payload, KEEP_PLATFORM_MAX_PAYLOAD);
    return out->size ? OE_OK : OE_CRYPTO_ERROR;
}

/* Remote evidence: verified by the installed verifier (liboehostverify's,
 * the host's code); the answer is claims, nothing signed. */
static oe_result_t do_verify_evidence(const keep_platform *p, const uint8_t *in, size_t in_size,
                                      reply *out)
{
    if (!p->verifier)
        return OE_UNSUPPORTED;
    return p->verifier(p->verifier_ctx, p->simulation, in, in_size, out->payload,
                       KEEP_PLATFORM_MAX_PAYLOAD, &out->size);
}

void keep_platform_set_verifier(keep_platform *platform, keep_platform_verifier verifier,
                                const void *ctx)
{
    platform->verifier = verifier;
    platform->verifier_ctx = ctx;
}

static oe_result_t dispatch(const keep_platform *p, const keep_platform_subject *s, uint16_t op,
                            const uint8_t *in, size_t in_size, reply *out)
{
    switch (op) {
    case KEEP_PLATFORM_OP_GET_KEY:
        return do_get_key(p, s, in, in_size, out);
    case KEEP_PLATFORM_OP_REPORT:
        return do_report(p, s, in, in_size, out);
    case KEEP_PLATFORM_OP_VERIFY_REPORT:
        return do_verify_report(p, s, in, in_size);
    case KEEP_PLATFORM_OP_QUOTE:
        return do_quote(p, s, in, in_size, out);
    case KEEP_PLATFORM_OP_VERIFY_EVIDENCE:
        return do_verify_evidence(p, in, in_size, out);
    default:
        return OE_INVALID_PARAMETER;
    }
}

size_t keep_platform_serve(const keep_platform *platform, const keep_platform_subject *subject,
                           const uint8_t *request, size_t request_size, uint8_t *response)
{
    keep_platform_request_header in = {0};
    keep_platform_response_header head = {.magic = KEEP_PLATFORM_WIRE_MAGIC};
    reply out = {.payload = response + sizeof(head)};
    oe_result_t result = OE_INVALID_PARAMETER;
    if (request_size >= sizeof(in) && request_size <= KEEP_PLATFORM_MAX_MESSAGE) {
        memcpy(&in, request, sizeof(in));
        if (in.magic == KEEP_PLATFORM_WIRE_MAGIC && in.version == KEEP_PLATFORM_WIRE_VERSION &&
            in.reserved == 0 && in.size == request_size - sizeof(in))
            result = dispatch(platform, subject, in.op, request + sizeof(in), in.size, &out);
    }
    /* Genuine evidence with a TCB status OE does not accept keeps its
     * claims, as the host's oe_verify_evidence returns them. */
    bool claims_stay = result == OE_TCB_LEVEL_INVALID && in.op == KEEP_PLATFORM_OP_VERIFY_EVIDENCE;
    if (result != OE_OK && !claims_stay) {
        OPENSSL_cleanse(out.payload, out.size);
        out.size = 0;
    }
    head.result = (uint32_t)result;
    head.size = (uint32_t)out.size;
    memcpy(response, &head, sizeof(head));
    return sizeof(head) + out.size;
}
