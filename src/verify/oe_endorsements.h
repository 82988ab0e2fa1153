/* OE's SGX endorsements buffer (oe_endorsements_t) as collateral.
 * Internal to liboehostverify. */
#ifndef KEEP_VERIFY_OE_ENDORSEMENTS_H
#define KEEP_VERIFY_OE_ENDORSEMENTS_H

#include <keep/verify.h>

/* Layout facts of OE's <openenclave/bits/attestation.h>. */
#define KEEP_OE_ENDORSEMENT_VERSION 1
#define KEEP_OE_SGX_ENDORSEMENTS_VERSION 1
#define KEEP_OE_ENCLAVE_TYPE_SGX 2
#define KEEP_OE_SGX_ENDORSEMENT_COUNT 9
#define KEEP_OE_FIELD_VERSION 0
#define KEEP_OE_FIELD_CREATION_DATETIME 8
#define KEEP_OE_ENDORSEMENT_HEADER_SIZE 16
#define KEEP_OE_ENDORSEMENT_MAX_SIZE (64 * 1024)

/* Adds the endorsements' items to `coll` (each recognised by content) and
 * returns their creation time in *created (0 when absent). A buffer that is
 * not an oe_endorsements_t is added as one collateral blob instead.
 * OE_INVALID_ENDORSEMENT on a malformed layout. */
oe_result_t keep_oe_endorsements_load(keep_verify_collateral_t* coll,
                                      int64_t* created, const uint8_t* buf,
                                      size_t len);

#endif
