/* liboeenclave's sealing internals: the key request a seal uses and the
 * blob layout of the AES-GCM plug-in. */
#ifndef KEEP_SEAL_INTERNAL_H
#define KEEP_SEAL_INTERNAL_H

#include <openenclave/bits/result.h>

#include "../common/platform_wire.h"

/* SGX's sealing defaults (sgx-dcap.md §1.3): INITTED, DEBUG, bit 3 and
 * bits 56–63 of the attributes, the top nibble of MISCSELECT. */
#define KEEP_SEAL_FLAGS_MASK 0xFF0000000000000Bull
#define KEEP_SEAL_MISC_MASK 0xF0000000u

#define KEEP_SEAL_IV_SIZE 12
#define KEEP_SEAL_TAG_SIZE 16
/* Largest plaintext a blob may carry (and so the largest blob a caller can
 * make oe_unseal allocate for). */
#define KEEP_SEAL_MAX_PLAINTEXT ((size_t)1 << 30)

/* The blob header (openenclave-api.md §2.4), 560 bytes, little-endian,
 * followed by ciphertext_size bytes. The header up to the tag is
 * authenticated with the caller's additional data, which is not stored. */
typedef struct keep_seal_header {
    keep_sgx_key_request key_request;
    uint32_t ciphertext_size;
    uint8_t reserved[12];
    uint32_t total_size; /* header + ciphertext */
    uint8_t iv[KEEP_SEAL_IV_SIZE];
    uint8_t tag[KEEP_SEAL_TAG_SIZE];
} keep_seal_header;

_Static_assert(sizeof(keep_seal_header) == 560, "seal blob header");
_Static_assert(offsetof(keep_seal_header, tag) == 544, "seal blob tag");

/* Parses a blob's header (seal_blob.c): blob_size is the header plus at
 * most KEEP_SEAL_MAX_PLAINTEXT bytes, total_size and ciphertext_size agree
 * with it exactly, reserved bytes are zero. OE_INVALID_PARAMETER otherwise.
 * The key request is checked by the platform, the rest by AES-GCM. */
oe_result_t keep_seal_blob_parse(keep_seal_header *header, const uint8_t *blob, size_t blob_size)
    __attribute__((warn_unused_result));

/* A fresh key request for a seal with `policy` (KEEP_SGX_KEYPOLICY_*): this
 * enclave's ISVSVN and CPUSVN, SGX's default masks, a random key id. */
oe_result_t keep_seal_key_request(keep_sgx_key_request *request, uint16_t policy)
    __attribute__((warn_unused_result));

/* A key for a fresh random key id, which it writes into `request` (the
 * rest of the request as given): from a batch fetched ahead, saving a
 * platform round trip per seal. */
oe_result_t keep_seal_key_fresh(keep_sgx_key_request *request,
                                uint8_t key[KEEP_PLATFORM_KEY_SIZE])
    __attribute__((warn_unused_result));

/* The key for `request`, from the platform. */
oe_result_t keep_seal_key_derive(const keep_sgx_key_request *request,
                                 uint8_t key[KEEP_PLATFORM_KEY_SIZE])
    __attribute__((warn_unused_result));

#endif
