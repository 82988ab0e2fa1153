/* The enclave's way to the platform (src/common/platform_wire.h): one
 * request, one response, both in enclave memory. The response comes from
 * the platform, not the host, but is still checked for shape: its magic,
 * that its size is what it says, and that it fits the caller's buffer. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <openenclave/enclave.h>

#include "../common/platform_wire.h"
#include "enclave_state.h"

/* OE_TCB_LEVEL_INVALID answering VERIFY_EVIDENCE may carry claims
 * (platform_wire.h); every other failure carries nothing. */
static oe_result_t check_response(uint16_t op, const uint8_t *response, size_t written,
                                  size_t out_size, keep_platform_response_header *head)
{
    if (written < sizeof(*head))
        return OE_PLATFORM_ERROR;
    memcpy(head, response, sizeof(*head));
    if (head->magic != KEEP_PLATFORM_WIRE_MAGIC || head->size != written - sizeof(*head))
        return OE_PLATFORM_ERROR;
    if (!oe_is_valid_result(head->result))
        return OE_PLATFORM_ERROR;
    bool may_carry = head->result == OE_OK || (head->result == OE_TCB_LEVEL_INVALID &&
                                               op == KEEP_PLATFORM_OP_VERIFY_EVIDENCE);
    if (head->size && !may_carry)
        return OE_PLATFORM_ERROR;
    if (head->size > out_size)
        return OE_BUFFER_TOO_SMALL;
    return (oe_result_t)head->result;
}

oe_result_t keep_enclave_platform_request(uint16_t op, const void *payload, size_t payload_size,
                                          void *out, size_t out_size, size_t *out_written)
{
    if (out_written)
        *out_written = 0;
    if (!keep_enclave_host || !keep_enclave_host->platform_call)
        return OE_PLATFORM_ERROR;
    if (payload_size > KEEP_PLATFORM_MAX_PAYLOAD || out_size > KEEP_PLATFORM_MAX_PAYLOAD)
        return OE_INVALID_PARAMETER;
    keep_platform_request_header head = {KEEP_PLATFORM_WIRE_MAGIC, KEEP_PLATFORM_WIRE_VERSION, op,
                                         (uint32_t)payload_size, 0};
    keep_platform_response_header answer = {0};
    size_t request_size = sizeof(head) + payload_size;
    size_t response_size = sizeof(answer) + out_size; /* room for what the caller takes */
    uint8_t *request = malloc(request_size);
    uint8_t *response = malloc(response_size);
    oe_result_t result = OE_OUT_OF_MEMORY;
    size_t written = 0;
    if (!request || !response)
        goto out;
    memcpy(request, &head, sizeof(head));
    if (payload_size)
        memcpy(request + sizeof(head), payload, payload_size);
    result = keep_enclave_host->platform_call(keep_enclave_host->ctx, request, request_size,
                                              response, response_size, &written);
    if (result == OE_OK && written > response_size)
        result = OE_PLATFORM_ERROR;
    if (result == OE_OK)
        result = check_response(op, response, written, out_size, &answer);
    if ((result == OE_OK || result == OE_TCB_LEVEL_INVALID) && answer.size)
        memcpy(out, response + sizeof(answer), answer.size);
    if ((result == OE_OK || result == OE_TCB_LEVEL_INVALID) && out_written)
        *out_written = answer.size;
out:
    if (request)
        explicit_bzero(request, request_size);
    if (response)
        explicit_bzero(response, written < response_size ? written : response_size);
    free(request);
    free(response);
    return result;
}

oe_result_t keep_enclave_self_report(keep_sgx_report *report,
                                     const uint8_t report_data[KEEP_SGX_REPORT_DATA_SIZE])
{
    keep_platform_report_request request;
    memset(&request, 0, sizeof(request));
    if (report_data)
        memcpy(request.report_data, report_data, sizeof(request.report_data));
    size_t written = 0;
    oe_result_t result = keep_enclave_platform_request(KEEP_PLATFORM_OP_REPORT, &request,
                                                       sizeof(request), report, sizeof(*report),
                                                       &written);
    if (result == OE_OK && written != sizeof(*report))
        result = OE_PLATFORM_ERROR;
    return result;
}
