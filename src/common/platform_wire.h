/* The platform boundary: what an enclave (through its loader) asks the
 * Keep platform, and what the platform answers. Both sides compile this one
 * header: the runner and liboeenclave send requests; the platform child of
 * the sandbox runner (and, on `sim`, the host process) answers them. The
 * format does not depend on who owns the other end of the channel, so the
 * same messages can later travel to `keepd`.
 *
 * Every message is a fixed 16-byte header followed by `size` payload bytes;
 * all integers are little-endian. One request, one response. The platform
 * treats requests as untrusted: the identity it serves is the one it
 * measured itself from the image bytes, never one a request names, and
 * requests only ask for derived keys, MACed reports and quotes of that
 * identity (no generic signing or MAC oracle).
 *
 * The SGX structures follow sgx-dcap.md §1.4 and §3.1 byte for byte. */
#ifndef KEEP_PLATFORM_WIRE_H
#define KEEP_PLATFORM_WIRE_H

#include <stddef.h>
#include <stdint.h>

#define KEEP_PLATFORM_WIRE_MAGIC 0x544c504bu /* "KPLT" */
/* Version 1 throughout: the 256 KiB limit (enclaves built before it send
 * at most 16 KiB) and claims with OE_TCB_LEVEL_INVALID (only for requests
 * that set KEEP_PLATFORM_VERIFY_TCB_CLAIMS) extend it compatibly, so
 * enclave images built against an older liboeenclave keep working. */
#define KEEP_PLATFORM_WIRE_VERSION 1u
/* Largest message either way, header included. Most are small (a quote
 * with its PEM certificate chain is about 4 KiB); the bound is set by
 * VERIFY_EVIDENCE of a genuine Intel quote with OE endorsements: the
 * phala vector's quote (4.6 KiB) with its TCB info, QE identity, three
 * issuer chains and two CRLs is about 18 KiB, and Intel's largest TCB
 * infos and PCK CRLs are a few times that. 256 KiB leaves an order of
 * magnitude of room while the confined platform child's two static
 * buffers stay small. */
#define KEEP_PLATFORM_MAX_MESSAGE (256u * 1024u)
#define KEEP_PLATFORM_MAX_PAYLOAD (KEEP_PLATFORM_MAX_MESSAGE - 16u)
/* On a socket (the sandbox runner and its platform child), a message
 * travels as consecutive records of at most this many bytes
 * (src/platform/transport.c): the first holds the header, whose `size`
 * says how many payload bytes follow; the receiver checks the total
 * against KEEP_PLATFORM_MAX_MESSAGE before it reads on, and a record that
 * runs past the total, or the end of the stream, breaks the protocol.
 * Records stay far below the kernel's socket buffer limits. */
#define KEEP_PLATFORM_MAX_RECORD 16384u

#define KEEP_SGX_REPORT_DATA_SIZE 64
#define KEEP_SGX_KEY_ID_SIZE 32
#define KEEP_SGX_MAC_SIZE 16
#define KEEP_SGX_CPUSVN_SIZE 16
#define KEEP_PLATFORM_KEY_SIZE 32 /* derived keys are 256-bit (SGX's are 128) */
/* The most keys one GET_KEY request may ask for (oe_seal fetches keys for
 * fresh key ids in batches). */
#define KEEP_PLATFORM_MAX_KEY_BATCH 16

/* EGETKEY key names and policies (sgx-dcap.md §1.4). */
#define KEEP_SGX_KEYSELECT_REPORT 0x0003u
#define KEEP_SGX_KEYSELECT_SEAL 0x0004u
#define KEEP_SGX_KEYPOLICY_MRENCLAVE 0x0001u
#define KEEP_SGX_KEYPOLICY_MRSIGNER 0x0002u
#define KEEP_SGX_KEYPOLICY_NOISVPRODID 0x0004u

/* Attribute flags. */
#define KEEP_SGX_FLAGS_INITTED 0x1ull
#define KEEP_SGX_FLAGS_DEBUG 0x2ull
#define KEEP_SGX_FLAGS_MODE64BIT 0x4ull

typedef enum keep_platform_op {
    /* payload 1 to KEEP_PLATFORM_MAX_KEY_BATCH keep_sgx_key_requests ->
     * as many KEEP_PLATFORM_KEY_SIZE keys, in order (all or none) */
    KEEP_PLATFORM_OP_GET_KEY = 1,
    /* payload keep_platform_report_request -> keep_sgx_report */
    KEEP_PLATFORM_OP_REPORT = 2,
    /* payload keep_sgx_report (targeted at the caller) -> empty */
    KEEP_PLATFORM_OP_VERIFY_REPORT = 3,
    /* payload report data (64 bytes) -> a DCAP v3 quote of the caller */
    KEEP_PLATFORM_OP_QUOTE = 4,
    /* payload keep_platform_verify_request ‖ evidence ‖ endorsements ->
     * the verified claims, serialized as OE custom claims
     * (oe_serialize_custom_claims: u64 version, u64 count, then per claim
     * u64 name size, u64 value size, NUL-terminated name, value). The
     * platform verifies with liboehostverify's verifier (the host's code);
     * it signs and MACs nothing for this request. */
    KEEP_PLATFORM_OP_VERIFY_EVIDENCE = 5,
} keep_platform_op;

typedef struct keep_platform_request_header {
    uint32_t magic;
    uint16_t version;
    uint16_t op;   /* keep_platform_op */
    uint32_t size; /* payload bytes that follow */
    uint32_t reserved;
} keep_platform_request_header;

typedef struct keep_platform_response_header {
    uint32_t magic;
    uint32_t result; /* oe_result_t */
    uint32_t size;   /* payload bytes that follow; 0 unless result is OE_OK, or
                      * OE_TCB_LEVEL_INVALID answering VERIFY_EVIDENCE with
                      * KEEP_PLATFORM_VERIFY_TCB_CLAIMS (the claims of
                      * genuine evidence whose TCB status is not acceptable,
                      * as OE's verifier returns them) */
    uint32_t reserved;
} keep_platform_response_header;

_Static_assert(sizeof(keep_platform_request_header) == 16, "fixed wire size");
_Static_assert(sizeof(keep_platform_response_header) == 16, "fixed wire size");
/* Both headers carry the payload size at the same offset (transport.c). */
#define KEEP_PLATFORM_SIZE_OFFSET 8u
_Static_assert(offsetof(keep_platform_request_header, size) == KEEP_PLATFORM_SIZE_OFFSET,
               "size offset");
_Static_assert(offsetof(keep_platform_response_header, size) == KEEP_PLATFORM_SIZE_OFFSET,
               "size offset");

typedef struct keep_sgx_attributes {
    uint64_t flags;
    uint64_t xfrm;
} keep_sgx_attributes;

/* sgx_report_body_t, 384 bytes (sgx-dcap.md §3.1). */
typedef struct keep_sgx_report_body {
    uint8_t cpu_svn[KEEP_SGX_CPUSVN_SIZE];
    uint32_t misc_select;
    uint8_t reserved1[12];
    uint8_t isv_ext_prod_id[16];
    keep_sgx_attributes attributes;
    uint8_t mr_enclave[32];
    uint8_t reserved2[32];
    uint8_t mr_signer[32];
    uint8_t reserved3[32];
    uint8_t config_id[64];
    uint16_t isv_prod_id;
    uint16_t isv_svn;
    uint16_t config_svn;
    uint8_t reserved4[42];
    uint8_t isv_family_id[16];
    uint8_t report_data[KEEP_SGX_REPORT_DATA_SIZE];
} keep_sgx_report_body;

_Static_assert(sizeof(keep_sgx_report_body) == 384, "sgx_report_body_t");
_Static_assert(offsetof(keep_sgx_report_body, attributes) == 48, "ATTRIBUTES");
_Static_assert(offsetof(keep_sgx_report_body, mr_enclave) == 64, "MRENCLAVE");
_Static_assert(offsetof(keep_sgx_report_body, mr_signer) == 128, "MRSIGNER");
_Static_assert(offsetof(keep_sgx_report_body, isv_prod_id) == 256, "ISVPRODID");
_Static_assert(offsetof(keep_sgx_report_body, isv_family_id) == 304, "ISVFAMILYID");
_Static_assert(offsetof(keep_sgx_report_body, report_data) == 320, "REPORTDATA");

/* sgx_report_t, 432 bytes. */
typedef struct keep_sgx_report {
    keep_sgx_report_body body;
    uint8_t key_id[KEEP_SGX_KEY_ID_SIZE];
    uint8_t mac[KEEP_SGX_MAC_SIZE];
} keep_sgx_report;

_Static_assert(sizeof(keep_sgx_report) == 432, "sgx_report_t");

/* sgx_target_info_t, 512 bytes. */
typedef struct keep_sgx_target_info {
    uint8_t mr_enclave[32];
    keep_sgx_attributes attributes;
    uint8_t reserved1[2];
    uint16_t config_svn;
    uint32_t misc_select;
    uint8_t reserved2[8];
    uint8_t config_id[64];
    uint8_t reserved3[384];
} keep_sgx_target_info;

_Static_assert(sizeof(keep_sgx_target_info) == 512, "sgx_target_info_t");
_Static_assert(offsetof(keep_sgx_target_info, config_svn) == 50, "CONFIGSVN");
_Static_assert(offsetof(keep_sgx_target_info, misc_select) == 52, "MISCSELECT");

/* sgx_key_request_t, 512 bytes. */
typedef struct keep_sgx_key_request {
    uint16_t key_name;
    uint16_t key_policy;
    uint16_t isv_svn;
    uint16_t reserved1;
    uint8_t cpu_svn[KEEP_SGX_CPUSVN_SIZE];
    keep_sgx_attributes attribute_mask;
    uint8_t key_id[KEEP_SGX_KEY_ID_SIZE];
    uint32_t misc_mask;
    uint16_t config_svn;
    uint8_t reserved2[434];
} keep_sgx_key_request;

_Static_assert(sizeof(keep_sgx_key_request) == 512, "sgx_key_request_t");
_Static_assert(offsetof(keep_sgx_key_request, cpu_svn) == 8, "CPUSVN");
_Static_assert(offsetof(keep_sgx_key_request, attribute_mask) == 24, "ATTRIBUTEMASK");
_Static_assert(offsetof(keep_sgx_key_request, key_id) == 40, "KEYID");
_Static_assert(offsetof(keep_sgx_key_request, misc_mask) == 72, "MISCMASK");
_Static_assert(offsetof(keep_sgx_key_request, config_svn) == 76, "CONFIGSVN");

typedef struct keep_platform_report_request {
    keep_sgx_target_info target;
    uint8_t report_data[KEEP_SGX_REPORT_DATA_SIZE];
} keep_platform_report_request;

_Static_assert(sizeof(keep_platform_report_request) == 576, "fixed wire size");

/* VERIFY_EVIDENCE flags. */
#define KEEP_PLATFORM_VERIFY_HAS_FORMAT 0x1u /* format_id given (else the evidence
                                              * starts with OE's attestation header) */
#define KEEP_PLATFORM_VERIFY_HAS_TIME 0x2u   /* verify at `time` (OE_POLICY_ENDORSEMENTS_TIME) */
#define KEEP_PLATFORM_VERIFY_ALLOW_SIMULATION 0x4u /* granted only by the simulation platform */
#define KEEP_PLATFORM_VERIFY_TCB_CLAIMS 0x8u /* the caller takes claims with
                                              * OE_TCB_LEVEL_INVALID */
#define KEEP_PLATFORM_VERIFY_FLAGS 0xfu

/* oe_datetime_t, 24 bytes. */
typedef struct keep_platform_datetime {
    uint32_t year, month, day, hours, minutes, seconds;
} keep_platform_datetime;

typedef struct keep_platform_verify_request {
    uint8_t format_id[16];
    uint32_t flags;
    uint32_t evidence_size; /* then evidence_size bytes of evidence */
    uint32_t endorsements_size; /* then endorsements (0: none) */
    uint32_t reserved;      /* 0 */
    keep_platform_datetime time;
} keep_platform_verify_request;

_Static_assert(sizeof(keep_platform_datetime) == 24, "fixed wire size");
_Static_assert(sizeof(keep_platform_verify_request) == 56, "fixed wire size");

/* Evidence and endorsements together, at most (the message limit). */
#define KEEP_PLATFORM_MAX_VERIFY_INPUT \
    (KEEP_PLATFORM_MAX_PAYLOAD - sizeof(keep_platform_verify_request))
/* Serialized claims in a response, at most. */
#define KEEP_PLATFORM_MAX_CLAIMS_SIZE KEEP_PLATFORM_MAX_PAYLOAD

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the wire format is little-endian");

#endif
