/* Reports: the parsed form and its constants (openenclave-api.md §2.3), as
 * Open Enclave's <openenclave/bits/report.h>. */
#ifndef _OE_BITS_REPORT_H
#define _OE_BITS_REPORT_H

#include "defs.h"
#include "result.h"
#include "types.h"

OE_EXTERNC_BEGIN

#define OE_REPORT_FLAGS_REMOTE_ATTESTATION 0x00000001
#define OE_REPORT_DATA_SIZE 64
#define OE_MAX_REPORT_SIZE (10 * 1024)
#define OE_UNIQUE_ID_SIZE 32
#define OE_SIGNER_ID_SIZE 32
#define OE_PRODUCT_ID_SIZE 16
#define OE_REPORT_ATTRIBUTES_DEBUG 0x0000000000000001ULL
#define OE_REPORT_ATTRIBUTES_REMOTE 0x0000000000000002ULL
#define OE_REPORT_ATTRIBUTES_RESERVED \
    (~(OE_REPORT_ATTRIBUTES_DEBUG | OE_REPORT_ATTRIBUTES_REMOTE))

/* Who produced a report. product_id holds ISVPRODID little-endian in its
 * first two bytes. */
typedef struct _oe_identity {
    uint32_t id_version; /* 0 */
    uint32_t security_version;
    uint64_t attributes; /* OE_REPORT_ATTRIBUTES_* */
    uint8_t unique_id[OE_UNIQUE_ID_SIZE];
    uint8_t signer_id[OE_SIGNER_ID_SIZE];
    uint8_t product_id[OE_PRODUCT_ID_SIZE];
} oe_identity_t;

/* A parsed report; report_data and enclave_report point into the report
 * buffer that was parsed. */
typedef struct _oe_report {
    size_t size; /* sizeof(oe_report_t) */
    oe_enclave_type_t type;
    size_t report_data_size;
    size_t enclave_report_size;
    uint8_t* report_data;
    uint8_t* enclave_report;
    oe_identity_t identity;
    uint32_t verification_result;
} oe_report_t;

/* Parses a report from oe_get_report (either side; no verification).
 * OE_INVALID_PARAMETER for NULLs, OE_REPORT_PARSE_ERROR for malformed
 * bytes (trailing bytes included). */
oe_result_t oe_parse_report(const uint8_t* report, size_t report_size, oe_report_t* parsed_report);

/* Frees what oe_get_report / oe_get_target_info returned; NULL is fine. */
void oe_free_report(uint8_t* report_buffer);
void oe_free_target_info(void* target_info_buffer);

/* The target info (SGX TARGETINFO, 512 bytes) of the enclave that made
 * `report`, for oe_get_report's opt_params. Freed with
 * oe_free_target_info(). */
oe_result_t oe_get_target_info_v2(const uint8_t* report, size_t report_size,
                                  void** target_info_buffer, size_t* target_info_size);
#define oe_get_target_info oe_get_target_info_v2

OE_EXTERNC_END

#endif
