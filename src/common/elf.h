/* Reading the parts of an enclave image's ELF file that Keep needs, from
 * untrusted bytes: every offset and size is checked against the buffer. */
#ifndef KEEP_ELF_H
#define KEEP_ELF_H

#include <stddef.h>
#include <stdint.h>

#include <openenclave/bits/result.h>

/* Finds section `name` in the 64-bit little-endian ELF image [image,
 * image+size). On success stores the section's file offset and size (which
 * lie within the image). OE_NOT_FOUND when there is no such section,
 * OE_INVALID_IMAGE when the file is not a well-formed ELF64 image. */
oe_result_t keep_elf_find_section(const uint8_t *image, size_t size, const char *name,
                                  size_t *section_offset, size_t *section_size)
    __attribute__((warn_unused_result));

#endif
