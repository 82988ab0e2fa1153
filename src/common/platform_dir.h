/* The platform state directory's location (platform_dir.c). */
#ifndef KEEP_PLATFORM_DIR_H
#define KEEP_PLATFORM_DIR_H

#include <stddef.h>

#include <openenclave/bits/result.h>

#define KEEP_PLATFORM_DIR_ENV "KEEP_PLATFORM_DIR"

/* $KEEP_PLATFORM_DIR, else /var/lib/keep for root, else
 * $XDG_DATA_HOME/keep/platform, else ~/.local/share/keep/platform.
 * OE_INVALID_PARAMETER when it does not fit in `size` bytes or no home
 * directory is known. */
oe_result_t keep_platform_default_dir(char *dir, size_t size) __attribute__((warn_unused_result));

#endif
