/* Remote reports: quotes from the platform (DCAP v3 layout, signed by the
 * platform's attestation key; docs/platform.md). */
#include <stdlib.h>
#include <string.h>

#include <openenclave/attestation/sgx/evidence.h>
#include <openenclave/enclave.h>

#include "../common/oe_report.h"
#include "enclave_state.h"
#include "evidence.h"

oe_result_t keep_enclave_remote_report(const uint8_t *report_data, size_t report_data_size,
                                       uint8_t **report, size_t *report_size)
{
    uint8_t data[KEEP_SGX_REPORT_DATA_SIZE] = {0};
    uint8_t *quote = malloc(KEEP_PLATFORM_MAX_PAYLOAD);
    size_t quote_size = 0;
    if (!quote)
        return OE_OUT_OF_MEMORY;
    if (report_data_size)
        memcpy(data, report_data, report_data_size);
    oe_result_t result = keep_enclave_platform_request(KEEP_PLATFORM_OP_QUOTE, data, sizeof(data),
                                                       quote, KEEP_PLATFORM_MAX_PAYLOAD,
                                                       &quote_size);
    if (result == OE_OK)
        result = keep_oe_report_wrap(report, report_size, KEEP_OE_REPORT_TYPE_SGX_REMOTE, quote,
                                     quote_size);
    free(quote);
    return result;
}

/* A remote report's quote, verified by the platform (VERIFY_EVIDENCE, as
 * oe_verify_evidence does for raw quotes). */
oe_result_t keep_enclave_verify_quote(const uint8_t *quote, size_t quote_size)
{
    static const oe_uuid_t raw = {OE_FORMAT_UUID_RAW_SGX_QUOTE_ECDSA};
    return keep_enclave_verify_remote(&raw, quote, quote_size, NULL, 0, NULL, 0, NULL, NULL);
}
