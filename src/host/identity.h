/* The loader's identity checks (DESIGN.md §4): before any enclave code
 * runs, the sealed copy of the image is measured and its SIGSTRUCT
 * verified; unsigned images load only in debug mode, as in OE. The
 * identity found is kept on the enclave for attestation. */
#ifndef KEEP_HOST_IDENTITY_H
#define KEEP_HOST_IDENTITY_H

#include <stdbool.h>
#include <stdint.h>

#include <openenclave/bits/result.h>

#include "image.h"

typedef struct keep_enclave_identity {
    uint8_t unique_id[32]; /* the measurement (MRENCLAVE) */
    uint8_t signer_id[32]; /* MRSIGNER; zero for an unsigned image */
    uint16_t product_id;
    uint16_t security_version;
    bool debug;     /* the enclave runs in debug mode (OE_ENCLAVE_FLAG_DEBUG) */
    bool is_signed; /* false: an unsigned image, loaded in debug mode */
} keep_enclave_identity;

/* Checks `image` (already opened; its properties read) for creation with
 * `flags` and fills `identity`. OE_INVALID_IMAGE when the signature, the
 * measurement or the properties do not match (the log names which);
 * OE_FAILURE for an unsigned image without OE_ENCLAVE_FLAG_DEBUG, as OE. */
oe_result_t keep_image_check_identity(keep_enclave_identity *identity, const keep_image *image,
                                      const char *path, uint32_t flags)
    __attribute__((warn_unused_result));

#endif
