/* The host-side Open Enclave API: creating, calling and terminating
 * enclaves. Include this in host code only; enclave code includes
 * <openenclave/enclave.h>. */
#ifndef _OE_HOST_H
#define _OE_HOST_H

#ifdef _OE_ENCLAVE_H
#error "enclave.h and host.h must not be included in the same compilation unit."
#endif

#include "bits/defs.h"
#include "bits/result.h"
#include "bits/types.h"
#include "bits/report.h"

OE_EXTERNC_BEGIN

/* Creation flags for oe_create_enclave(). */
#define OE_ENCLAVE_FLAG_DEBUG 0x00000001u
#define OE_ENCLAVE_FLAG_SIMULATE 0x00000002u
#define OE_ENCLAVE_FLAG_SGX_KSS 0x00000004u
#define OE_ENCLAVE_FLAG_DEBUG_AUTO 0x000000010u
#define OE_ENCLAVE_FLAG_RESERVED \
    (~(OE_ENCLAVE_FLAG_DEBUG | OE_ENCLAVE_FLAG_DEBUG_AUTO | OE_ENCLAVE_FLAG_SIMULATE))

/* A host function the enclave may call (an OCALL), as the generated code
 * dispatches it: one flat input buffer in, one flat output buffer out. */
typedef void (*oe_ocall_func_t)(const uint8_t* input_buffer, size_t input_buffer_size,
                                uint8_t* output_buffer, size_t output_buffer_size,
                                size_t* output_bytes_written);

typedef enum _oe_enclave_setting_type {
    OE_ENCLAVE_SETTING_CONTEXT_SWITCHLESS = 0xdc73a628,
#ifdef OE_WITH_EXPERIMENTAL_EEID
    OE_EXTENDED_ENCLAVE_INITIALIZATION_DATA = 0x976a8f66,
#endif
    OE_SGX_ENCLAVE_CONFIG_DATA = 0x78b5b41d,
} oe_enclave_setting_type_t;

/* Worker threads for `transition_using_threads` calls. */
typedef struct _oe_enclave_setting_context_switchless {
    size_t max_host_workers;    /* host threads serving switchless OCALLs */
    size_t max_enclave_workers; /* enclave threads serving switchless ECALLs */
} oe_enclave_setting_context_switchless_t;

typedef struct _oe_sgx_enclave_setting_config_data {
    uint8_t config_id[64];
    uint16_t config_svn;
    bool ignore_if_unsupported;
} oe_sgx_enclave_setting_config_data;

typedef struct _oe_eeid oe_eeid_t;

typedef struct _oe_enclave_setting {
    oe_enclave_setting_type_t setting_type;
    union {
        const oe_enclave_setting_context_switchless_t* context_switchless_setting;
        oe_eeid_t* eeid;
        const oe_sgx_enclave_setting_config_data* config_data;
    } u;
} oe_enclave_setting_t;

/* One entry of the ECALL name table the generated code passes at creation. */
typedef struct _oe_ecall_info_t {
    const char* name;
} oe_ecall_info_t;

/* Creates an enclave from the image at `path`.
 *
 * `settings` is NULL exactly when `setting_count` is 0. `ocall_table` and
 * `ecall_name_table` come from the generated oe_create_<name>_enclave() and
 * must outlive the enclave. On success *enclave is a new handle owned by the
 * caller, released with oe_terminate_enclave(); on failure it is NULL. */
oe_result_t oe_create_enclave(const char* path, oe_enclave_type_t type, uint32_t flags,
                              const oe_enclave_setting_t* settings, uint32_t setting_count,
                              const oe_ocall_func_t* ocall_table, uint32_t ocall_count,
                              const oe_ecall_info_t* ecall_name_table, uint32_t ecall_count,
                              oe_enclave_t** enclave);

/* Runs the enclave's exit handlers and releases it. `enclave` must not be
 * used afterwards. */
oe_result_t oe_terminate_enclave(oe_enclave_t* enclave);

/* A report of `enclave` (openenclave-api.md §2.3), made inside it: local
 * (opt_params: the verifier's target info, 512 bytes, or NULL) or, with
 * OE_REPORT_FLAGS_REMOTE_ATTESTATION, a quote. Freed with
 * oe_free_report(). */
oe_result_t oe_get_report_v2(oe_enclave_t* enclave, uint32_t flags, const void* opt_params,
                             size_t opt_params_size, uint8_t** report_buffer,
                             size_t* report_buffer_size);
#define oe_get_report oe_get_report_v2

/* Verifies a report: a local one inside `enclave`, which must be its
 * target (OE_VERIFY_FAILED_AES_CMAC_MISMATCH otherwise); a remote one (a
 * quote) with the host verifier. parsed_report may be NULL. */
oe_result_t oe_verify_report(oe_enclave_t* enclave, const uint8_t* report, size_t report_size,
                             oe_report_t* parsed_report);

OE_EXTERNC_END

#include "edger8r/host.h"

#endif
