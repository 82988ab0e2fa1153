/* Fixed-width types, limits and small structures used across the OE API.
 * Keep enclaves are built against the system C library, so the standard
 * headers supply the integer types; this header adds OE's names. */
#ifndef _OE_BITS_TYPES_H
#define _OE_BITS_TYPES_H

#include "defs.h"

#ifndef __cplusplus
#include <stdbool.h>
#endif
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#define OE_INT8_MIN INT8_MIN
#define OE_INT8_MAX INT8_MAX
#define OE_UINT8_MAX UINT8_MAX
#define OE_INT16_MIN INT16_MIN
#define OE_INT16_MAX INT16_MAX
#define OE_UINT16_MAX UINT16_MAX
#define OE_INT32_MIN INT32_MIN
#define OE_INT32_MAX INT32_MAX
#define OE_UINT32_MAX UINT32_MAX
#define OE_INT64_MIN INT64_MIN
#define OE_INT64_MAX INT64_MAX
#define OE_UINT64_MAX UINT64_MAX
#define OE_SIZE_MAX SIZE_MAX
#define OE_SSIZE_MAX PTRDIFF_MAX

OE_EXTERNC_BEGIN

/* The kind of trusted execution environment an enclave is created for. */
typedef enum _oe_enclave_type {
    OE_ENCLAVE_TYPE_AUTO = 1,
    OE_ENCLAVE_TYPE_SGX = 2,
    OE_ENCLAVE_TYPE_OPTEE = 3,
    __OE_ENCLAVE_TYPE_MAX = OE_ENUM_MAX,
} oe_enclave_type_t;

/* Opaque handle to an enclave created by oe_create_enclave(). */
typedef struct _oe_enclave oe_enclave_t;

/* Which enclave identity a sealing or key-derivation request binds to. */
typedef enum _oe_seal_policy {
    OE_SEAL_POLICY_UNIQUE = 1,
    OE_SEAL_POLICY_PRODUCT = 2,
    _OE_SEAL_POLICY_MAX = OE_ENUM_MAX,
} oe_seal_policy_t;

/* Enclave asymmetric keys (openenclave-api.md §2.4). */
typedef enum _oe_asymmetric_key_type {
    OE_ASYMMETRIC_KEY_EC_SECP256P1 = 1,
    _OE_ASYMMETRIC_KEY_TYPE_MAX = OE_ENUM_MAX,
} oe_asymmetric_key_type_t;

typedef enum _oe_asymmetric_key_format {
    OE_ASYMMETRIC_KEY_PEM = 1,
    _OE_ASYMMETRIC_KEY_FORMAT_MAX = OE_ENUM_MAX,
} oe_asymmetric_key_format_t;

typedef struct _oe_asymmetric_key_params {
    oe_asymmetric_key_type_t type;
    oe_asymmetric_key_format_t format;
    void* user_data; /* optional: mixed into the derivation */
    size_t user_data_size;
} oe_asymmetric_key_params_t;

/* A calendar date and time (UTC). */
typedef struct _oe_datetime {
    uint32_t year;    /* 1970 and later */
    uint32_t month;   /* 1 to 12 */
    uint32_t day;     /* 1 to 31 */
    uint32_t hours;   /* 0 to 23 */
    uint32_t minutes; /* 0 to 59 */
    uint32_t seconds; /* 0 to 59 */
} oe_datetime_t;

OE_EXTERNC_END

#endif
