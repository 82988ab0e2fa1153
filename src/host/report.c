/* The host's report functions (openenclave-api.md §2.3). Reports are made
 * and local reports verified inside the enclave (the host cannot reach the
 * platform); what the enclave hands back is untrusted and re-parsed. */
#include <stdlib.h>
#include <string.h>

#include "../common/oe_report.h"
#include "host_enclave.h"
#include "host_log.h"

/* Runs a report ECALL with arena copies of `in` and an arena output. */
static oe_result_t report_ecall(oe_enclave_t *enclave, keep_ecall_kind kind, uint64_t flags,
                                const void *in, size_t in_size, uint8_t *out, size_t out_size,
                                size_t *written)
{
    void *arena_in = in_size ? keep_arena_alloc(&enclave->arena, in_size) : NULL;
    void *arena_out = out_size ? keep_arena_alloc(&enclave->arena, out_size) : NULL;
    oe_result_t result = OE_OUT_OF_MEMORY;
    *written = 0;
    if ((in_size && !arena_in) || (out_size && !arena_out))
        goto out;
    if (in_size)
        memcpy(arena_in, in, in_size);
    result = enclave->backend->ecall(enclave, kind, flags, arena_in, in_size, arena_out, out_size,
                                     written);
    if (result == OE_OK && *written > out_size)
        result = OE_UNEXPECTED;
    if (result == OE_OK && out_size)
        memcpy(out, arena_out, *written);
out:
    if (arena_in)
        keep_arena_free(&enclave->arena, arena_in);
    if (arena_out)
        keep_arena_free(&enclave->arena, arena_out);
    return result;
}

oe_result_t oe_get_report_v2(oe_enclave_t *enclave, uint32_t flags, const void *opt_params,
                             size_t opt_params_size, uint8_t **report_buffer,
                             size_t *report_buffer_size)
{
    if (!report_buffer || !report_buffer_size)
        return OE_INVALID_PARAMETER;
    *report_buffer = NULL;
    *report_buffer_size = 0;
    if (!keep_enclave_valid(enclave) || (!opt_params && opt_params_size) ||
        opt_params_size > sizeof(keep_sgx_target_info) ||
        (flags & ~(uint32_t)OE_REPORT_FLAGS_REMOTE_ATTESTATION))
        return OE_INVALID_PARAMETER;
    uint8_t *buf = malloc(OE_MAX_REPORT_SIZE);
    size_t size = 0;
    if (!buf)
        return OE_OUT_OF_MEMORY;
    oe_result_t result = report_ecall(enclave, KEEP_ECALL_GET_REPORT, flags, opt_params,
                                      opt_params_size, buf, OE_MAX_REPORT_SIZE, &size);
    oe_report_t parsed;
    if (result == OE_OK && oe_parse_report(buf, size, &parsed) != OE_OK) {
        keep_error("oe_get_report: the enclave returned a malformed report");
        result = OE_UNEXPECTED;
    }
    if (result != OE_OK) {
        free(buf);
        return result;
    }
    *report_buffer = buf;
    *report_buffer_size = size;
    return OE_OK;
}

oe_result_t oe_verify_report(oe_enclave_t *enclave, const uint8_t *report, size_t report_size,
                             oe_report_t *parsed_report)
{
    oe_report_t parsed;
    keep_sgx_report_body body;
    bool remote;
    if (!report)
        return OE_INVALID_PARAMETER;
    oe_result_t result = keep_oe_report_parse(report, report_size, &parsed, &body, &remote);
    if (result != OE_OK)
        return result;
    if (remote) {
        result = keep_host_verify_remote_report(parsed.enclave_report, parsed.enclave_report_size);
    } else if (!keep_enclave_valid(enclave)) {
        result = OE_INVALID_PARAMETER; /* only the target enclave can check a local report */
    } else {
        size_t written = 0;
        result = report_ecall(enclave, KEEP_ECALL_VERIFY_REPORT, 0, report, report_size, NULL, 0,
                              &written);
    }
    if (result == OE_OK && parsed_report)
        *parsed_report = parsed;
    return result;
}
