/* The measurement of a Keep enclave image (its unique_id, Keep's MRENCLAVE):
 * one SHA-256 over the image's program headers, the contents of its
 * loadable segments, its dynamic relocation tables and its properties, with
 * the SIGSTRUCT and the build id left out. docs/measurement.md specifies it
 * byte by byte; oesign, `keep info` and the loader all call this one
 * function. */
#ifndef KEEP_MEASURE_H
#define KEEP_MEASURE_H

#include <stddef.h>
#include <stdint.h>

#include <openenclave/bits/properties.h>
#include <openenclave/bits/result.h>

#include "why.h"

#define KEEP_MEASUREMENT_SIZE 32

/* Where an image keeps its properties. */
typedef struct keep_oeinfo {
    size_t offset;  /* file offset of the .oeinfo section */
    uint64_t vaddr; /* its address in the loaded image (relative to the base) */
    oe_sgx_enclave_properties_t properties; /* a copy, not yet validated */
} keep_oeinfo;

/* Finds the .oeinfo section of the ELF image [image, image+size): it must be
 * exactly sizeof(oe_sgx_enclave_properties_t) bytes, entirely inside the
 * file-backed part of one non-executable PT_LOAD segment, and carry the
 * properties' size and end marker. OE_UNSUPPORTED_ENCLAVE_IMAGE when there
 * is no .oeinfo, OE_INVALID_IMAGE when malformed; `why` says which. */
oe_result_t keep_oeinfo_find(keep_oeinfo *oeinfo, const uint8_t *image, size_t size,
                             keep_why *why) __attribute__((warn_unused_result));

/* Computes the measurement of the image (docs/measurement.md).
 * OE_INVALID_IMAGE (or OE_UNSUPPORTED_ENCLAVE_IMAGE without .oeinfo) with
 * `why` set when the image is not a well-formed enclave image. */
oe_result_t keep_measure(uint8_t measurement[KEEP_MEASUREMENT_SIZE], const uint8_t *image,
                         size_t size, keep_why *why) __attribute__((warn_unused_result));

#endif
