/* Reading an enclave image once into sealed memory, so that what is checked
 * and what is loaded are the same bytes (no re-opening of the path), and
 * reading its properties (.oeinfo) from those bytes. */
#ifndef KEEP_IMAGE_H
#define KEEP_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include <openenclave/bits/properties.h>
#include <openenclave/bits/result.h>

typedef struct keep_image {
    int fd;               /* sealed memfd holding the image; -1 when closed */
    const uint8_t *bytes; /* read-only mapping of fd */
    size_t size;
    oe_sgx_enclave_properties_t properties; /* validated copy of .oeinfo */
} keep_image;

/* Copies the file at `path` into a sealed memfd and reads its properties.
 * OE_NOT_FOUND when the file cannot be opened; OE_INVALID_IMAGE when it is
 * not a well-formed ELF64 image; OE_UNSUPPORTED_ENCLAVE_IMAGE when it has
 * no .oeinfo section (not linked with liboeenclave); OE_INVALID_PARAMETER
 * when its properties are out of range. Each failure is logged with the
 * reason. Release with keep_image_close(). */
oe_result_t keep_image_open(keep_image *image, const char *path)
    __attribute__((warn_unused_result));

/* Releases the image; accepts a closed or failed one. */
void keep_image_close(keep_image *image);

/* Checks properties as the loader requires them; logs what is wrong. */
oe_result_t keep_properties_check(const oe_sgx_enclave_properties_t *properties)
    __attribute__((warn_unused_result));

#endif
