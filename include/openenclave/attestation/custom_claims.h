/* Custom claims: serialising application claims into the buffer evidence
 * carries (openenclave-api.md §2.5), in Open Enclave's layout: a header
 * {u64 version = 1, u64 claim count}, then per claim {u64 name size (with
 * its NUL), u64 value size, name, value}, little-endian. Host and enclave. */
#ifndef _OE_ATTESTATION_CUSTOM_CLAIMS_H
#define _OE_ATTESTATION_CUSTOM_CLAIMS_H

#include "../bits/defs.h"
#include "../bits/evidence.h"
#include "../bits/result.h"

OE_EXTERNC_BEGIN

#define OE_CUSTOM_CLAIMS_VERSION 1

/* Serialises `claims` (NULL: none) into *claims_out, freed with
 * oe_free_serialized_custom_claims(). OE_INVALID_PARAMETER for a claim
 * without a name or with a NULL value of non-zero size. */
oe_result_t oe_serialize_custom_claims(const oe_claim_t* custom_claims,
                                       size_t custom_claims_length, uint8_t** claims_out,
                                       size_t* claims_size_out);

/* Parses a buffer made by oe_serialize_custom_claims. OE_CONSTRAINT_FAILED
 * when it is malformed: sizes beyond the buffer, a name without its NUL, a
 * wrong version, more than 4096 claims, or trailing bytes. *claims_out is
 * freed with oe_free_custom_claims(). */
oe_result_t oe_deserialize_custom_claims(const uint8_t* claims_buffer, size_t claims_buffer_size,
                                         oe_claim_t** claims_out, size_t* claims_length_out);

oe_result_t oe_free_serialized_custom_claims(uint8_t* custom_claims_buffer);
oe_result_t oe_free_custom_claims(oe_claim_t* claims, size_t claims_length);

OE_EXTERNC_END

#endif
