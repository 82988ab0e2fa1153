/* Evidence, claims and verification policies shared by attesters and
 * verifiers. Names, values and layouts follow Open Enclave's
 * <openenclave/bits/evidence.h> (openenclave-api.md §2.5-§2.6). */
#ifndef _OE_BITS_EVIDENCE_H
#define _OE_BITS_EVIDENCE_H

#include "defs.h"
#include "types.h"

OE_EXTERNC_BEGIN

/* Bits of the OE_CLAIM_ATTRIBUTES claim (uint64_t); the same values as
 * OE_REPORT_ATTRIBUTES_DEBUG and OE_REPORT_ATTRIBUTES_REMOTE. */
#define OE_EVIDENCE_ATTRIBUTES_SGX_DEBUG 0x0000000000000001ULL
#define OE_EVIDENCE_ATTRIBUTES_SGX_REMOTE 0x0000000000000002ULL
#define OE_EVIDENCE_ATTRIBUTES_RESERVED \
    (~(OE_EVIDENCE_ATTRIBUTES_SGX_DEBUG | OE_EVIDENCE_ATTRIBUTES_SGX_REMOTE))

#define OE_UUID_SIZE 16

/* An evidence format identifier. */
typedef struct _oe_uuid_t {
    uint8_t b[OE_UUID_SIZE];
} oe_uuid_t;

/* One claim: a NUL-terminated name and a value of value_size bytes. */
typedef struct _oe_claim {
    char* name;
    uint8_t* value;
    size_t value_size;
} oe_claim_t;

/* Claims every verifier outputs. */
#define OE_CLAIM_ID_VERSION "id_version"
#define OE_CLAIM_SECURITY_VERSION "security_version"
#define OE_CLAIM_ATTRIBUTES "attributes"
#define OE_CLAIM_UNIQUE_ID "unique_id"
#define OE_CLAIM_SIGNER_ID "signer_id"
#define OE_CLAIM_PRODUCT_ID "product_id"
#define OE_CLAIM_FORMAT_UUID "format_uuid"
#define OE_REQUIRED_CLAIMS_COUNT 7
extern const char* OE_REQUIRED_CLAIMS[OE_REQUIRED_CLAIMS_COUNT];

/* Optional claims. */
#define OE_CLAIM_TCB_STATUS "tcb_status"
#define OE_CLAIM_TCB_DATE "tcb_date"
#define OE_CLAIM_VALIDITY_FROM "validity_from"
#define OE_CLAIM_VALIDITY_UNTIL "validity_until"
#define OE_CLAIM_UEID "ueid"
#define OE_CLAIM_HARDWARE_MODEL "hardware_model"
#define OE_OPTIONAL_CLAIMS_COUNT 6
extern const char* OE_OPTIONAL_CLAIMS[OE_OPTIONAL_CLAIMS_COUNT];

/* UEID: a type byte then the id. */
#define OE_UEID_SIZE 33
#define OE_UEID_TYPE_RAND 0x01
#define OE_UEID_TYPE_IEEE_EUI 0x02
#define OE_UEID_TYPE_IMEI 0x03

/* The custom claims buffer given to oe_get_evidence(). */
#define OE_CLAIM_CUSTOM_CLAIMS_BUFFER "custom_claims_buffer"

/* Policies a verifier accepts. */
typedef enum _oe_policy_type {
    /* Check endorsement times against this oe_datetime_t instead of the
     * endorsements' creation time. */
    OE_POLICY_ENDORSEMENTS_TIME = 1,
    /* Opaque baseline passed to the platform's verifier. */
    OE_POLICY_ENDORSEMENTS_BASELINE = 2,
    /* Minimum TCB date (oe_datetime_t). */
    OE_POLICY_TCB_BASELINE_DATE = 3,
    _OE_POLICY_TYPE_MAX = OE_ENUM_MAX,
} oe_policy_type_t;

typedef struct _oe_policy {
    oe_policy_type_t type;
    void* policy;
    size_t policy_size;
} oe_policy_t;

OE_EXTERNC_END

#endif
