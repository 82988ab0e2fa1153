/* Test helpers for the shared DCAP vectors. */
#include "vectors.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#ifndef KEEP_DCAP_VECTORS
#error "KEEP_DCAP_VECTORS must name the vectors directory"
#endif

int vec_available(const char* test_name)
{
    struct stat st;
    if (stat(KEEP_DCAP_VECTORS, &st) == 0 && S_ISDIR(st.st_mode))
        return 1;
    printf("SKIP %s: DCAP test vectors not found at %s\n", test_name,
           KEEP_DCAP_VECTORS);
    return 0;
}

const char* vec_path(const char* set)
{
    static char buf[4096];
    snprintf(buf, sizeof(buf), "%s/%s", KEEP_DCAP_VECTORS, set);
    return buf;
}

uint8_t* vec_read(const char* set, const char* file, size_t* len)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s/%s", KEEP_DCAP_VECTORS, set, file);
    FILE* f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        abort();
    }
    uint8_t* buf = malloc(1 << 20);
    *len = fread(buf, 1, 1 << 20, f);
    fclose(f);
    return buf;
}

int64_t vec_time(const char* iso)
{
    int64_t t = 0;
    if (keep_verify_parse_time(&t, iso) != OE_OK)
        abort();
    return t;
}

keep_verify_collateral_t* vec_collateral_dir(const char* set)
{
    keep_verify_collateral_t* c = NULL;
    if (keep_verify_collateral_new(&c) != OE_OK ||
        keep_verify_collateral_load(c, vec_path(set)) != OE_OK) {
        fprintf(stderr, "collateral: %s\n", keep_verify_collateral_error(c));
        abort();
    }
    return c;
}

keep_verify_collateral_t* vec_collateral_files(const char* set,
                                               const char* const* files)
{
    keep_verify_collateral_t* c = NULL;
    if (keep_verify_collateral_new(&c) != OE_OK)
        abort();
    for (size_t i = 0; files[i]; i++) {
        size_t len;
        uint8_t* buf = vec_read(set, files[i], &len);
        oe_result_t r = keep_verify_collateral_add(c, buf, len, files[i]);
        free(buf);
        if (r != OE_OK) {
            fprintf(stderr, "collateral: %s\n", keep_verify_collateral_error(c));
            abort();
        }
    }
    return c;
}

oe_result_t vec_verify(keep_verify_result_t* res, const uint8_t* quote,
                       size_t len, const keep_verify_collateral_t* coll,
                       const char* iso)
{
    keep_verify_options_t opts = {.at = vec_time(iso)};
    return keep_verify_quote(res, quote, len, coll, &opts);
}
