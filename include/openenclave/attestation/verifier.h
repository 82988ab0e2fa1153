/* Evidence verification (host and enclave), as Open Enclave's
 * <openenclave/attestation/verifier.h> (openenclave-api.md §2.6).
 *
 * Keep's host implementation (liboehostverify) verifies
 * OE_FORMAT_UUID_SGX_ECDSA and OE_FORMAT_UUID_RAW_SGX_QUOTE_ECDSA evidence
 * (DCAP quote v3) offline against the endorsements given; see
 * docs/verification.md. */
#ifndef _OE_ATTESTATION_VERIFIER_H
#define _OE_ATTESTATION_VERIFIER_H

#include "../bits/defs.h"
#include "../bits/evidence.h"
#include "../bits/result.h"
#include "../bits/types.h"

OE_EXTERNC_BEGIN

/* Initialises the verifier plugins. Idempotent. */
oe_result_t oe_verifier_initialize(void);

/* The formats this verifier accepts. *format_ids is owned by the caller and
 * freed with oe_verifier_free_formats(). */
oe_result_t oe_verifier_get_formats(oe_uuid_t** format_ids,
                                    size_t* format_ids_length);
oe_result_t oe_verifier_free_formats(oe_uuid_t* format_ids);

/* Format settings for an attester (none for SGX ECDSA: *settings = NULL,
 * *settings_size = 0). */
oe_result_t oe_verifier_get_format_settings(const oe_uuid_t* format_id,
                                            uint8_t** settings,
                                            size_t* settings_size);
oe_result_t oe_verifier_free_format_settings(uint8_t* settings);

/* Verifies evidence with its endorsements (OE's oe_endorsements_t layout,
 * or any collateral keep_verify_collateral_add() recognises). format_id
 * NULL means the evidence starts with an attestation header naming it.
 * Policies: OE_POLICY_ENDORSEMENTS_TIME (oe_datetime_t) sets the time;
 * otherwise the endorsements' creation time, otherwise now.
 * On OE_OK or OE_TCB_LEVEL_INVALID (TCB status other than UpToDate and
 * SWHardeningNeeded) *claims holds the claims, to be freed with
 * oe_free_claims(). */
oe_result_t oe_verify_evidence(const oe_uuid_t* format_id,
                               const uint8_t* evidence_buffer,
                               size_t evidence_buffer_size,
                               const uint8_t* endorsements_buffer,
                               size_t endorsements_buffer_size,
                               const oe_policy_t* policies,
                               size_t policies_size, oe_claim_t** claims,
                               size_t* claims_length);

/* Frees claims from oe_verify_evidence(). NULL is fine. */
oe_result_t oe_free_claims(oe_claim_t* claims, size_t claims_length);

oe_result_t oe_verifier_shutdown(void);

/* Called with the claims of a verified attestation certificate; a result
 * other than OE_OK fails the verification. */
typedef oe_result_t (*oe_verify_claims_callback_t)(oe_claim_t* claims, size_t claims_length,
                                                   void* arg);

/* Verifies an attested TLS certificate (DER): its self-signature, the
 * evidence in extension 1.3.6.1.4.1.311.105.2 (or OE's legacy OIDs) with
 * oe_verify_evidence, and that the evidence binds the certificate's public
 * key. v2 returns the claims (free with oe_free_claims()); v1 hands them
 * to `callback` (if not NULL) and frees them. Inside an enclave only the
 * evidence formats oe_verify_evidence supports there can be verified. */
oe_result_t oe_verify_attestation_certificate_with_evidence_v2(
    uint8_t* certificate_in_der, size_t certificate_in_der_size, uint8_t* endorsements_buffer,
    size_t endorsements_buffer_size, oe_policy_t* policies, size_t policies_size,
    oe_claim_t** claims, size_t* claims_length);
oe_result_t oe_verify_attestation_certificate_with_evidence(uint8_t* cert_in_der,
                                                            size_t cert_in_der_len,
                                                            oe_verify_claims_callback_t callback,
                                                            void* arg);

OE_EXTERNC_END

#endif
