/* liboeenclave's evidence internals (attester.c, verifier.c). */
#ifndef KEEP_ENCLAVE_EVIDENCE_H
#define KEEP_ENCLAVE_EVIDENCE_H

#include <openenclave/bits/evidence.h>

/* OE's oe_attestation_header_t: u32 version (3), the format id, four
 * bytes of padding, u64 data size. */
#define KEEP_ATTESTATION_HEADER_VERSION 3u
#define KEEP_ATTESTATION_HEADER_SIZE 32

extern const oe_uuid_t keep_format_sgx_ecdsa;
extern const oe_uuid_t keep_format_local;
extern const oe_uuid_t keep_format_legacy_remote;

/* Remote evidence (SGX_ECDSA, raw quotes, legacy remote reports; format_id
 * NULL: OE's attestation header says), verified by the platform
 * (verifier_remote.c). claims may be NULL. */
oe_result_t keep_enclave_verify_remote(const oe_uuid_t *format_id, const uint8_t *evidence,
                                       size_t evidence_size, const uint8_t *endorsements,
                                       size_t endorsements_size, const oe_policy_t *policies,
                                       size_t policies_size, oe_claim_t **claims, size_t *count)
    __attribute__((warn_unused_result));

#endif
