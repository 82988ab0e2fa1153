/* Evidence generation inside an enclave, as Open Enclave's
 * <openenclave/attestation/attester.h> (openenclave-api.md §2.5).
 *
 * Formats: OE_FORMAT_UUID_SGX_ECDSA (a quote from the Keep platform whose
 * report data is SHA-256 of the custom claims buffer, followed by that
 * buffer), OE_FORMAT_UUID_SGX_LOCAL_ATTESTATION (an SGX report for the
 * target whose format settings are passed as optional_parameters, then the
 * custom claims) and OE_FORMAT_UUID_LEGACY_REPORT_REMOTE (oe_get_report's
 * remote report, with up to 64 bytes of custom claims as report data). */
#ifndef _OE_ATTESTATION_ATTESTER_H
#define _OE_ATTESTATION_ATTESTER_H

#include "../bits/defs.h"
#include "../bits/evidence.h"
#include "../bits/result.h"

OE_EXTERNC_BEGIN

#define OE_EVIDENCE_FLAGS_EMBED_FORMAT_ID 0x00000001

oe_result_t oe_attester_initialize(void);
oe_result_t oe_attester_shutdown(void);

/* The first of format_ids this attester supports; OE_NOT_FOUND if none. */
oe_result_t oe_attester_select_format(const oe_uuid_t* format_ids, size_t format_ids_length,
                                      oe_uuid_t* selected_format_id);

/* Evidence of this enclave in `format_id`; with
 * OE_EVIDENCE_FLAGS_EMBED_FORMAT_ID it starts with OE's attestation header
 * (so oe_verify_evidence can take a NULL format). No endorsements are
 * produced (*endorsements_buffer = NULL): Keep verifiers hold the platform
 * collateral. Free with oe_free_evidence() / oe_free_endorsements(). */
oe_result_t oe_get_evidence(const oe_uuid_t* format_id, uint32_t flags,
                            const void* custom_claims_buffer, size_t custom_claims_buffer_size,
                            const void* optional_parameters, size_t optional_parameters_size,
                            uint8_t** evidence_buffer, size_t* evidence_buffer_size,
                            uint8_t** endorsements_buffer, size_t* endorsements_buffer_size);
oe_result_t oe_free_evidence(uint8_t* evidence_buffer);
oe_result_t oe_free_endorsements(uint8_t* endorsements_buffer);

/* A self-signed X.509 certificate (DER) for the key pair given as PEM
 * buffers (sizes include any trailing NUL), carrying this enclave's
 * evidence in `format_id` (with OE_EVIDENCE_FLAGS_EMBED_FORMAT_ID) in the
 * extension 1.3.6.1.4.1.311.105.2. The evidence's custom claims are the
 * public key PEM, so the report data binds the certificate's key.
 * subject_name is "CN=..,O=..,C=.." (NULL: "CN=Open Enclave SDK,O=OESDK
 * TLS,C=US"); valid 20190501000000-20501231235959. The caller frees
 * *output_certificate with oe_free_attestation_certificate(). The v1 name
 * takes no optional parameters. */
oe_result_t oe_get_attestation_certificate_with_evidence_v2(
    const oe_uuid_t* format_id, const unsigned char* subject_name, uint8_t* private_key,
    size_t private_key_size, uint8_t* public_key, size_t public_key_size,
    const void* optional_parameters, size_t optional_parameters_size,
    uint8_t** output_certificate, size_t* output_certificate_size);
oe_result_t oe_get_attestation_certificate_with_evidence(
    const oe_uuid_t* format_id, const unsigned char* subject_name, uint8_t* private_key,
    size_t private_key_size, uint8_t* public_key, size_t public_key_size,
    uint8_t** output_certificate, size_t* output_certificate_size);

/* Frees a certificate from the functions above. NULL is fine. */
void oe_free_attestation_certificate(uint8_t* certificate);

OE_EXTERNC_END

#endif
