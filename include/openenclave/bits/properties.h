/* Enclave properties: the settings an enclave image carries in its .oeinfo
 * section (heap, stack and thread counts, product id, security version,
 * debug), set in source with OE_SET_ENCLAVE_SGX / OE_SET_ENCLAVE_SGX2 and
 * overridden by oesign's configuration file. Layout as Open Enclave's
 * oe_sgx_enclave_properties_t (1960 bytes), so that tools reading either
 * SDK's images agree. */
#ifndef _OE_BITS_PROPERTIES_H
#define _OE_BITS_PROPERTIES_H

#include "defs.h"
#include "types.h"

OE_EXTERNC_BEGIN

#define OE_INFO_SECTION_NAME ".oeinfo"
#define OE_SGX_SIGSTRUCT_SIZE 1808
#define OE_SGX_MAX_TCS 1024
#define OE_SGX_FLAGS_DEBUG 0x0000000000000002ULL
#define OE_SGX_FLAGS_MODE64BIT 0x0000000000000004ULL
#define OE_SGX_FLAGS_KSS 0x0000000000000080ULL
#define OE_SGX_ENCLAVE_PROPERTIES_END_MARKER 0xececececececececULL

typedef struct _oe_enclave_size_settings {
    uint64_t num_heap_pages;
    uint64_t num_stack_pages; /* per thread */
    uint64_t num_tcs;         /* enclave threads: concurrent ECALLs */
} oe_enclave_size_settings_t;

typedef struct _oe_enclave_properties_header {
    uint32_t size; /* sizeof the whole properties structure */
    oe_enclave_type_t enclave_type;
    oe_enclave_size_settings_t size_settings;
} oe_enclave_properties_header_t;

typedef struct _oe_sgx_enclave_flags_t {
    uint32_t capture_pf_gp_exceptions : 1;
    uint32_t create_zero_base_enclave : 1;
    uint32_t reserved : 30;
} oe_sgx_enclave_flags_t;

typedef struct oe_sgx_enclave_config_t {
    uint16_t product_id;
    uint16_t security_version;
    oe_sgx_enclave_flags_t flags;
    uint8_t family_id[16];
    uint8_t extended_product_id[16];
    uint64_t attributes; /* OE_SGX_FLAGS_* */
    uint64_t xfrm;
    uint64_t start_address;
} oe_sgx_enclave_config_t;

typedef struct oe_sgx_enclave_image_info_t {
    uint64_t oeinfo_rva;
    uint64_t oeinfo_size;
    uint64_t reloc_rva;
    uint64_t reloc_size;
    uint64_t heap_rva;
    uint64_t enclave_size;
} oe_sgx_enclave_image_info_t;

typedef struct _oe_sgx_enclave_properties {
    oe_enclave_properties_header_t header;
    oe_sgx_enclave_config_t config;
    oe_sgx_enclave_image_info_t image_info;
    uint8_t sigstruct[OE_SGX_SIGSTRUCT_SIZE];
    uint64_t end_marker;
} oe_sgx_enclave_properties_t;

OE_CHECK_SIZE(sizeof(oe_enclave_properties_header_t), 32);
OE_CHECK_SIZE(sizeof(oe_sgx_enclave_config_t), 64);
OE_CHECK_SIZE(OE_OFFSETOF(oe_sgx_enclave_properties_t, config), 32);
OE_CHECK_SIZE(OE_OFFSETOF(oe_sgx_enclave_properties_t, image_info), 96);
OE_CHECK_SIZE(OE_OFFSETOF(oe_sgx_enclave_properties_t, sigstruct), 144);
OE_CHECK_SIZE(sizeof(oe_sgx_enclave_properties_t), 1960);

#define OE_ENCLAVE_PROPERTIES_SGX_SYMBOL oe_enclave_properties_sgx

#define OE_MAKE_ATTRIBUTES(ALLOW_DEBUG) \
    (OE_SGX_FLAGS_MODE64BIT | ((ALLOW_DEBUG) ? OE_SGX_FLAGS_DEBUG : 0))

/* Defines the enclave's properties in its .oeinfo section. */
#define OE_SET_ENCLAVE_SGX2(PRODUCT_ID, SECURITY_VERSION, EXTENDED_PRODUCT_ID, FAMILY_ID,      \
                            ALLOW_DEBUG, CAPTURE_PF_GP_EXCEPTIONS, REQUIRE_KSS,                \
                            CREATE_ZERO_BASE_ENCLAVE, ENCLAVE_START_ADDRESS, HEAP_PAGE_COUNT,  \
                            STACK_PAGE_COUNT, TCS_COUNT)                                       \
    OE_EXTERNC __attribute__((section(OE_INFO_SECTION_NAME), used)) OE_EXPORT                  \
        const oe_sgx_enclave_properties_t oe_enclave_properties_sgx = {                        \
            .header = {.size = sizeof(oe_sgx_enclave_properties_t),                            \
                       .enclave_type = OE_ENCLAVE_TYPE_SGX,                                    \
                       .size_settings = {.num_heap_pages = (HEAP_PAGE_COUNT),                  \
                                         .num_stack_pages = (STACK_PAGE_COUNT),                \
                                         .num_tcs = (TCS_COUNT)}},                             \
            .config = {.product_id = (PRODUCT_ID),                                             \
                       .security_version = (SECURITY_VERSION),                                 \
                       .flags = {.capture_pf_gp_exceptions = (CAPTURE_PF_GP_EXCEPTIONS),       \
                                 .create_zero_base_enclave = (CREATE_ZERO_BASE_ENCLAVE),       \
                                 .reserved = 0},                                               \
                       .family_id = FAMILY_ID,                                                 \
                       .extended_product_id = EXTENDED_PRODUCT_ID,                             \
                       .attributes = OE_MAKE_ATTRIBUTES(ALLOW_DEBUG) |                         \
                                     ((REQUIRE_KSS) ? OE_SGX_FLAGS_KSS : 0),                   \
                       .xfrm = 0,                                                              \
                       .start_address = (ENCLAVE_START_ADDRESS)},                              \
            .image_info = {0, 0, 0, 0, 0, 0},                                                  \
            .sigstruct = {0},                                                                  \
            .end_marker = OE_SGX_ENCLAVE_PROPERTIES_END_MARKER,                                \
    }

#define OE_SET_ENCLAVE_SGX(PRODUCT_ID, SECURITY_VERSION, ALLOW_DEBUG, HEAP_PAGE_COUNT,         \
                           STACK_PAGE_COUNT, TCS_COUNT)                                        \
    OE_SET_ENCLAVE_SGX2(PRODUCT_ID, SECURITY_VERSION, {0}, {0}, ALLOW_DEBUG, 0, 0, 0, 0,      \
                        HEAP_PAGE_COUNT, STACK_PAGE_COUNT, TCS_COUNT)

OE_EXTERNC_END

#endif
