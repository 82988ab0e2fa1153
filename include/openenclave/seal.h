/* Sealing: oe_seal / oe_unseal and seal plug-ins (openenclave-api.md §2.4).
 * Names, values and semantics follow Open Enclave's <openenclave/seal.h>;
 * TEE-specific settings are in <openenclave/sgx/seal.h>. Enclave only.
 *
 * On Keep the seal key comes from the platform (docs/platform.md): derived
 * from its seal root and the enclave's identity, never stored. */
#ifndef _OE_SEAL_H
#define _OE_SEAL_H

#include "bits/defs.h"
#include "bits/evidence.h"
#include "bits/result.h"
#include "bits/types.h"

OE_EXTERNC_BEGIN

/* One seal setting: a type, and a value (inline, size 0) or a buffer
 * (value.p, size bytes). Build them with the OE_SEAL_SET_* macros. */
typedef struct _oe_seal_setting {
    int type;
    uint32_t size;
    union {
        uint64_t q;
        uint32_t d;
        uint16_t w;
        uint8_t b;
        const void* p;
    } value;
} oe_seal_setting_t;

enum oe_seal_setting_type_t {
    OE_SEAL_SETTING_POLICY,             /* OE_SEAL_POLICY_UNIQUE or _PRODUCT */
    OE_SEAL_SETTING_ADDITIONAL_CONTEXT, /* not supported by the GCM plug-in */
    OE_SEAL_SETTING_IV,                 /* 12 bytes for AES-GCM; random when absent */
    OE_SEAL_SETTING_MAX = 0x10000,
    OE_SEAL_SETTING_PLUGIN_DEFINED = OE_SEAL_SETTING_MAX / 2,
};

#define __OE_SEAL_SET_POINTER(t, p, s) {(t), (s), {(uint64_t)(p)}}
#define __OE_SEAL_SET_VALUE(t, v) __OE_SEAL_SET_POINTER(t, v, 0)
#define OE_SEAL_SET_POLICY(w) __OE_SEAL_SET_VALUE(OE_SEAL_SETTING_POLICY, w)
#define OE_SEAL_SET_CONTEXT(p, s) __OE_SEAL_SET_POINTER(OE_SEAL_SETTING_ADDITIONAL_CONTEXT, p, s)
#define OE_SEAL_SET_IV(p, s) __OE_SEAL_SET_POINTER(OE_SEAL_SETTING_IV, p, s)

/* Encrypts `plaintext` and authenticates it with `additional_data` (which
 * is not stored in the blob: oe_unseal needs the same bytes). plugin_id
 * NULL: the default plug-in. *blob is freed with oe_free().
 * OE_INVALID_PARAMETER (bad arguments or setting values), OE_UNSUPPORTED
 * (an unknown setting), OE_NOT_FOUND (no such plug-in), OE_OUT_OF_MEMORY,
 * OE_CRYPTO_ERROR, OE_PLATFORM_ERROR (no platform answers). */
oe_result_t oe_seal(const oe_uuid_t* plugin_id, const oe_seal_setting_t* settings,
                    size_t settings_count, const uint8_t* plaintext, size_t plaintext_size,
                    const uint8_t* additional_data, size_t additional_data_size, uint8_t** blob,
                    size_t* blob_size);

/* Checks and decrypts a blob from oe_seal, trying each registered plug-in.
 * *plaintext (optional) is freed with oe_free(). Errors say why: a
 * malformed blob (OE_INVALID_PARAMETER), a blob from a newer version of the
 * enclave (OE_INVALID_ISVSVN) or platform (OE_INVALID_CPUSVN), and
 * OE_CRYPTO_ERROR when authentication fails: the blob was changed, the
 * additional data differs, or another enclave, signer or platform sealed it. */
oe_result_t oe_unseal(const uint8_t* blob, size_t blob_size, const uint8_t* additional_data,
                      size_t additional_data_size, uint8_t** plaintext, size_t* plaintext_size);

typedef struct _oe_seal_plugin_definition {
    const oe_uuid_t id;
    oe_result_t (*seal)(const oe_seal_setting_t* settings, size_t settings_count,
                        const uint8_t* plaintext, size_t plaintext_size,
                        const uint8_t* additional_data, size_t additional_data_size,
                        uint8_t** blob, size_t* blob_size);
    oe_result_t (*unseal)(const uint8_t* blob, size_t blob_size, const uint8_t* additional_data,
                          size_t additional_data_size, uint8_t** plaintext,
                          size_t* plaintext_size);
} oe_seal_plugin_definition_t;

/* Registers a plug-in (the definition must outlive its registration); the
 * first registered, or one registered with make_default, is the default.
 * OE_OUT_OF_MEMORY when the table is full. */
oe_result_t oe_register_seal_plugin(const oe_seal_plugin_definition_t* plugin, bool make_default);

/* OE_NOT_FOUND when no plug-in has that id. */
oe_result_t oe_unregister_seal_plugin(const oe_uuid_t* plugin_id);

OE_EXTERNC_END

#endif
