/* SGX evidence formats and SGX-specific claims, as Open Enclave's
 * <openenclave/attestation/sgx/evidence.h> (openenclave-api.md §2.5-§2.6). */
#ifndef _OE_ATTESTATION_SGX_EVIDENCE_H
#define _OE_ATTESTATION_SGX_EVIDENCE_H

#include "../../bits/evidence.h"

OE_EXTERNC_BEGIN

/* Format UUIDs, as brace initialisers: `oe_uuid_t id = {OE_FORMAT_...};` */
#define OE_FORMAT_UUID_SGX_UNKNOWN                                        \
    {                                                                     \
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, \
            0x00, 0x00, 0x00, 0x00, 0x00                                  \
    }
/* a3a21e87-1b4d-4014-b70a-a125d2fbcd8c: quote ‖ custom claims */
#define OE_FORMAT_UUID_SGX_ECDSA                                          \
    {                                                                     \
        0xa3, 0xa2, 0x1e, 0x87, 0x1b, 0x4d, 0x40, 0x14, 0xb7, 0x0a, 0xa1, \
            0x25, 0xd2, 0xfb, 0xcd, 0x8c                                  \
    }
/* c8303454-d923-4c2c-a691-df7def460a76 */
#define OE_FORMAT_UUID_LEGACY_REPORT_REMOTE                               \
    {                                                                     \
        0xc8, 0x30, 0x34, 0x54, 0xd9, 0x23, 0x4c, 0x2c, 0xa6, 0x91, 0xdf, \
            0x7d, 0xef, 0x46, 0x0a, 0x76                                  \
    }
/* 1923d91e-12d2-4c72-b220-25cd8dace871: a bare quote (verify only) */
#define OE_FORMAT_UUID_RAW_SGX_QUOTE_ECDSA                                \
    {                                                                     \
        0x19, 0x23, 0xd9, 0x1e, 0x12, 0xd2, 0x4c, 0x72, 0xb2, 0x20, 0x25, \
            0xcd, 0x8d, 0xac, 0xe8, 0x71                                  \
    }
/* 09268c33-6e0b-45e5-8a27-15644d0ef89a */
#define OE_FORMAT_UUID_SGX_LOCAL_ATTESTATION                              \
    {                                                                     \
        0x09, 0x26, 0x8c, 0x33, 0x6e, 0x0b, 0x45, 0xe5, 0x8a, 0x27, 0x15, \
            0x64, 0x4d, 0x0e, 0xf8, 0x9a                                  \
    }
/* f228aa3f-de4d-49d3-884c-b2aa87a50da6 */
#define OE_FORMAT_UUID_SGX_EPID_LINKABLE                                  \
    {                                                                     \
        0xf2, 0x28, 0xaa, 0x3f, 0xde, 0x4d, 0x49, 0xd3, 0x88, 0x4c, 0xb2, \
            0xaa, 0x87, 0xa5, 0x0d, 0xa6                                  \
    }
/* 5c35d290-a2c2-4c55-9e13-5ad732746c88 */
#define OE_FORMAT_UUID_SGX_EPID_UNLINKABLE                                \
    {                                                                     \
        0x5c, 0x35, 0xd2, 0x90, 0xa2, 0xc2, 0x4c, 0x55, 0x9e, 0x13, 0x5a, \
            0xd7, 0x32, 0x74, 0x6c, 0x88                                  \
    }

/* SGX claims every SGX verifier outputs. Booleans are one byte. */
#define OE_CLAIM_SGX_PF_GP_EXINFO_ENABLED "sgx_pf_gp_exit_info_enabled"
#define OE_CLAIM_SGX_ISV_EXTENDED_PRODUCT_ID "sgx_isv_extended_product_id"
#define OE_CLAIM_SGX_IS_MODE64BIT "sgx_is_mode64bit"
#define OE_CLAIM_SGX_HAS_PROVISION_KEY "sgx_has_provision_key"
#define OE_CLAIM_SGX_HAS_EINITTOKEN_KEY "sgx_has_einittoken_key"
#define OE_CLAIM_SGX_USES_KSS "sgx_uses_kss"
#define OE_CLAIM_SGX_CONFIG_ID "sgx_config_id"
#define OE_CLAIM_SGX_CONFIG_SVN "sgx_config_svn"
#define OE_CLAIM_SGX_ISV_FAMILY_ID "sgx_isv_family_id"
#define OE_CLAIM_SGX_CPU_SVN "sgx_cpu_svn"
#define OE_SGX_REQUIRED_CLAIMS_COUNT 10

/* Optional SGX claims: the collateral used, and the PCE SVN. */
#define OE_CLAIM_SGX_TCB_INFO "sgx_tcb_info"
#define OE_CLAIM_SGX_TCB_ISSUER_CHAIN "sgx_tcb_issuer_chain"
#define OE_CLAIM_SGX_PCK_CRL "sgx_pck_crl"
#define OE_CLAIM_SGX_ROOT_CA_CRL "sgx_root_ca_crl"
#define OE_CLAIM_SGX_CRL_ISSUER_CHAIN "sgx_crl_issuer_chain"
#define OE_CLAIM_SGX_QE_ID_INFO "sgx_qe_id_info"
#define OE_CLAIM_SGX_QE_ID_ISSUER_CHAIN "sgx_qe_id_issuer_chain"
#define OE_SGX_OPTIONAL_CLAIMS_SGX_COLLATERALS_COUNT 7
#define OE_CLAIM_SGX_PCE_SVN "sgx_pce_svn"
#define OE_SGX_OPTIONAL_CLAIMS_COUNT 8

/* The 64 bytes of report data in the quote. */
#define OE_CLAIM_SGX_REPORT_DATA "sgx_report_data"

/* Value of the OE_CLAIM_TCB_STATUS claim (uint32_t). */
typedef enum _oe_sgx_tcb_status {
    OE_SGX_TCB_STATUS_UP_TO_DATE = 0,
    OE_SGX_TCB_STATUS_OUT_OF_DATE = 1,
    OE_SGX_TCB_STATUS_REVOKED = 2,
    OE_SGX_TCB_STATUS_CONFIGURATION_NEEDED = 3,
    OE_SGX_TCB_STATUS_OUT_OF_DATE_CONFIGURATION_NEEDED = 4,
    OE_SGX_TCB_STATUS_SW_HARDENING_NEEDED = 5,
    OE_SGX_TCB_STATUS_CONFIGURATION_AND_SW_HARDENING_NEEDED = 6,
    OE_SGX_TCB_STATUS_TD_RELAUNCH_ADVISED = 7,
    OE_SGX_TCB_STATUS_TD_RELAUNCH_ADVISED_CONFIG_NEEDED = 8,
    OE_SGX_TCB_STATUS_INVALID = OE_ENUM_MAX,
} oe_sgx_tcb_status_t;

OE_EXTERNC_END

#endif
