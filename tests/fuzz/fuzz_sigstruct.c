/* libFuzzer harness for the SIGSTRUCT parser and verifier
 * (src/common/sigstruct*.c), which read the SIGSTRUCT of an untrusted image
 * before anything else has checked it. */
#include <stdint.h>
#include <string.h>

#include "../../src/common/sigstruct.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    keep_sigstruct s;
    keep_why why = {{0}};
    uint8_t digest[KEEP_SHA256_SIZE];
    if (keep_sigstruct_parse(&s, data, size, &why) != OE_OK)
        return 0;
    if (keep_sigstruct_digest(digest, &s) != OE_OK || keep_sigstruct_mrsigner(digest, &s) != OE_OK)
        __builtin_trap();
    /* Verification must give an answer for any modulus and signature, and
     * a refusal must say why. */
    oe_result_t result = keep_sigstruct_verify(&s, &why);
    if (result == OE_INVALID_IMAGE && !why.text[0])
        __builtin_trap();
    return 0;
}
