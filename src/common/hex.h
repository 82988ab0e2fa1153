/* Lowercase hexadecimal text for digests and identities. */
#ifndef KEEP_HEX_H
#define KEEP_HEX_H

#include <stddef.h>
#include <stdint.h>

/* Writes 2*len lowercase hex digits and a NUL to `out` (2*len+1 bytes). */
void keep_hex_encode(char *out, const uint8_t *in, size_t len);

/* Decodes exactly `hex_len` = 2*out_size hex digits (either case) into
 * `out`. Returns 0, or -1 (with `out` partly written) for a wrong length or
 * a character that is not a hex digit. */
int keep_hex_decode(uint8_t *out, size_t out_size, const char *hex, size_t hex_len);

#endif
