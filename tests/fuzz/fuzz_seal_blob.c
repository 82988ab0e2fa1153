/* libFuzzer harness for the seal blob header parser
 * (src/enclave/seal_blob.c): oe_unseal reads blobs from untrusted storage.
 * What it accepts must be self-consistent. */
#include <stdint.h>
#include <string.h>

#include "../../src/enclave/seal_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    keep_seal_header h;
    if (keep_seal_blob_parse(&h, data, size) != OE_OK)
        return 0;
    if (h.total_size != size || (size_t)h.ciphertext_size + sizeof(h) != size)
        __builtin_trap();
    return 0;
}
