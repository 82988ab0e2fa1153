/* libFuzzer harness for the platform's request server
 * (src/platform/serve.c), which parses every request an enclave sends to
 * the platform child (src/common/platform_wire.h). Runs on the simulation
 * platform; every answer must be a well-formed response. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/common/platform_wire.h"
#include "../../src/platform/platform.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static keep_platform *platform;
static uint8_t response[KEEP_PLATFORM_MAX_MESSAGE];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!platform && keep_platform_open_sim(&platform) != OE_OK)
        __builtin_trap();
    keep_platform_subject subject;
    memset(&subject, 0x5a, sizeof(subject));
    subject.isv_svn = 3;
    size_t n = keep_platform_serve(platform, &subject, data, size, response);
    keep_platform_response_header head;
    if (n < sizeof(head) || n > KEEP_PLATFORM_MAX_MESSAGE)
        __builtin_trap();
    memcpy(&head, response, sizeof(head));
    /* Only OE_OK, and OE_TCB_LEVEL_INVALID answering VERIFY_EVIDENCE (its
     * claims), carry a payload. */
    bool claims = head.result == OE_TCB_LEVEL_INVALID && size >= 8 &&
                  data[6] == KEEP_PLATFORM_OP_VERIFY_EVIDENCE && data[7] == 0;
    if (head.magic != KEEP_PLATFORM_WIRE_MAGIC || head.size != n - sizeof(head) ||
        (head.result != OE_OK && !claims && head.size != 0))
        __builtin_trap();
    return 0;
}
