/* DCAP quote layout (sgx-dcap.md §3.1-§3.3) and its parser.
 * Internal to liboehostverify. */
#ifndef KEEP_VERIFY_QUOTE_H
#define KEEP_VERIFY_QUOTE_H

#include <keep/verify.h>

#define KEEP_QUOTE_HEADER_SIZE 48
#define KEEP_REPORT_BODY_SIZE 384
#define KEEP_TD_REPORT10_SIZE 584
#define KEEP_QUOTE_V3_SIGNED_SIZE (KEEP_QUOTE_HEADER_SIZE + KEEP_REPORT_BODY_SIZE)
#define KEEP_QUOTE_SIG_LEN_OFFSET KEEP_QUOTE_V3_SIGNED_SIZE /* 432 */
#define KEEP_QUOTE_SIG_DATA_OFFSET (KEEP_QUOTE_SIG_LEN_OFFSET + 4)
#define KEEP_ECDSA_SIG_SIZE 64
#define KEEP_ECDSA_KEY_SIZE 64
/* sig(64) key(64) qe report(384) qe sig(64) auth size(2) cert type(2)
 * cert size(4): the fixed part of v3 signature data. */
#define KEEP_QUOTE_SIG_FIXED_SIZE (64 + 64 + 384 + 64 + 2 + 2 + 4)

/* Hard limits on untrusted length fields. */
#define KEEP_QUOTE_MAX_SIZE (64 * 1024)
#define KEEP_QUOTE_MAX_AUTH_SIZE 1024
#define KEEP_QUOTE_MAX_CERT_SIZE (32 * 1024)

#define KEEP_QUOTE_ATT_KEY_ECDSA_P256 2
#define KEEP_QUOTE_TEE_SGX 0x00000000u
#define KEEP_QUOTE_TEE_TDX 0x00000081u
#define KEEP_CERT_TYPE_PCK_CHAIN 5

/* Report body field offsets (§3.1). */
#define KEEP_RB_CPUSVN 0
#define KEEP_RB_MISCSELECT 16
#define KEEP_RB_ISVEXTPRODID 32
#define KEEP_RB_ATTRIBUTES 48
#define KEEP_RB_MRENCLAVE 64
#define KEEP_RB_MRSIGNER 128
#define KEEP_RB_CONFIGID 192
#define KEEP_RB_ISVPRODID 256
#define KEEP_RB_ISVSVN 258
#define KEEP_RB_CONFIGSVN 260
#define KEEP_RB_ISVFAMILYID 304
#define KEEP_RB_REPORTDATA 320
#define KEEP_ATTR_DEBUG 0x2u

/* A parsed v3 quote. Pointers point into the caller's buffer, which must
 * outlive this struct. */
typedef struct keep_quote {
    keep_quote_header_info_t header;
    const uint8_t* signed_data;   /* header + body */
    size_t signed_size;
    const uint8_t* body;          /* 384 bytes */
    const uint8_t* signature;     /* 64: r || s */
    const uint8_t* attest_key;    /* 64: X || Y */
    const uint8_t* qe_report;     /* 384 */
    const uint8_t* qe_report_sig; /* 64 */
    const uint8_t* qe_auth;
    uint16_t qe_auth_size;
    uint16_t cert_type;
    const uint8_t* cert_data;
    uint32_t cert_size;
} keep_quote_t;

/* Parses `buf` as a DCAP quote. Fills *q for v3 SGX quotes. For v4/v5
 * headers (SGX or TDX) the header is parsed into q->header and the result is
 * OE_UNSUPPORTED with `err` saying what is supported. Malformed input:
 * OE_QUOTE_VERIFICATION_ERROR / OE_REPORT_PARSE_ERROR with `err` naming the
 * field and offset. Never reads outside [buf, buf+len). */
oe_result_t keep_quote_parse(keep_quote_t* q, const uint8_t* buf, size_t len,
                             char* err, size_t err_size);

/* Decodes a 384-byte SGX report body. */
void keep_quote_read_body(keep_quote_identity_t* id, const uint8_t* body);

#endif
