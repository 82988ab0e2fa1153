/* libFuzzer harness for oe_deserialize_custom_claims
 * (src/common/custom_claims.c), which parses the custom claims inside
 * evidence from another party. What it accepts must serialise back to the
 * same bytes (the layout is canonical). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openenclave/attestation/custom_claims.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    oe_claim_t *claims = NULL;
    size_t count = 0;
    if (oe_deserialize_custom_claims(data, size, &claims, &count) != OE_OK)
        return 0;
    uint8_t *again = NULL;
    size_t again_size = 0;
    if (oe_serialize_custom_claims(claims, count, &again, &again_size) != OE_OK ||
        again_size != size || memcmp(again, data, size) != 0)
        __builtin_trap();
    oe_free_serialized_custom_claims(again);
    oe_free_custom_claims(claims, count);
    return 0;
}
