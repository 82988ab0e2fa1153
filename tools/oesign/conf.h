/* oesign's configuration file: NAME=VALUE lines setting enclave properties
 * (OE's keys, docs/signing.md). Parsed from untrusted bytes. */
#ifndef KEEP_OESIGN_CONF_H
#define KEEP_OESIGN_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openenclave/bits/properties.h>
#include <openenclave/bits/result.h>

#include "../../src/common/identity.h"

#define KEEP_CONF_MAX_SIZE (64u * 1024u)
#define KEEP_CONF_MAX_LINE 1024u

typedef enum keep_conf_key {
    KEEP_CONF_DEBUG,
    KEEP_CONF_NUM_HEAP_PAGES,
    KEEP_CONF_NUM_STACK_PAGES,
    KEEP_CONF_NUM_TCS,
    KEEP_CONF_PRODUCT_ID,
    KEEP_CONF_SECURITY_VERSION,
    KEEP_CONF_EXTENDED_PRODUCT_ID,
    KEEP_CONF_FAMILY_ID,
    KEEP_CONF_CAPTURE_PFGP_EXCEPTIONS,
    KEEP_CONF_CREATE_ZERO_BASE_ENCLAVE,
    KEEP_CONF_START_ADDRESS,
    KEEP_CONF_KEY_COUNT
} keep_conf_key;

typedef struct keep_conf {
    bool set[KEEP_CONF_KEY_COUNT];
    uint64_t number[KEEP_CONF_KEY_COUNT]; /* numeric and 0/1 keys */
    uint8_t extended_product_id[16];
    uint8_t family_id[16];
} keep_conf;

/* Parses a configuration file's bytes. Unknown keys, duplicates, syntax
 * errors, bad values and out-of-range numbers are errors; `why` names the
 * line ("line 3: ..."). OE_INVALID_PARAMETER on error. */
oe_result_t keep_conf_parse(keep_conf *conf, const char *text, size_t size, keep_why *why)
    __attribute__((warn_unused_result));

/* Applies the keys that were set to `properties` (ExtendedProductID and
 * FamilyID also set the KSS attribute). */
void keep_conf_apply(const keep_conf *conf, oe_sgx_enclave_properties_t *properties);

#endif
