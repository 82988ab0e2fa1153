/* See seal_internal.h: the seal blob header, read from untrusted storage,
 * checked before anything is derived or allocated. */
#include <string.h>

#include "seal_internal.h"

oe_result_t keep_seal_blob_parse(keep_seal_header *h, const uint8_t *blob, size_t blob_size)
{
    static const uint8_t zero[sizeof(h->reserved)];
    if (!blob || blob_size < sizeof(*h) || blob_size - sizeof(*h) > KEEP_SEAL_MAX_PLAINTEXT)
        return OE_INVALID_PARAMETER;
    memcpy(h, blob, sizeof(*h));
    if (h->total_size != blob_size || h->ciphertext_size != blob_size - sizeof(*h) ||
        memcmp(h->reserved, zero, sizeof(zero)) != 0)
        return OE_INVALID_PARAMETER;
    return OE_OK;
}
