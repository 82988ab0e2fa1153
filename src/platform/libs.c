/* The platform libraries claim (DESIGN §4): shared libraries such as libc
 * and libcrypto belong to the platform, like the kernel, so their digest is
 * reported beside the enclave's identity rather than in it. The platform
 * child computes it at start from the files mapped into the runner it was
 * forked from (the runner's own libraries, which the enclave shares).
 * digest = SHA-256 over, for each mapped file in path order,
 * path ‖ NUL ‖ SHA-256(file contents).
 *
 * Hashing ~7 MB of libraries took a third of an enclave's creation, so each
 * file's digest is kept in the platform directory (library-digests), keyed
 * by what changes whenever the file does: device, inode, size, and the
 * modification and change times (a change time cannot be set back without
 * changing the clock). The key is taken from the descriptor the file is
 * hashed from. The cache is platform state, as trusted as the keys beside
 * it; a malformed or missing cache only means hashing again. */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "../common/hex.h"
#include "internal.h"

#define CACHE_NAME "library-digests"

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

/* What identifies one version of a file, and its digest. */
typedef struct lib_digest {
    uint64_t dev, ino, size;
    int64_t mtime_ns, ctime_ns;
    uint8_t digest[32];
} lib_digest;

typedef struct lib_cache {
    lib_digest old[MAX_LIBS], now[MAX_LIBS];
    size_t old_count, now_count;
    bool changed;
} lib_cache;

static bool same_version(const lib_digest *a, const lib_digest *b)
{
    return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
           a->mtime_ns == b->mtime_ns && a->ctime_ns == b->ctime_ns;
}

/* One line: hex digest, dev, ino, size, mtime and ctime in ns. */
static bool parse_line(lib_digest *d, const char *line)
{
    char hex[65];
    int end = 0;
    if (sscanf(line, "%64[0-9a-f] %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNd64 " %" SCNd64 "%n",
               hex, &d->dev, &d->ino, &d->size, &d->mtime_ns, &d->ctime_ns, &end) != 6)
        return false;
    return line[end] == '\0' && keep_hex_decode(d->digest, 32, hex, strlen(hex)) == 0;
}

static void load_cache(lib_cache *cache, const char *dir)
{
    uint8_t *data;
    size_t size;
    if (!dir || keep_pf_read(&data, &size, dir, CACHE_NAME, NULL) != OE_OK)
        return;
    char *save = NULL;
    for (char *line = strtok_r((char *)data, "\n", &save); line && cache->old_count < MAX_LIBS;
         line = strtok_r(NULL, "\n", &save))
        if (parse_line(&cache->old[cache->old_count], line))
            cache->old_count++;
    free(data);
}

/* Replaces the cache file with this start's entries (rename: readers see
 * the old file or the new one). No fsync: after a crash a torn cache only
 * means hashing again, and a child killed mid-write (its enclave was
 * terminated while it started) leaves at most its own temporary file. */
static void store_cache(const lib_cache *cache, const char *dir)
{
    static char text[MAX_LIBS * 160];
    size_t used = 0;
    for (size_t i = 0; i < cache->now_count; i++) {
        const lib_digest *d = &cache->now[i];
        char hex[65];
        keep_hex_encode(hex, d->digest, 32);
        int n = snprintf(text + used, sizeof(text) - used,
                         "%s %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRId64 " %" PRId64 "\n", hex,
                         d->dev, d->ino, d->size, d->mtime_ns, d->ctime_ns);
        if (n < 0 || (size_t)n >= sizeof(text) - used)
            return;
        used += (size_t)n;
    }
    char temp[64], path[KEEP_PLATFORM_PATH_MAX + 64], final[KEEP_PLATFORM_PATH_MAX + 64];
    snprintf(temp, sizeof(temp), ".%s.%ld", CACHE_NAME, (long)getpid());
    if (!keep_pf_path(path, sizeof(path), dir, temp) ||
        !keep_pf_path(final, sizeof(final), dir, CACHE_NAME))
        return;
    unlink(path);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    bool ok = fd >= 0 && write(fd, text, used) == (ssize_t)used;
    if (fd >= 0)
        ok = close(fd) == 0 && ok;
    if (!ok || rename(path, final) != 0)
        unlink(path);
}

static int64_t ns_of(struct timespec t)
{
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static bool hash_fd(uint8_t out[32], int fd)
{
    uint8_t buf[1 << 15];
    ssize_t got;
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    bool ok = md && EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1;
    while (ok && (got = read(fd, buf, sizeof(buf))) > 0)
        ok = EVP_DigestUpdate(md, buf, (size_t)got) == 1;
    ok = ok && got == 0 && EVP_DigestFinal_ex(md, out, NULL) == 1;
    EVP_MD_CTX_free(md);
    return ok;
}

/* The digest of the file at `path`, from the cache when its version is
 * there; recorded as this start's entry either way. */
static bool file_digest(uint8_t out[32], const char *path, lib_cache *cache)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || cache->now_count >= MAX_LIBS) {
        if (fd >= 0)
            close(fd);
        return false;
    }
    lib_digest *d = &cache->now[cache->now_count];
    *d = (lib_digest){(uint64_t)st.st_dev, (uint64_t)st.st_ino, (uint64_t)st.st_size,
                      ns_of(st.st_mtim),   ns_of(st.st_ctim),   {0}};
    bool found = false;
    for (size_t i = 0; i < cache->old_count && !found; i++)
        if (same_version(&cache->old[i], d)) {
            memcpy(d->digest, cache->old[i].digest, 32);
            found = true;
        }
    bool ok = found || hash_fd(d->digest, fd);
    close(fd);
    if (!ok)
        return false;
    cache->changed |= !found;
    cache->now_count++;
    memcpy(out, d->digest, 32);
    return true;
}

bool keep_platform_measure_libraries(keep_platform *platform, const char *cache_dir)
{
    static char paths[MAX_LIBS][PATH_SIZE];
    static lib_cache cache;
    memset(&cache, 0, sizeof(cache));
    load_cache(&cache, cache_dir);
    size_t n = mapped_files(paths);
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    bool ok = md && n && EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1;
    for (size_t i = 0; ok && i < n; i++) {
        uint8_t digest[32];
        ok = file_digest(digest, paths[i], &cache) &&
             EVP_DigestUpdate(md, paths[i], strlen(paths[i]) + 1) == 1 &&
             EVP_DigestUpdate(md, digest, sizeof(digest)) == 1;
    }
    ok = ok && EVP_DigestFinal_ex(md, platform->libraries, NULL) == 1;
    EVP_MD_CTX_free(md);
    if (!ok)
        memset(platform->libraries, 0, sizeof(platform->libraries));
    if (ok && cache_dir && (cache.changed || cache.now_count != cache.old_count))
        store_cache(&cache, cache_dir);
    return ok;
}
