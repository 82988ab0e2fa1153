/* The enclave-side Open Enclave API. Include this in enclave code only;
 * host code includes <openenclave/host.h>. */
#ifndef _OE_ENCLAVE_H
#define _OE_ENCLAVE_H

#ifdef _OE_HOST_H
#error "enclave.h and host.h must not be included in the same compilation unit."
#endif

#include "bits/defs.h"
#include "bits/result.h"
#include "bits/types.h"
#include "bits/properties.h"
#include "bits/report.h"
#include "bits/module.h"

OE_EXTERNC_BEGIN

/* True when [ptr, ptr+size) lies wholly inside enclave memory; false for
 * NULL and for ranges that wrap around. */
bool oe_is_within_enclave(const void* ptr, size_t size);

/* True when [ptr, ptr+size) lies wholly outside enclave memory; false for
 * NULL and for ranges that wrap around. */
bool oe_is_outside_enclave(const void* ptr, size_t size);

/* Memory in the host's address space, shared with the host (for buffers the
 * host reads or writes). Freed with oe_host_free(). */
void* oe_host_malloc(size_t size);
void* oe_host_calloc(size_t nmemb, size_t size);
void* oe_host_realloc(void* ptr, size_t size);
void oe_host_free(void* ptr);
char* oe_host_strndup(const char* str, size_t n);

/* Ends the enclave: its current and later calls fail with
 * OE_ENCLAVE_ABORTING. Does not return. */
OE_NO_RETURN void oe_abort(void);

/* Fills `data` with `size` cryptographically secure random bytes. */
oe_result_t oe_random(void* data, size_t size);

/* The handle the host holds for this enclave (an opaque value inside). */
oe_enclave_t* oe_get_enclave(void);

/* Seal keys (openenclave-api.md §2.4), derived by the Keep platform from
 * its seal root and this enclave's identity (docs/platform.md). The key is
 * 32 bytes (SGX's are 16); key_info is the 512-byte sgx_key_request_t that
 * derives it again. Free both with oe_free_seal_key(). Errors:
 * OE_INVALID_PARAMETER, OE_INVALID_ISVSVN / OE_INVALID_CPUSVN (key_info
 * names a newer version than this enclave or platform), OE_INVALID_KEYNAME,
 * OE_OUT_OF_MEMORY, OE_PLATFORM_ERROR (no platform answers). */
oe_result_t oe_get_seal_key_by_policy_v2(oe_seal_policy_t seal_policy, uint8_t** key_buffer,
                                         size_t* key_buffer_size, uint8_t** key_info,
                                         size_t* key_info_size);
oe_result_t oe_get_seal_key_v2(const uint8_t* key_info, size_t key_info_size,
                               uint8_t** key_buffer, size_t* key_buffer_size);
/* Wipes and frees what the two functions above returned; NULLs are fine. */
void oe_free_seal_key(uint8_t* key_buffer, uint8_t* key_info);
#define oe_get_seal_key_by_policy oe_get_seal_key_by_policy_v2
#define oe_get_seal_key oe_get_seal_key_v2

/* Enclave-bound EC P-256 keys (openenclave-api.md §2.4), derived by the
 * platform like seal keys: the same policy, identity and user data give
 * the same key pair, on this platform only. Keys are NUL-terminated PEM
 * (the size counts the NUL); key_info (a 512-byte key request) derives the
 * key again with oe_get_public_key / oe_get_private_key. Free with
 * oe_free_key(). Errors as oe_get_seal_key_by_policy, plus OE_UNSUPPORTED
 * for another key type or format. */
oe_result_t oe_get_public_key_by_policy(oe_seal_policy_t seal_policy,
                                        const oe_asymmetric_key_params_t* key_params,
                                        uint8_t** key_buffer, size_t* key_buffer_size,
                                        uint8_t** key_info, size_t* key_info_size);
oe_result_t oe_get_public_key(const oe_asymmetric_key_params_t* key_params,
                              const uint8_t* key_info, size_t key_info_size,
                              uint8_t** key_buffer, size_t* key_buffer_size);
oe_result_t oe_get_private_key_by_policy(oe_seal_policy_t seal_policy,
                                         const oe_asymmetric_key_params_t* key_params,
                                         uint8_t** key_buffer, size_t* key_buffer_size,
                                         uint8_t** key_info, size_t* key_info_size);
oe_result_t oe_get_private_key(const oe_asymmetric_key_params_t* key_params,
                               const uint8_t* key_info, size_t key_info_size,
                               uint8_t** key_buffer, size_t* key_buffer_size);
/* Wipes and frees a key and its key_info; NULLs are fine. */
void oe_free_key(uint8_t* key_buffer, size_t key_buffer_size, uint8_t* key_info,
                 size_t key_info_size);

/* A report of this enclave (openenclave-api.md §2.3). Local (flags 0):
 * an SGX report MACed by the platform for the enclave named by opt_params
 * (its target info, 512 bytes, from oe_get_target_info; NULL: no target).
 * Remote (OE_REPORT_FLAGS_REMOTE_ATTESTATION): a DCAP quote signed by the
 * platform's attestation key. report_data: at most OE_REPORT_DATA_SIZE
 * bytes, zero-padded. Freed with oe_free_report(). */
oe_result_t oe_get_report_v2(uint32_t flags, const uint8_t* report_data, size_t report_data_size,
                             const void* opt_params, size_t opt_params_size,
                             uint8_t** report_buffer, size_t* report_buffer_size);
#define oe_get_report oe_get_report_v2

/* Verifies a report: a local report must target this enclave
 * (OE_VERIFY_FAILED_AES_CMAC_MISMATCH otherwise, and for any change to
 * it). parsed_report may be NULL. */
oe_result_t oe_verify_report(const uint8_t* report, size_t report_size,
                             oe_report_t* parsed_report);

/* OE's older attested TLS API (see attestation/attester.h and
 * attestation/verifier.h for the evidence-based one): a certificate with
 * SGX ECDSA evidence; _v2 sets the validity (YYYYMMDDHHMMSS). Free with
 * oe_free_attestation_certificate(). */
oe_result_t oe_generate_attestation_certificate(const unsigned char* subject_name,
                                                uint8_t* private_key, size_t private_key_size,
                                                uint8_t* public_key, size_t public_key_size,
                                                uint8_t** output_cert, size_t* output_cert_size);
oe_result_t oe_generate_attestation_certificate_v2(
    const unsigned char* subject_name, const char* date_not_valid_before,
    const char* date_not_valid_after, uint8_t* private_key, size_t private_key_size,
    uint8_t* public_key, size_t public_key_size, uint8_t** output_cert, size_t* output_cert_size);
void oe_free_attestation_certificate(uint8_t* certificate);

/* Called with the identity in a verified attestation certificate. */
typedef oe_result_t (*oe_identity_verify_callback_t)(oe_identity_t* identity, void* arg);

/* Verifies an attested TLS certificate and passes its identity to
 * `callback` (which may be NULL). */
oe_result_t oe_verify_attestation_certificate(uint8_t* cert_in_der, size_t cert_in_der_len,
                                              oe_identity_verify_callback_t callback, void* arg);

OE_EXTERNC_END

#include "edger8r/enclave.h"

#endif
