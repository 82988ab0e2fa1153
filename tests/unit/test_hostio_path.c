/* The sandbox runner's enclave paths (src/runner/hostio_path.c): lexical
 * normalisation, the current directory relative paths start at, getcwd's
 * answers, and detaching on unmount, as known-answer tables. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "runner/hostio.h"

typedef struct path_case {
    const char *cwd; /* NULL: "/" */
    const char *path;
    long rc;
    const char *want;
} path_case;

static void expect_normal(const path_case *c)
{
    keep_hostio_cwd_store(c->cwd ? c->cwd : "/", c->cwd ? 7 : 0);
    char out[KEEP_HOSTIO_PATH_MAX];
    long rc = keep_hostio_normalize(out, c->path);
    if (rc != c->rc)
        fail_msg("cwd %s, path \"%s\": %ld, expected %ld", c->cwd, c->path, rc, c->rc);
    if (rc == 0 && strcmp(out, c->want) != 0)
        fail_msg("cwd %s, path \"%s\": \"%s\", expected \"%s\"", c->cwd, c->path, out, c->want);
}

static void normalize_table(void **state)
{
    (void)state;
    static const path_case cases[] = {
        {NULL, "/", 0, "/"},
        {NULL, "//a//b/", 0, "/a/b"},
        {NULL, "/a/./b/../c", 0, "/a/c"},
        {NULL, "/..", 0, "/"},
        {NULL, "/a/../..", 0, "/"},
        {NULL, "a/b", 0, "/a/b"},
        {NULL, ".", 0, "/"},
        {NULL, "", -ENOENT, NULL},
        {"/data/x", "f", 0, "/data/x/f"},
        {"/data/x", "./f/", 0, "/data/x/f"},
        {"/data/x", "..", 0, "/data"},
        {"/data/x", "../../..", 0, "/"},
        {"/data/x", "a/../b", 0, "/data/x/b"},
        {"/data/x", "/abs", 0, "/abs"},
        {"/data/x", ".", 0, "/data/x"},
        {"/data/x", "", -ENOENT, NULL},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        expect_normal(&cases[i]);
    keep_hostio_cwd_store("/", 0);
}

/* A path of `len` bytes: "/" and then 'a's. */
static void long_path(char *buf, size_t len)
{
    buf[0] = '/';
    memset(buf + 1, 'a', len - 1);
    buf[len] = '\0';
}

/* The result must fit KEEP_HOSTIO_PATH_MAX with its NUL: 4095 bytes do,
 * 4096 do not, whether the length comes from the path or from the
 * current directory it is joined to (before ".." is applied). */
static void length_limits(void **state)
{
    (void)state;
    static char cwd[KEEP_HOSTIO_PATH_MAX + 1], path[KEEP_HOSTIO_PATH_MAX + 1];
    char out[KEEP_HOSTIO_PATH_MAX];
    long_path(path, KEEP_HOSTIO_PATH_MAX - 1);
    assert_int_equal(keep_hostio_normalize(out, path), 0);
    assert_int_equal(strlen(out), KEEP_HOSTIO_PATH_MAX - 1);
    long_path(path, KEEP_HOSTIO_PATH_MAX);
    assert_int_equal(keep_hostio_normalize(out, path), -ENAMETOOLONG);

    long_path(cwd, KEEP_HOSTIO_PATH_MAX - 3); /* "/aa...a", 4093 bytes */
    keep_hostio_cwd_store(cwd, 7);
    assert_int_equal(keep_hostio_normalize(out, "b"), 0); /* 4095 */
    assert_int_equal(strlen(out), KEEP_HOSTIO_PATH_MAX - 1);
    assert_int_equal(keep_hostio_normalize(out, "bc"), -ENAMETOOLONG); /* 4096 */
    assert_int_equal(keep_hostio_normalize(out, "xx/../b"), -ENAMETOOLONG);
    keep_hostio_cwd_store("/", 0);
}

static void getcwd_answers(void **state)
{
    (void)state;
    char buf[16];
    assert_int_equal(keep_hostio_getcwd(buf, sizeof(buf)), 2);
    assert_string_equal(buf, "/");
    keep_hostio_cwd_store("/data/x", 7);
    assert_int_equal(keep_hostio_getcwd(buf, 8), 8); /* "/data/x" and its NUL */
    assert_string_equal(buf, "/data/x");
    assert_int_equal(keep_hostio_getcwd(buf, 7), -ERANGE);
    assert_int_equal(keep_hostio_getcwd(buf, 0), -ERANGE);
    assert_int_equal(keep_hostio_getcwd(NULL, 8), -EFAULT);
    keep_hostio_cwd_store("/", 0);
}

/* Unmounting the directory's own mount detaches it until the next store
 * (and counts it, for chdir's check that a relative path's directory was
 * not detached meanwhile); other mounts, and the "/" that needs none (id
 * 0), never do. */
static void detached_on_unmount(void **state)
{
    (void)state;
    char out[KEEP_HOSTIO_PATH_MAX], buf[16];
    keep_hostio_cwd_store("/data/x", 7);
    unsigned long detaches = keep_hostio_cwd_detaches();
    keep_hostio_cwd_unmounted(8);
    assert_int_equal(keep_hostio_normalize(out, "f"), 0);
    assert_int_equal(keep_hostio_cwd_detaches(), detaches);
    keep_hostio_cwd_unmounted(7);
    keep_hostio_cwd_unmounted(7); /* once detached, counted once */
    assert_int_equal(keep_hostio_cwd_detaches(), detaches + 1);
    assert_int_equal(keep_hostio_normalize(out, "f"), -ENOENT);
    assert_int_equal(keep_hostio_normalize(out, ".."), -ENOENT);
    assert_int_equal(keep_hostio_getcwd(buf, sizeof(buf)), -ENOENT);
    assert_int_equal(keep_hostio_normalize(out, "/data/f"), 0);
    assert_string_equal(out, "/data/f");
    keep_hostio_cwd_store("/data", 9);
    assert_int_equal(keep_hostio_normalize(out, "f"), 0);
    assert_string_equal(out, "/data/f");
    keep_hostio_cwd_store("/", 0);
    keep_hostio_cwd_unmounted(0);
    assert_int_equal(keep_hostio_getcwd(buf, sizeof(buf)), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(normalize_table),
        cmocka_unit_test(length_limits),
        cmocka_unit_test(getcwd_answers),
        cmocka_unit_test(detached_on_unmount),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
