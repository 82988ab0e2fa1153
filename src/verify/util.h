/* Small helpers shared by the verifier: little-endian reads, hex, reasons.
 * Internal to liboehostverify. */
#ifndef KEEP_VERIFY_UTIL_H
#define KEEP_VERIFY_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "../common/hex.h"

#include <openenclave/bits/result.h>

#define KEEP_VERIFY_PRINTF(a, b) __attribute__((format(printf, a, b)))

static inline uint16_t keep_le16(const uint8_t* p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t keep_le32(const uint8_t* p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}

static inline uint64_t keep_le64(const uint8_t* p)
{
    return (uint64_t)keep_le32(p) | ((uint64_t)keep_le32(p + 4) << 32);
}



/* snprintf into a fixed buffer, never failing (truncates). */
void keep_fmt(char* buf, size_t size, const char* fmt, ...)
    KEEP_VERIFY_PRINTF(3, 4);

/* SHA-256 of `len` bytes. Returns 0 on success. */
int keep_sha256(uint8_t out[32], const void* data, size_t len);

/* Constant-time-free equality for public data. */
int keep_bytes_equal(const void* a, const void* b, size_t n);

#endif
