/* libFuzzer harness for OE report parsing (src/common/oe_report.c):
 * oe_parse_report and oe_get_target_info read reports from other enclaves
 * and from the host. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/common/oe_report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    oe_report_t parsed;
    keep_sgx_report_body body;
    bool remote;
    if (keep_oe_report_parse(data, size, &parsed, &body, &remote) != OE_OK)
        return 0;
    /* the pointers handed out lie inside the input */
    if (parsed.report_data < data || parsed.report_data + 64 > data + size ||
        parsed.enclave_report + parsed.enclave_report_size != data + size)
        __builtin_trap();
    void *info = NULL;
    size_t info_size = 0;
    if (oe_get_target_info(data, size, &info, &info_size) != OE_OK || info_size != 512)
        __builtin_trap();
    oe_free_target_info(info);
    return 0;
}
