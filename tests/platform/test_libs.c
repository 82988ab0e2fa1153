/* The platform libraries digest and its cache (src/platform/libs.c): the
 * cached digest is the computed one; a missing, torn or stale cache means
 * hashing again and rewriting it; an entry is used only for the exact file
 * version it names. Measures this test's own mapped libraries. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/platform/internal.h"

static char dir[] = "/tmp/keep-libs-XXXXXX";
static char cache_path[sizeof(dir) + 32];
static keep_platform *platform;
static uint8_t uncached[32];

static void measure(uint8_t out[32], const char *cache_dir)
{
    assert_true(keep_platform_measure_libraries(platform, cache_dir));
    memcpy(out, platform->libraries, 32);
}

static char *read_cache(void)
{
    FILE *f = fopen(cache_path, "r");
    static char text[1 << 14];
    size_t n = f ? fread(text, 1, sizeof(text) - 1, f) : 0;
    if (f)
        fclose(f);
    text[n] = '\0';
    return f ? text : NULL;
}

static void write_cache(const char *text)
{
    FILE *f = fopen(cache_path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(dir) || keep_platform_open_sim(&platform) != OE_OK)
        return -1;
    snprintf(cache_path, sizeof(cache_path), "%s/library-digests", dir);
    return keep_platform_measure_libraries(platform, NULL)
               ? (memcpy(uncached, platform->libraries, 32), 0)
               : -1;
}

static int teardown(void **state)
{
    (void)state;
    unlink(cache_path);
    rmdir(dir);
    keep_platform_close(platform);
    return 0;
}

static void cache_written_and_reused(void **state)
{
    (void)state;
    uint8_t first[32], second[32];
    unlink(cache_path);
    measure(first, dir);
    assert_memory_equal(first, uncached, 32);
    char *text = read_cache();
    assert_non_null(text);
    assert_non_null(strchr(text, '\n')); /* one line per mapped file */
    measure(second, dir);
    assert_memory_equal(second, uncached, 32);
}

/* A torn or garbage cache is ignored and replaced. */
static void bad_cache_rehashed(void **state)
{
    (void)state;
    static const char *const bad[] = {"", "\n\n", "garbage\n", "0123 1 2 3 4 5\n",
                                      "zz 1 2 3 4 5 6\n"};
    uint8_t digest[32];
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        write_cache(bad[i]);
        measure(digest, dir);
        assert_memory_equal(digest, uncached, 32);
        assert_string_not_equal(read_cache(), bad[i]);
    }
}

/* Rewrites every entry's digest (and optionally its inode) in place. */
static void tamper_entries(bool bump_inode)
{
    char *text = read_cache(), out[1 << 14] = "";
    size_t used = 0;
    for (char *save = NULL, *line = strtok_r(text, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        char hex[65];
        unsigned long long dev, ino, size;
        long long mtime, ctime;
        assert_int_equal(
            sscanf(line, "%64s %llu %llu %llu %lld %lld", hex, &dev, &ino, &size, &mtime, &ctime),
            6);
        memset(hex, 'a', 64);
        used += (size_t)snprintf(out + used, sizeof(out) - used, "%s %llu %llu %llu %lld %lld\n",
                                 hex, dev, ino + (bump_inode ? 1 : 0), size, mtime, ctime);
    }
    write_cache(out);
}

/* An entry counts for exactly the file version it names: with the right
 * key its digest is taken as is (the cache is platform state, like the keys
 * beside it); with any other key it is ignored. */
static void entries_match_exact_versions(void **state)
{
    (void)state;
    uint8_t digest[32];
    measure(digest, dir);
    tamper_entries(true);
    measure(digest, dir);
    assert_memory_equal(digest, uncached, 32);
    tamper_entries(false);
    measure(digest, dir);
    assert_memory_not_equal(digest, uncached, 32);
    unlink(cache_path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cache_written_and_reused),
        cmocka_unit_test(bad_cache_rehashed),
        cmocka_unit_test(entries_match_exact_versions),
    };
    return cmocka_run_group_tests_name("platform libraries digest", tests, setup, teardown);
}
