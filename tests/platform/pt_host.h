/* Helpers shared by the platform tests' hosts. */
#ifndef PT_HOST_H
#define PT_HOST_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include <openenclave/host.h>

extern int pt_failures;

#define PT_CHECK(cond, ...)                                                          \
    do {                                                                             \
        if (!(cond)) {                                                               \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);          \
            fprintf(stderr, __VA_ARGS__);                                            \
            fprintf(stderr, "\n");                                                   \
            pt_failures++;                                                           \
        }                                                                            \
    } while (0)

#define PT_EXPECT(got, want, what)                                                   \
    PT_CHECK((int)(got) == (int)(want), "%s: got %s, want %s", what,                 \
             oe_result_str((oe_result_t)(got)), oe_result_str((oe_result_t)(want)))

/* Creates `path` on the backend named by pt_backend ("sandbox" or "sim"),
 * with the platform directory `dir` (NULL: leave KEEP_PLATFORM_DIR). Exits
 * on failure. */
extern const char *pt_backend;
oe_enclave_t *pt_create(const char *path, const char *dir, bool debug);

#endif
