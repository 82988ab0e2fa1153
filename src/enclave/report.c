/* Reports inside the enclave (openenclave-api.md §2.3): local reports are
 * SGX reports MACed by the platform for a target enclave; only the target
 * can verify them (the platform derives the MAC key from the caller's own
 * identity). Remote reports are quotes (quote.c). */
#include <stdlib.h>
#include <string.h>

#include <openenclave/bits/report.h>
#include <openenclave/enclave.h>

#include "../common/oe_report.h"
#include "enclave_state.h"

static oe_result_t local_report(const uint8_t *report_data, size_t report_data_size,
                                const void *opt_params, size_t opt_params_size,
                                keep_sgx_report *report)
{
    keep_platform_report_request request;
    memset(&request, 0, sizeof(request));
    if (opt_params && opt_params_size != sizeof(request.target))
        return OE_INVALID_PARAMETER;
    if (opt_params)
        memcpy(&request.target, opt_params, sizeof(request.target));
    if (report_data_size)
        memcpy(request.report_data, report_data, report_data_size);
    size_t written = 0;
    oe_result_t result = keep_enclave_platform_request(
        KEEP_PLATFORM_OP_REPORT, &request, sizeof(request), report, sizeof(*report), &written);
    return result == OE_OK && written != sizeof(*report) ? OE_PLATFORM_ERROR : result;
}

oe_result_t oe_get_report_v2(uint32_t flags, const uint8_t *report_data, size_t report_data_size,
                             const void *opt_params, size_t opt_params_size,
                             uint8_t **report_buffer, size_t *report_buffer_size)
{
    if (!report_buffer || !report_buffer_size)
        return OE_INVALID_PARAMETER;
    *report_buffer = NULL;
    *report_buffer_size = 0;
    if ((flags & ~(uint32_t)OE_REPORT_FLAGS_REMOTE_ATTESTATION) ||
        report_data_size > OE_REPORT_DATA_SIZE || (!report_data && report_data_size) ||
        (!opt_params && opt_params_size))
        return OE_INVALID_PARAMETER;
    if (flags & OE_REPORT_FLAGS_REMOTE_ATTESTATION)
        return keep_enclave_remote_report(report_data, report_data_size, report_buffer,
                                          report_buffer_size);
    keep_sgx_report report;
    oe_result_t result =
        local_report(report_data, report_data_size, opt_params, opt_params_size, &report);
    if (result == OE_OK)
        result = keep_oe_report_wrap(report_buffer, report_buffer_size,
                                     KEEP_OE_REPORT_TYPE_SGX_LOCAL, &report, sizeof(report));
    return result;
}

oe_result_t oe_verify_report(const uint8_t *report, size_t report_size, oe_report_t *parsed_report)
{
    oe_report_t parsed;
    keep_sgx_report_body body;
    bool remote;
    if (!report)
        return OE_INVALID_PARAMETER;
    oe_result_t result = keep_oe_report_parse(report, report_size, &parsed, &body, &remote);
    if (result != OE_OK)
        return result;
    if (remote)
        result = keep_enclave_verify_quote(parsed.enclave_report, parsed.enclave_report_size);
    else
        result = keep_enclave_platform_request(KEEP_PLATFORM_OP_VERIFY_REPORT,
                                               parsed.enclave_report, sizeof(keep_sgx_report),
                                               NULL, 0, NULL);
    if (result == OE_OK && parsed_report)
        *parsed_report = parsed;
    return result;
}

/* The host's requests: arena buffers, copied in before use. */
oe_result_t keep_enclave_report_ecall(keep_ecall_kind kind, uint64_t flags, const void *host_in,
                                      size_t in_size, void *host_out, size_t out_size,
                                      size_t *out_written)
{
    uint8_t in[OE_MAX_REPORT_SIZE];
    if (in_size > sizeof(in) || (in_size && !keep_in_arena(host_in, in_size)) ||
        (out_size && !keep_in_arena(host_out, out_size)) || flags > UINT32_MAX)
        return OE_INVALID_PARAMETER;
    if (in_size)
        memcpy(in, host_in, in_size);
    if (kind == KEEP_ECALL_VERIFY_REPORT)
        return oe_verify_report(in, in_size, NULL);
    uint8_t *report = NULL;
    size_t report_size = 0;
    oe_result_t result = oe_get_report_v2((uint32_t)flags, NULL, 0, in_size ? in : NULL, in_size,
                                          &report, &report_size);
    if (result == OE_OK && report_size > out_size)
        result = OE_BUFFER_TOO_SMALL;
    if (result == OE_OK) {
        memcpy(host_out, report, report_size);
        *out_written = report_size;
    }
    free(report);
    return result;
}
