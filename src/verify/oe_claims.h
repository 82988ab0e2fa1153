/* Building OE claims from a verification result. Internal. */
#ifndef KEEP_VERIFY_OE_CLAIMS_H
#define KEEP_VERIFY_OE_CLAIMS_H

#include <openenclave/bits/evidence.h>

#include <keep/verify.h>

/* Builds the claims for `res` (which verified). custom may be NULL.
 * *claims owned by the caller (oe_free_claims). OE_OUT_OF_MEMORY. */
oe_result_t keep_oe_claims_build(oe_claim_t** claims, size_t* count,
                                 const keep_verify_result_t* res,
                                 const oe_uuid_t* format,
                                 const uint8_t* custom, size_t custom_size);

#endif
