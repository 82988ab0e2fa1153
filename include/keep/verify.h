/* Keep: offline verification of SGX DCAP ECDSA quotes (liboehostverify).
 *
 * One path serves genuine Intel quotes and Keep platform quotes: the quote
 * format, the collateral format and every check are the same; only the trust
 * anchor (a pinned root certificate fingerprint and the QE vendor id) and the
 * collateral differ. The procedure is sgx-dcap.md §3.4, run at a time the
 * caller gives, and every step's outcome is returned in keep_verify_result_t.
 *
 * Thread safety: a loaded keep_verify_collateral_t may be shared by
 * threads verifying concurrently (its only mutable parts, the signature and
 * chain caches, are behind a mutex); adding to a set is not thread-safe. */
#ifndef KEEP_VERIFY_H
#define KEEP_VERIFY_H

#include <openenclave/bits/result.h>
#include <stddef.h>
#include <stdint.h>

OE_EXTERNC_BEGIN

#define KEEP_VERIFY_WARN __attribute__((warn_unused_result))

/* ---- sizes and limits -------------------------------------------------- */
#define KEEP_SHA256_SIZE 32
#define KEEP_VERIFY_MAX_ADVISORIES 64
#define KEEP_VERIFY_ADVISORY_SIZE 32 /* "INTEL-SA-00615" plus NUL, with room */
#define KEEP_VERIFY_REASON_SIZE 192

/* ---- trust anchors ----------------------------------------------------- */

/* A root of trust: the SHA-256 fingerprint of the root certificate's DER,
 * which must end every certificate chain (PCK chain, collateral signing
 * chain), and the QE vendor id quotes under this root carry. */
typedef struct keep_verify_anchor {
    const char* name;                             /* for messages */
    uint8_t root_sha256[KEEP_SHA256_SIZE];        /* SHA-256 of root DER */
    uint8_t qe_vendor_id[16];                     /* header bytes 12..28 */
} keep_verify_anchor_t;

/* The Intel SGX Root CA (fingerprint 44A0196B…B674D3, sgx-dcap.md §3.5) and
 * Intel's QE vendor id. Static storage; never free. */
const keep_verify_anchor_t* keep_verify_anchor_intel(void);

/* ---- TCB status -------------------------------------------------------- */

/* Values follow oe_sgx_tcb_status_t (openenclave-api.md §2.6). */
typedef enum keep_tcb_status {
    KEEP_TCB_UP_TO_DATE = 0,
    KEEP_TCB_OUT_OF_DATE = 1,
    KEEP_TCB_REVOKED = 2,
    KEEP_TCB_CONFIGURATION_NEEDED = 3,
    KEEP_TCB_OUT_OF_DATE_CONFIGURATION_NEEDED = 4,
    KEEP_TCB_SW_HARDENING_NEEDED = 5,
    KEEP_TCB_CONFIGURATION_AND_SW_HARDENING_NEEDED = 6,
    KEEP_TCB_TD_RELAUNCH_ADVISED = 7,
    KEEP_TCB_TD_RELAUNCH_ADVISED_CONFIG_NEEDED = 8,
    KEEP_TCB_INVALID = 0xffffffff, /* not evaluated / no level matched */
} keep_tcb_status_t;

/* "UpToDate", "SWHardeningNeeded", ... as Intel spells them; "Invalid" for
 * KEEP_TCB_INVALID. Static string. */
const char* keep_tcb_status_str(keep_tcb_status_t status);

/* Parses Intel's spelling; KEEP_TCB_INVALID when unknown. */
keep_tcb_status_t keep_tcb_status_from_str(const char* str);

/* The sgx_ql_qv_result_t code Intel's QVL returns for a status (0 = OK,
 * 0xA001.. as sgx-dcap.md §3.4 step 11). */
uint32_t keep_tcb_status_qv_result(keep_tcb_status_t status);

/* ---- the checks -------------------------------------------------------- */

typedef enum keep_verify_check {
    KEEP_CHECK_QUOTE_FORMAT = 0,   /* parse, version, key type, vendor */
    KEEP_CHECK_QUOTE_SIGNATURE,    /* ECDSA over header+body, attest key */
    KEEP_CHECK_PCK_CHAIN,          /* chain signatures, names, CA flags, root pin */
    KEEP_CHECK_PCK_VALIDITY,       /* each chain certificate valid at T */
    KEEP_CHECK_PCK_EXTENSIONS,     /* SGX extension in the PCK leaf */
    KEEP_CHECK_ROOT_CRL,           /* root CA CRL signature and freshness */
    KEEP_CHECK_PCK_CRL,            /* PCK CRL signature and freshness */
    KEEP_CHECK_REVOCATION,         /* no chain certificate listed */
    KEEP_CHECK_QE_REPORT_SIGNATURE,/* QE report signed by the PCK leaf */
    KEEP_CHECK_QE_REPORT_BINDING,  /* SHA-256(attest key || auth data) */
    KEEP_CHECK_TCB_SIGNING_CHAIN,  /* collateral signer chain and validity */
    KEEP_CHECK_TCB_INFO,           /* signature, dates, fmspc, pceId, id */
    KEEP_CHECK_QE_IDENTITY,        /* signature, dates, id */
    KEEP_CHECK_QE_IDENTITY_MATCH,  /* mrsigner, prodid, masks, QE TCB level */
    KEEP_CHECK_TCB_LEVEL,          /* platform TCB level from PCK SVNs */
    KEEP_CHECK_TCB_STATUS,         /* converged status not Revoked */
    KEEP_CHECK_COUNT
} keep_verify_check_t;

/* Short stable name of a check, e.g. "quote_signature". Static string. */
const char* keep_verify_check_name(keep_verify_check_t check);

typedef enum keep_check_state {
    KEEP_CHECK_NOT_RUN = 0,
    KEEP_CHECK_PASSED = 1,
    KEEP_CHECK_FAILED = 2,
} keep_check_state_t;

typedef struct keep_verify_check_result {
    keep_check_state_t state;
    oe_result_t result;                     /* OE_OK when passed */
    char reason[KEEP_VERIFY_REASON_SIZE];   /* what failed and why */
} keep_verify_check_result_t;

/* ---- what the quote says ----------------------------------------------- */

typedef struct keep_quote_identity {
    uint8_t mrenclave[32];    /* unique_id */
    uint8_t mrsigner[32];     /* signer_id */
    uint16_t isv_prod_id;
    uint16_t isv_svn;
    uint8_t attributes[16];   /* flags (LE u64) then xfrm */
    uint32_t miscselect;
    uint8_t cpusvn[16];
    uint8_t isv_ext_prod_id[16];
    uint8_t isv_family_id[16];
    uint8_t config_id[64];
    uint16_t config_svn;
    uint8_t report_data[64];
    int debug;                /* ATTRIBUTES.DEBUG */
} keep_quote_identity_t;

typedef struct keep_quote_header_info {
    uint16_t version;
    uint16_t att_key_type;
    uint32_t tee_type;        /* att_key_data_0 in v3 */
    uint16_t qe_svn;
    uint16_t pce_svn;
    uint8_t qe_vendor_id[16];
    uint8_t user_data[20];
} keep_quote_header_info_t;

/* The PCK certificate's SGX extension (sgx-dcap.md §3.6). */
typedef struct keep_pck_info {
    uint8_t ppid[16];
    uint8_t comp_svn[16];
    uint16_t pcesvn;
    uint8_t cpusvn[16];
    uint8_t pce_id[2];
    uint8_t fmspc[6];
    int sgx_type;                  /* 0 Standard, 1 Scalable, 2 +Integrity */
    int has_platform_instance_id;
    uint8_t platform_instance_id[16];
    int has_configuration;
    int dynamic_platform;          /* -1 absent, else 0/1 */
    int cached_keys;
    int smt_enabled;
} keep_pck_info_t;

typedef struct keep_tcb_verdict {
    keep_tcb_status_t status;
    char tcb_date[24];             /* "2024-03-13T00:00:00Z" or "" */
    size_t advisory_count;
    char advisories[KEEP_VERIFY_MAX_ADVISORIES][KEEP_VERIFY_ADVISORY_SIZE];
} keep_tcb_verdict_t;

/* Everything keep_verify_quote() learned. Plain data, nothing to free; the
 * caller owns the storage. anchor_name is borrowed from the matching
 * keep_verify_anchor_t and lives as long as it does. */
typedef struct keep_verify_result {
    oe_result_t result;            /* same as the return value */
    keep_verify_check_t first_failed; /* valid when result != OE_OK */
    keep_verify_check_result_t checks[KEEP_CHECK_COUNT];
    const char* anchor_name;       /* the anchor that matched, or NULL */
    int64_t at;                    /* verification time used */
    keep_quote_header_info_t header;
    int identity_valid;            /* identity parsed (not yet trusted!) */
    keep_quote_identity_t identity;
    keep_quote_identity_t qe_identity; /* the QE's report body */
    int pck_valid;
    keep_pck_info_t pck;
    keep_tcb_verdict_t platform_tcb;
    keep_tcb_verdict_t qe_tcb;
    keep_tcb_verdict_t tcb;        /* converged (Intel QVL rule) */
    uint32_t qv_result;            /* sgx_ql_qv_result_t of tcb.status */
    int64_t collateral_expires;    /* earliest nextUpdate/notAfter seen */
} keep_verify_result_t;

/* ---- collateral --------------------------------------------------------- */

typedef struct keep_verify_collateral keep_verify_collateral_t;

/* Creates an empty collateral set. *out owned by the caller; free with
 * keep_verify_collateral_free(). OE_OUT_OF_MEMORY on failure. */
KEEP_VERIFY_WARN oe_result_t
keep_verify_collateral_new(keep_verify_collateral_t** out);

/* Frees a set and everything in it. NULL is fine. */
void keep_verify_collateral_free(keep_verify_collateral_t* coll);

/* Adds one blob, recognised by its content: PEM certificates/CRLs (also
 * URL-encoded, as in PCS response headers), DER certificate or CRL, hex DER,
 * PCS TCB info / QE identity responses, their bare bodies, a 64-byte hex
 * signature, or a JSON collateral bundle (phala collateral.json keys).
 * `origin` names the blob in messages (may be NULL). The bytes are copied.
 * Errors: OE_NOT_FOUND when the blob is not collateral at all (nothing
 * added), OE_INVALID_ENDORSEMENT when it looks like collateral but is
 * malformed or conflicts with what the set already holds, OE_OUT_OF_MEMORY.
 * On error the set may keep what the blob contributed before the failing
 * part (earlier PEM blocks, earlier bundle members). */
KEEP_VERIFY_WARN oe_result_t keep_verify_collateral_add(
    keep_verify_collateral_t* coll, const uint8_t* buf, size_t len,
    const char* origin);

/* Adds a file, or every regular file of a directory (not recursive; files
 * that are not collateral, such as a README or the quote, are skipped).
 * Errors as keep_verify_collateral_add, plus OE_READ_FAILED. */
KEEP_VERIFY_WARN oe_result_t keep_verify_collateral_load(
    keep_verify_collateral_t* coll, const char* path);

/* Successful signature checks (certificates, CRLs, TCB info, QE identity)
 * are remembered per set, keyed by SHA-256 over (signed bytes, signature,
 * public key), and parsed PCK chains by SHA-256 of the quote's
 * certification data, so a server verifying many quotes against one loaded
 * set pays for them once. Quote and QE report signatures are always
 * checked. On by default; `enabled` = 0 turns both caches off. */
void keep_verify_collateral_set_cache(keep_verify_collateral_t* coll,
                                      int enabled);

/* The message for the last failed add/load ("" if none). Valid until the
 * next call on `coll`. */
const char* keep_verify_collateral_error(const keep_verify_collateral_t* coll);

/* ---- verification ------------------------------------------------------- */

typedef struct keep_verify_options {
    int64_t at;                    /* seconds since 1970-01-01T00:00:00Z */
    const keep_verify_anchor_t* const* anchors; /* NULL: Intel only */
    size_t anchor_count;
} keep_verify_options_t;

/* Verifies `quote` (quote_size bytes, a DCAP quote v3 with a type-5 PCK
 * chain) against `coll` at opts->at, per sgx-dcap.md §3.4. Fills *result
 * (cleared on entry) with every check's outcome and what the quote says.
 *
 * Returns OE_OK when the quote is genuine and its TCB level was determined
 * (any status except Revoked; the status is in result->tcb — deciding which
 * statuses are acceptable is policy). Otherwise the first failure, e.g.
 * OE_QUOTE_VERIFICATION_ERROR (format/signature), OE_VERIFY_FAILED (chain),
 * OE_VERIFY_FAILED_TO_FIND_VALIDITY_PERIOD (a certificate not valid at T),
 * OE_VERIFY_CRL_EXPIRED, OE_VERIFY_CRL_MISSING, OE_VERIFY_REVOKED,
 * OE_INVALID_ENDORSEMENT (collateral), OE_QUOTE_HASH_MISMATCH (binding),
 * OE_QUOTE_ENCLAVE_IDENTITY_VERIFICATION_FAILED, OE_TCB_LEVEL_INVALID,
 * OE_UNSUPPORTED (quote v4/v5, TDX, cert data types other than 5).
 * Checks after a failure still run where their inputs exist, so
 * result->checks shows everything that can be known. */
KEEP_VERIFY_WARN oe_result_t keep_verify_quote(
    keep_verify_result_t* result, const uint8_t* quote, size_t quote_size,
    const keep_verify_collateral_t* coll, const keep_verify_options_t* opts);

/* ---- time --------------------------------------------------------------- */

/* Parses "YYYY-MM-DDTHH:MM:SSZ" (also "...SS.fffZ" and "+00:00") or
 * "@<seconds>" into seconds since the epoch. OE_INVALID_UTC_DATE_TIME when
 * malformed. */
KEEP_VERIFY_WARN oe_result_t keep_verify_parse_time(int64_t* out,
                                                    const char* str);

/* Formats `t` as "YYYY-MM-DDTHH:MM:SSZ" into buf (at least 21 bytes). */
void keep_verify_format_time(char* buf, size_t size, int64_t t);

/* ---- policy ------------------------------------------------------------- */

#define KEEP_POLICY_MAX_IDS 32
#define KEEP_POLICY_MAX_ROOTS 8

/* What a relying party accepts. Start from keep_verify_policy_default():
 * any identity, any svn, UpToDate only, no advisories, no debug, the Intel
 * root trusted and no other. */
typedef struct keep_verify_policy {
    size_t unique_id_count;
    uint8_t unique_ids[KEEP_POLICY_MAX_IDS][32];
    size_t signer_id_count;
    uint8_t signer_ids[KEEP_POLICY_MAX_IDS][32];
    int has_product_id;
    uint16_t product_id;
    uint16_t min_svn;
    uint32_t allowed_statuses;     /* bit (1 << keep_tcb_status_t) */
    int any_advisory;              /* every advisory ID acceptable */
    size_t advisory_count;
    char advisories[KEEP_VERIFY_MAX_ADVISORIES][KEEP_VERIFY_ADVISORY_SIZE];
    int debug_allowed;
    int trust_intel;               /* the Intel SGX Root CA (default 1) */
    size_t root_count;             /* other trusted roots (Keep platforms) */
    keep_verify_anchor_t roots[KEEP_POLICY_MAX_ROOTS];
    char root_names[KEEP_POLICY_MAX_ROOTS][64];
} keep_verify_policy_t;

/* The default: UpToDate only, no debug, any identity. */
void keep_verify_policy_default(keep_verify_policy_t* policy);

/* The trust anchors `policy` names, for keep_verify_options_t: Intel's
 * first when trusted, then the listed roots. Fills out[0..max) with
 * pointers into `policy` (or static storage) and returns the count. */
size_t keep_verify_policy_anchors(const keep_verify_policy_t* policy,
                                  const keep_verify_anchor_t** out, size_t max);

/* Parses a JSON policy document (docs/verification.md). Starts from the
 * default. Errors: OE_JSON_INFO_PARSE_ERROR with a message in err. */
KEEP_VERIFY_WARN oe_result_t keep_verify_policy_parse(
    keep_verify_policy_t* policy, const uint8_t* json, size_t len, char* err,
    size_t err_size);

/* Applies `policy` to a successful result. OE_OK when accepted; otherwise
 * OE_QUOTE_ENCLAVE_IDENTITY_UNIQUEID_MISMATCH, OE_INVALID_ISVSVN,
 * OE_DEBUG_DOWNGRADE, OE_TCB_LEVEL_INVALID, OE_CONSTRAINT_FAILED with the
 * reason in `reason`. */
KEEP_VERIFY_WARN oe_result_t keep_verify_policy_check(
    const keep_verify_policy_t* policy, const keep_verify_result_t* result,
    char* reason, size_t reason_size);

OE_EXTERNC_END

#endif
