/* Reading an enclave image once into sealed memory, so that what is checked
 * and what is loaded are the same bytes (no re-opening of the path). */
#ifndef KEEP_IMAGE_H
#define KEEP_IMAGE_H

#include <openenclave/bits/result.h>

/* Copies the file at `path` into a new sealed memfd (no writes, no
 * resizing). On success *fd_out is the memfd, owned by the caller.
 * OE_NOT_FOUND when the file cannot be opened, OE_INVALID_IMAGE when it is
 * empty or not an ELF file. */
oe_result_t keep_image_open(const char *path, int *fd_out) __attribute__((warn_unused_result));

#endif
