/* Hex, formatting and hashing helpers for the verifier. */
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>


void keep_fmt(char* buf, size_t size, const char* fmt, ...)
{
    va_list ap;
    if (size == 0)
        return;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    if (n < 0)
        buf[0] = '\0';
}

int keep_sha256(uint8_t out[32], const void* data, size_t len)
{
    unsigned int out_len = 0;
    if (!EVP_Digest(data, len, out, &out_len, EVP_sha256(), NULL) ||
        out_len != 32)
        return -1;
    return 0;
}

int keep_bytes_equal(const void* a, const void* b, size_t n)
{
    return memcmp(a, b, n) == 0;
}
