/* The platform libraries claim (DESIGN §4): shared libraries such as libc
 * and libcrypto belong to the platform, like the kernel, so their digest is
 * reported beside the enclave's identity rather than in it. The platform
 * child computes it at start from the files mapped into the runner it was
 * forked from (the runner's own libraries, which the enclave shares).
 * digest = SHA-256 over, for each mapped file in path order,
 * path ‖ NUL ‖ SHA-256(file contents). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "internal.h"

#define MAX_LIBS 64
#define PATH_SIZE 512

static int compare(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

/* Distinct file paths mapped into this process, sorted. */
static size_t mapped_files(char paths[MAX_LIBS][PATH_SIZE])
{
    FILE *maps = fopen("/proc/self/maps", "re");
    char line[PATH_SIZE + 128];
    size_t n = 0;
    while (maps && n < MAX_LIBS && fgets(line, sizeof(line), maps)) {
        char *path = strchr(line, '/');
        if (!path || strstr(line, " (deleted)"))
            continue;
        path[strcspn(path, "\n")] = '\0';
        bool seen = false;
        for (size_t i = 0; i < n && !seen; i++)
            seen = strcmp(paths[i], path) == 0;
        if (!seen && strlen(path) < PATH_SIZE)
            snprintf(paths[n++], PATH_SIZE, "%s", path);
    }
    if (maps)
        fclose(maps);
    qsort(paths, n, PATH_SIZE, compare);
    return n;
}

static bool file_digest(uint8_t out[32], const char *path)
{
    FILE *f = fopen(path, "rbe");
    uint8_t buf[1 << 15];
    size_t got;
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    bool ok = f && md && EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1;
    while (ok && (got = fread(buf, 1, sizeof(buf), f)) > 0)
        ok = EVP_DigestUpdate(md, buf, got) == 1;
    ok = ok && !ferror(f) && EVP_DigestFinal_ex(md, out, NULL) == 1;
    EVP_MD_CTX_free(md);
    if (f)
        fclose(f);
    return ok;
}

bool keep_platform_measure_libraries(keep_platform *platform)
{
    static char paths[MAX_LIBS][PATH_SIZE];
    size_t n = mapped_files(paths);
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    bool ok = md && n && EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1;
    for (size_t i = 0; ok && i < n; i++) {
        uint8_t digest[32];
        ok = file_digest(digest, paths[i]) &&
             EVP_DigestUpdate(md, paths[i], strlen(paths[i]) + 1) == 1 &&
             EVP_DigestUpdate(md, digest, sizeof(digest)) == 1;
    }
    ok = ok && EVP_DigestFinal_ex(md, platform->libraries, NULL) == 1;
    EVP_MD_CTX_free(md);
    if (!ok)
        memset(platform->libraries, 0, sizeof(platform->libraries));
    return ok;
}
