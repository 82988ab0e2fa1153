/* Small helpers for the identity tests: checks that stop the test with the
 * failing line, file reading and hex comparison. */
#ifndef KEEP_ID_TEST_H
#define KEEP_ID_TEST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ID_CHECK(cond)                                                                        \
    do {                                                                                      \
        if (!(cond)) {                                                                        \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);          \
            exit(1);                                                                          \
        }                                                                                     \
    } while (0)

#define ID_CHECK_OK(expr)                                                                     \
    do {                                                                                      \
        oe_result_t r_ = (expr);                                                              \
        if (r_ != OE_OK) {                                                                    \
            fprintf(stderr, "%s:%d: %s returned %d (%s)\n", __FILE__, __LINE__, #expr,       \
                    (int)r_, why.text);                                                       \
            exit(1);                                                                          \
        }                                                                                     \
    } while (0)

static inline uint8_t *id_read_file(const char *dir, const char *name, size_t *size)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    ID_CHECK(f != NULL);
    ID_CHECK(fseek(f, 0, SEEK_END) == 0);
    long n = ftell(f);
    ID_CHECK(n > 0 && fseek(f, 0, SEEK_SET) == 0);
    uint8_t *buf = malloc((size_t)n);
    ID_CHECK(buf && fread(buf, 1, (size_t)n, f) == (size_t)n);
    fclose(f);
    *size = (size_t)n;
    return buf;
}

static inline bool id_hex_equal(const uint8_t bytes[32], const char *hex)
{
    char text[65];
    for (int i = 0; i < 32; i++)
        snprintf(text + 2 * i, 3, "%02x", bytes[i]);
    return strcmp(text, hex) == 0;
}

#endif
