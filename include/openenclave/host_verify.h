/* Host-side verification of remote attestation evidence, as Open
 * Enclave's <openenclave/host_verify.h>: for programs that verify but do
 * not host enclaves (link liboehostverify, pkg-config oehostverify-*).
 *
 * Keep provides the evidence API (attestation/verifier.h, included here),
 * OE's remote report verification and OE's attested TLS certificate
 * verification. */
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

/* Verifies a remote report (oe_get_report with
 * OE_REPORT_FLAGS_REMOTE_ATTESTATION: the OE report header and a quote)
 * against `endorsements` (NULL: Keep platform quotes are checked against
 * the trusted Keep roots; Intel quotes need endorsements). On OE_OK fills
 * *parsed_report (may be NULL); its pointers point into `report`.
 * OE_UNSUPPORTED for a local report; OE_TCB_LEVEL_INVALID when the TCB
 * status is neither UpToDate nor SWHardeningNeeded. */
oe_result_t oe_verify_remote_report(const uint8_t* report, size_t report_size,
                                    const uint8_t* endorsements, size_t endorsements_size,
                                    oe_report_t* parsed_report);

/* Called with the identity in a verified attestation certificate. */
typedef oe_result_t (*oe_identity_verify_callback_t)(oe_identity_t* identity, void* arg);

/* Verifies an attested TLS certificate (DER; see
 * oe_verify_attestation_certificate_with_evidence) and passes its
 * identity to `callback` (which may be NULL). */
oe_result_t oe_verify_attestation_certificate(uint8_t* cert_in_der, size_t cert_in_der_len,
                                              oe_identity_verify_callback_t callback, void* arg);

OE_EXTERNC_END

#endif
