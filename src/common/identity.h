/* An enclave image's identity, read and checked from its bytes: the one
 * check that the loader, `oesign dump` and `keep info` share. */
#ifndef KEEP_IDENTITY_H
#define KEEP_IDENTITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hex.h"

#include <openenclave/bits/properties.h>
#include <openenclave/bits/result.h>

#include "measure.h"
#include "sigstruct.h"
#include "why.h"

typedef struct keep_identity {
    bool is_signed;                           /* false: the SIGSTRUCT is all zero */
    uint8_t unique_id[KEEP_MEASUREMENT_SIZE]; /* the measurement (MRENCLAVE) */
    uint8_t signer_id[KEEP_SHA256_SIZE];      /* MRSIGNER; zero when unsigned */
    uint16_t product_id;                      /* ISVPRODID */
    uint16_t security_version;                /* ISVSVN */
    uint64_t attributes;                      /* OE_SGX_FLAGS_* the image was built for */
    oe_sgx_enclave_properties_t properties;   /* .oeinfo as found (sizes not range-checked) */
} keep_identity;

/* Reads the properties, recomputes the measurement and, when the image is
 * signed, verifies the SIGSTRUCT: its signature, that its ENCLAVEHASH is
 * the measurement, and that its attributes and ids are the properties'.
 * Errors: OE_UNSUPPORTED_ENCLAVE_IMAGE (no .oeinfo), OE_INVALID_IMAGE (a
 * malformed image, or a check failed); `why` names what differs, starting
 * with "signature:", "measurement:" or "properties:". */
oe_result_t keep_identity_read(keep_identity *identity, const uint8_t *image, size_t size,
                               keep_why *why) __attribute__((warn_unused_result));

/* Fills the SIGSTRUCT body (everything but the key, signature, Q1 and Q2)
 * for properties and a measurement, as oesign signs it. `date` is BCD
 * yyyymmdd. */
void keep_identity_sigstruct_body(keep_sigstruct *sigstruct,
                                  const oe_sgx_enclave_properties_t *properties,
                                  const uint8_t measurement[KEEP_MEASUREMENT_SIZE],
                                  uint32_t date);

/* The loader's limits on properties; oesign applies the same ones so that it
 * never signs an image the loader would refuse. */
#define KEEP_MAX_HEAP_PAGES ((uint64_t)1 << 24)
#define KEEP_MAX_STACK_PAGES ((uint64_t)1 << 18)

/* Checks properties as the loader requires them. OE_INVALID_PARAMETER with
 * `why` naming the field otherwise. */
oe_result_t keep_properties_validate(const oe_sgx_enclave_properties_t *properties,
                                     keep_why *why) __attribute__((warn_unused_result));


#endif
