/* OE's report buffer (what oe_get_report returns, on both sides): a
 * 16-byte header, then an SGX report (local) or a DCAP quote (remote).
 * Parsing is shared by liboehost and liboeenclave. */
#ifndef KEEP_OE_REPORT_H
#define KEEP_OE_REPORT_H

#include <stdbool.h>

#include <openenclave/bits/report.h>
#include <openenclave/bits/result.h>

#include "platform_wire.h"

#define KEEP_OE_REPORT_HEADER_VERSION 1u
#define KEEP_OE_REPORT_TYPE_SGX_LOCAL 1u
#define KEEP_OE_REPORT_TYPE_SGX_REMOTE 2u

typedef struct keep_oe_report_header {
    uint32_t version;
    uint32_t report_type;
    uint64_t report_size;
} keep_oe_report_header;

_Static_assert(sizeof(keep_oe_report_header) == 16, "oe_report_header_t");

/* DCAP quote v3 facts needed to find the report body (sgx-dcap.md §3.2). */
#define KEEP_QUOTE_HEADER_SIZE 48
#define KEEP_QUOTE_SIGNED_SIZE 432 /* header + report body */
#define KEEP_QUOTE_MIN_SIZE 436    /* + signature_data_len */

/* Parses `report` (report_size bytes): the header, then exactly
 * report_size bytes of SGX report or quote; trailing bytes are an error.
 * Fills *parsed (pointers into `report`) and *body (a copy of the report
 * body), *is_remote. OE_REPORT_PARSE_ERROR when malformed. */
oe_result_t keep_oe_report_parse(const uint8_t *report, size_t report_size, oe_report_t *parsed,
                                 keep_sgx_report_body *body, bool *is_remote)
    __attribute__((warn_unused_result));

/* Wraps an SGX report or a quote in an OE report buffer (malloc'd). */
oe_result_t keep_oe_report_wrap(uint8_t **out, size_t *out_size, uint32_t type,
                                const void *report, size_t report_size)
    __attribute__((warn_unused_result));

#endif
