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

#endif
