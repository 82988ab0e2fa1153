/* Loading collateral from a file or a directory (by content). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "collateral.h"
#include "util.h"

#define KEEP_COLL_MAX_FILES 256

static oe_result_t read_file(const char* path, uint8_t** out, size_t* len)
{
    FILE* f = fopen(path, "rb");
    uint8_t* buf = NULL;
    *out = NULL;
    *len = 0;
    if (!f)
        return OE_READ_FAILED;
    buf = malloc(KEEP_COLL_MAX_BLOB + 1);
    size_t n = buf ? fread(buf, 1, KEEP_COLL_MAX_BLOB + 1, f) : 0;
    int bad = !buf || ferror(f) || n > KEEP_COLL_MAX_BLOB;
    fclose(f);
    if (bad) {
        free(buf);
        return buf ? OE_READ_FAILED : OE_OUT_OF_MEMORY;
    }
    *out = buf;
    *len = n;
    return OE_OK;
}

static oe_result_t load_file(keep_verify_collateral_t* c, const char* path,
                             int in_dir)
{
    uint8_t* buf;
    size_t len;
    oe_result_t r = read_file(path, &buf, &len);
    if (r != OE_OK) {
        keep_fmt(c->err, sizeof(c->err), "%s: cannot read (or larger than "
                 "%d bytes)", path, KEEP_COLL_MAX_BLOB);
        return r;
    }
    c->err[0] = '\0';
    r = keep_coll_add(c, buf, len, path, 0);
    free(buf);
    if (r == OE_NOT_FOUND && in_dir)
        return OE_OK; /* a README, the quote, ...: not collateral */
    if (r == OE_NOT_FOUND)
        keep_fmt(c->err, sizeof(c->err), "%s: not collateral", path);
    else if (r != OE_OK && !c->err[0])
        keep_fmt(c->err, sizeof(c->err), "%s: malformed collateral", path);
    return r;
}

static int cmp_names(const void* a, const void* b)
{
    return strcmp(*(char* const*)a, *(char* const*)b);
}

/* Regular files of `dir`, sorted so loading is deterministic. */
static oe_result_t load_dir(keep_verify_collateral_t* c, const char* dir)
{
    DIR* d = opendir(dir);
    char* names[KEEP_COLL_MAX_FILES];
    size_t n = 0;
    struct dirent* e;
    oe_result_t r = OE_OK;
    if (!d)
        return OE_READ_FAILED;
    while ((e = readdir(d)) && n < KEEP_COLL_MAX_FILES) {
        struct stat st;
        char path[4096];
        keep_fmt(path, sizeof(path), "%s/%s", dir, e->d_name);
        if (e->d_name[0] == '.' || stat(path, &st) || !S_ISREG(st.st_mode))
            continue;
        names[n] = strdup(path);
        if (names[n])
            n++;
    }
    closedir(d);
    qsort(names, n, sizeof(names[0]), cmp_names);
    for (size_t i = 0; i < n; i++) {
        if (r == OE_OK)
            r = load_file(c, names[i], 1);
        free(names[i]);
    }
    return r;
}

oe_result_t keep_verify_collateral_load(keep_verify_collateral_t* c,
                                        const char* path)
{
    struct stat st;
    if (!c || !path)
        return OE_INVALID_PARAMETER;
    c->err[0] = '\0';
    if (stat(path, &st)) {
        keep_fmt(c->err, sizeof(c->err), "%s: %s", path, strerror(errno));
        return OE_READ_FAILED;
    }
    if (S_ISDIR(st.st_mode))
        return load_dir(c, path);
    return load_file(c, path, 0);
}
