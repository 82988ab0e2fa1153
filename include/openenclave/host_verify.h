/* Host-side verification of remote attestation evidence, as Open
 * Enclave's <openenclave/host_verify.h>: for programs that verify but do
 * not host enclaves (link liboehostverify, pkg-config oehostverify-*).
 *
 * Keep provides the evidence API (attestation/verifier.h, included here)
 * and OE's attested TLS certificate verification; OE's report-based
 * oe_verify_remote_report() is not provided yet (docs/verification.md). */
#ifndef _OE_HOST_VERIFY_H
#define _OE_HOST_VERIFY_H

#ifdef _OE_ENCLAVE_H
#error "enclave.h must not be in the same compilation unit as host_verify.h"
#endif

#include "attestation/verifier.h"
#include "bits/defs.h"
#include "bits/evidence.h"
#include "bits/report.h"
#include "bits/result.h"

OE_EXTERNC_BEGIN

/* Called with the identity in a verified attestation certificate. */
typedef oe_result_t (*oe_identity_verify_callback_t)(oe_identity_t* identity, void* arg);

/* Verifies an attested TLS certificate (DER; see
 * oe_verify_attestation_certificate_with_evidence) and passes its
 * identity to `callback` (which may be NULL). */
oe_result_t oe_verify_attestation_certificate(uint8_t* cert_in_der, size_t cert_in_der_len,
                                              oe_identity_verify_callback_t callback, void* arg);

OE_EXTERNC_END

#endif
