/* oe_get_evidence and friends inside the enclave (openenclave-api.md
 * §2.5). The custom claims are bound by their SHA-256 in the report data;
 * nothing else of the caller's becomes part of what the platform signs. */
#include <stdlib.h>
#include <string.h>

#include <openssl/sha.h>

#include <openenclave/attestation/attester.h>
#include <openenclave/attestation/sgx/evidence.h>
#include <openenclave/enclave.h>

#include "../common/oe_report.h"
#include "enclave_state.h"
#include "evidence.h"

const oe_uuid_t keep_format_sgx_ecdsa = {OE_FORMAT_UUID_SGX_ECDSA};
const oe_uuid_t keep_format_local = {OE_FORMAT_UUID_SGX_LOCAL_ATTESTATION};
const oe_uuid_t keep_format_legacy_remote = {OE_FORMAT_UUID_LEGACY_REPORT_REMOTE};

static bool same(const oe_uuid_t *a, const oe_uuid_t *b)
{
    return memcmp(a->b, b->b, OE_UUID_SIZE) == 0;
}

oe_result_t oe_attester_initialize(void)
{
    return OE_OK;
}

oe_result_t oe_attester_shutdown(void)
{
    return OE_OK;
}

oe_result_t oe_attester_select_format(const oe_uuid_t *format_ids, size_t format_ids_length,
                                      oe_uuid_t *selected_format_id)
{
    if (!format_ids || !format_ids_length || !selected_format_id)
        return OE_INVALID_PARAMETER;
    for (size_t i = 0; i < format_ids_length; i++)
        if (same(&format_ids[i], &keep_format_sgx_ecdsa) ||
            same(&format_ids[i], &keep_format_local) ||
            same(&format_ids[i], &keep_format_legacy_remote)) {
            *selected_format_id = format_ids[i];
            return OE_OK;
        }
    return OE_NOT_FOUND;
}

/* The report (local: the raw SGX report; remote: the quote, or for the
 * legacy format the whole OE report) for `report_data`. */
static oe_result_t make_report(const oe_uuid_t *id, const uint8_t data[64], const void *target,
                               size_t target_size, uint8_t **out, size_t *out_size)
{
    bool local = same(id, &keep_format_local), legacy = same(id, &keep_format_legacy_remote);
    uint8_t *report = NULL;
    size_t size = 0;
    oe_result_t result = oe_get_report(local ? 0 : OE_REPORT_FLAGS_REMOTE_ATTESTATION, data, 64,
                                       local ? target : NULL, local ? target_size : 0, &report,
                                       &size);
    if (result != OE_OK)
        return result;
    size_t skip = legacy ? 0 : sizeof(keep_oe_report_header);
    *out = malloc(size - skip);
    if (!*out) {
        free(report);
        return OE_OUT_OF_MEMORY;
    }
    memcpy(*out, report + skip, size - skip);
    *out_size = size - skip;
    free(report);
    return OE_OK;
}

/* [header] ‖ report ‖ custom claims (the legacy format has no claims). */
static oe_result_t assemble(const oe_uuid_t *id, uint32_t flags, const uint8_t *report,
                            size_t report_size, const void *claims, size_t claims_size,
                            uint8_t **out, size_t *out_size)
{
    bool header = flags & OE_EVIDENCE_FLAGS_EMBED_FORMAT_ID;
    size_t head = header ? KEEP_ATTESTATION_HEADER_SIZE : 0;
    size_t total = head + report_size + claims_size;
    uint8_t *buf = calloc(1, total);
    if (!buf)
        return OE_OUT_OF_MEMORY;
    if (header) {
        uint32_t version = KEEP_ATTESTATION_HEADER_VERSION;
        uint64_t data_size = report_size + claims_size;
        memcpy(buf, &version, 4);
        memcpy(buf + 4, id->b, OE_UUID_SIZE);
        memcpy(buf + 24, &data_size, 8);
    }
    memcpy(buf + head, report, report_size);
    if (claims_size)
        memcpy(buf + head + report_size, claims, claims_size);
    *out = buf;
    *out_size = total;
    return OE_OK;
}

static oe_result_t check_args(const oe_uuid_t *id, uint32_t flags, const void *claims,
                              size_t claims_size, const void *opt, size_t opt_size)
{
    if (!id || (flags & ~(uint32_t)OE_EVIDENCE_FLAGS_EMBED_FORMAT_ID) ||
        (!claims && claims_size) || (!opt && opt_size))
        return OE_INVALID_PARAMETER;
    if (!same(id, &keep_format_sgx_ecdsa) && !same(id, &keep_format_local) &&
        !same(id, &keep_format_legacy_remote))
        return OE_NOT_FOUND;
    if (same(id, &keep_format_legacy_remote) && claims_size > OE_REPORT_DATA_SIZE)
        return OE_INVALID_PARAMETER;
    return OE_OK;
}

oe_result_t oe_get_evidence(const oe_uuid_t *format_id, uint32_t flags,
                            const void *custom_claims_buffer, size_t custom_claims_buffer_size,
                            const void *optional_parameters, size_t optional_parameters_size,
                            uint8_t **evidence_buffer, size_t *evidence_buffer_size,
                            uint8_t **endorsements_buffer, size_t *endorsements_buffer_size)
{
    if (!evidence_buffer || !evidence_buffer_size ||
        (!endorsements_buffer) != (!endorsements_buffer_size))
        return OE_INVALID_PARAMETER;
    *evidence_buffer = NULL;
    *evidence_buffer_size = 0;
    if (endorsements_buffer) {
        *endorsements_buffer = NULL;
        *endorsements_buffer_size = 0;
    }
    oe_result_t result = check_args(format_id, flags, custom_claims_buffer,
                                    custom_claims_buffer_size, optional_parameters,
                                    optional_parameters_size);
    if (result != OE_OK)
        return result;
    bool legacy = same(format_id, &keep_format_legacy_remote);
    uint8_t data[64] = {0}, *report = NULL;
    size_t report_size = 0;
    if (legacy && custom_claims_buffer_size)
        memcpy(data, custom_claims_buffer, custom_claims_buffer_size);
    else if (!legacy)
        SHA256(custom_claims_buffer ? custom_claims_buffer : (const void *)"",
               custom_claims_buffer_size, data);
    result = make_report(format_id, data, optional_parameters, optional_parameters_size, &report,
                         &report_size);
    if (result == OE_OK)
        result = assemble(format_id, flags, report, report_size,
                          legacy ? NULL : custom_claims_buffer,
                          legacy ? 0 : custom_claims_buffer_size, evidence_buffer,
                          evidence_buffer_size);
    free(report);
    return result;
}

oe_result_t oe_free_evidence(uint8_t *evidence_buffer)
{
    free(evidence_buffer);
    return OE_OK;
}

oe_result_t oe_free_endorsements(uint8_t *endorsements_buffer)
{
    free(endorsements_buffer);
    return OE_OK;
}
