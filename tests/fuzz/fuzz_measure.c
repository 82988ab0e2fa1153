/* libFuzzer harness for reading an enclave image's identity
 * (src/common/identity.c, measure.c, oeinfo.c and the ELF program header
 * reader): what the loader, oesign and keep info run on untrusted images. */
#include <stdint.h>
#include <string.h>

#include "../../src/common/identity.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    keep_identity id;
    keep_why why = {{0}};
    oe_result_t result = keep_identity_read(&id, data, size, &why);
    if (result != OE_OK && !why.text[0] && result != OE_CRYPTO_ERROR &&
        result != OE_OUT_OF_MEMORY)
        __builtin_trap(); /* a refusal without a reason */
    return 0;
}
