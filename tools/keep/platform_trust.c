/* The platform's trusted roots (platform_trust.h): other machines' Keep
 * roots that this machine's verifiers, and the platform for its enclaves,
 * trust. An entry is the seven public files `keep platform export-root`
 * writes, copied into <platform dir>/trusted-roots/NAME. The copy is made
 * in a hidden temporary directory, checked by loading it as verifiers do,
 * and only then renamed into place, so a verifier never sees half an
 * entry. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/common/hex.h"
#include "../../src/platform/platform.h"
#include "../../src/verify/keep_roots.h"
#include "platform_trust.h"

#define PATH_SIZE (KEEP_PLATFORM_PATH_MAX + 128)

/* dir/name into out; 0 when it does not fit. */
static int join(char *out, size_t size, const char *dir, const char *name)
{
    int n = snprintf(out, size, "%s/%s", dir, name);
    return n > 0 && (size_t)n < size;
}

__attribute__((format(printf, 1, 2))) static int fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "keep platform: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    return 1;
}

/* The last component of `src`, without trailing slashes. */
static void default_name(char out[KEEP_ROOT_NAME_MAX + 2], const char *src)
{
    size_t end = strlen(src);
    while (end > 1 && src[end - 1] == '/')
        end--;
    size_t start = end;
    while (start > 0 && src[start - 1] != '/')
        start--;
    size_t n = end - start > KEEP_ROOT_NAME_MAX + 1 ? KEEP_ROOT_NAME_MAX + 1 : end - start;
    memcpy(out, src + start, n);
    out[n] = '\0';
}

/* Removes what export-root wrote into `path`, then the directory. */
static int remove_entry(const char *path)
{
    char file[PATH_SIZE];
    for (size_t i = 0; keep_platform_export_files[i]; i++)
        if (join(file, sizeof(file), path, keep_platform_export_files[i]))
            unlink(file);
    return rmdir(path);
}

/* Loads `path` as verifiers will; prints why not. */
static int check_root(const char *path, const char *shown, uint8_t sha256[32])
{
    char why[512];
    keep_root *root = NULL;
    if (keep_root_new_dir(&root, path, "check", why, sizeof(why)) != OE_OK)
        return fail("%s is not a usable exported root: %s", shown, why);
    memcpy(sha256, keep_root_sha256(root), 32);
    keep_root_free(root);
    return 0;
}

/* One root, one entry: not this platform's own, not trusted already. */
static int not_trusted_yet(const char *dir, const uint8_t sha256[32], const char *src)
{
    char names[KEEP_ROOT_MAX_TRUSTED][KEEP_ROOT_NAME_MAX + 1], path[PATH_SIZE];
    uint8_t own[32];
    keep_why why = {{0}};
    if (keep_platform_root_fingerprint(dir, own, NULL, 0, &why) == OE_OK &&
        memcmp(own, sha256, 32) == 0)
        return fail("%s is this platform's own root (%s), which is always trusted", src, dir);
    size_t n = keep_root_trusted_names(names, KEEP_ROOT_MAX_TRUSTED, dir);
    if (n == KEEP_ROOT_MAX_TRUSTED)
        return fail("%s already trusts %d roots, the most verifiers read", dir,
                    KEEP_ROOT_MAX_TRUSTED);
    for (size_t i = 0; i < n; i++) {
        keep_root *root = NULL;
        int same = snprintf(path, sizeof(path), "%s/%s/%s", dir, KEEP_TRUSTED_ROOTS_DIR,
                            names[i]) < (int)sizeof(path) &&
                   keep_root_new_dir(&root, path, names[i], NULL, 0) == OE_OK &&
                   memcmp(keep_root_sha256(root), sha256, 32) == 0;
        keep_root_free(root);
        if (same)
            return fail("%s is already trusted as '%s'", src, names[i]);
    }
    return 0;
}

/* Copies src into a hidden directory under `roots`, checks the copy and
 * renames it to `final`. */
static int install(const char *roots, const char *src, const char *final, uint8_t sha256[32])
{
    char tmp[PATH_SIZE];
    keep_why why = {{0}};
    if (!join(tmp, sizeof(tmp), roots, ".new-XXXXXX") || !mkdtemp(tmp))
        return fail("cannot create a directory in %s: %s", roots, strerror(errno));
    oe_result_t r = keep_platform_export_root(src, tmp, &why);
    int rc = r == OE_OK ? check_root(tmp, src, sha256)
                        : fail("cannot copy %s: %s", src, why.text[0] ? why.text : "failed");
    if (rc == 0 && rename(tmp, final) != 0)
        rc = fail("cannot create %s: %s", final, strerror(errno));
    if (rc != 0)
        remove_entry(tmp);
    return rc;
}

int keep_platform_trust(const char *dir, const char *src, const char *name)
{
    char given[KEEP_ROOT_NAME_MAX + 2], roots[PATH_SIZE], final[PATH_SIZE], hex[65];
    uint8_t sha256[32];
    keep_why why = {{0}};
    if (!name)
        default_name(given, src);
    name = name ? name : given;
    if (!keep_root_name_ok(name))
        return fail("invalid root name '%s': use 1 to 64 of A-Z a-z 0-9 . _ -, not "
                    "starting with '.' (--name NAME)", name);
    if (check_root(src, src, sha256) || not_trusted_yet(dir, sha256, src))
        return 1;
    if (keep_platform_init(dir, NULL, &why) != OE_OK)
        return fail("%s: %s", dir, why.text);
    if (!join(roots, sizeof(roots), dir, KEEP_TRUSTED_ROOTS_DIR) ||
        !join(final, sizeof(final), roots, name))
        return fail("%s: path too long", dir);
    if (mkdir(roots, 0700) != 0 && errno != EEXIST)
        return fail("cannot create %s: %s", roots, strerror(errno));
    struct stat st;
    if (lstat(final, &st) == 0)
        return fail("a root named '%s' is already trusted (keep platform untrust %s first)",
                    name, name);
    if (install(roots, src, final, sha256))
        return 1;
    keep_hex_encode(hex, sha256, 32);
    printf("trusted '%s' (root sha256 %s) in %s\n", name, hex, roots);
    printf("verifiers on this machine accept its quotes; enclaves started from now on too\n");
    return 0;
}

int keep_platform_untrust(const char *dir, const char *name)
{
    char roots[PATH_SIZE], path[PATH_SIZE];
    struct stat st;
    if (!keep_root_name_ok(name))
        return fail("invalid root name '%s'", name);
    if (!join(roots, sizeof(roots), dir, KEEP_TRUSTED_ROOTS_DIR) ||
        !join(path, sizeof(path), roots, name))
        return fail("%s: path too long", dir);
    if (lstat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return fail("no trusted root named '%s' in %s", name, roots);
    if (remove_entry(path) != 0)
        return fail("cannot remove %s: %s", path, strerror(errno));
    printf("untrusted '%s': enclaves started from now on and verifiers no longer accept it\n",
           name);
    return 0;
}

/* A JSON string: quotes, backslashes and control bytes escaped. */
static void json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c < 0x20)
            fprintf(out, "\\u%04x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

static void show_one(FILE *out, const char *dir, const char *name, int json, int first)
{
    char path[PATH_SIZE], why[512], hex[65] = "";
    keep_root *root = NULL;
    int n = snprintf(path, sizeof(path), "%s/%s/%s", dir, KEEP_TRUSTED_ROOTS_DIR, name);
    oe_result_t r = n > 0 && (size_t)n < sizeof(path)
                        ? keep_root_new_dir(&root, path, name, why, sizeof(why))
                        : OE_INVALID_PARAMETER;
    if (r == OE_INVALID_PARAMETER && !root && n >= (int)sizeof(path))
        snprintf(why, sizeof(why), "path too long");
    if (r == OE_OK)
        keep_hex_encode(hex, keep_root_sha256(root), 32);
    keep_root_free(root);
    if (!json) {
        if (r == OE_OK)
            fprintf(out, "  %-20s root sha256 %s\n", name, hex);
        else
            fprintf(out, "  %-20s MALFORMED, ignored by verifiers: %s\n", name, why);
        return;
    }
    fprintf(out, "%s{\"name\": ", first ? "" : ", ");
    json_string(out, name);
    if (r == OE_OK)
        fprintf(out, ", \"root_sha256\": \"%s\"}", hex);
    fprintf(out, r == OE_OK ? "" : ", \"error\": ");
    if (r != OE_OK) {
        json_string(out, why);
        fputc('}', out);
    }
}

void keep_platform_show_trusted(FILE *out, const char *dir, int json)
{
    char names[KEEP_ROOT_MAX_TRUSTED][KEEP_ROOT_NAME_MAX + 1];
    size_t n = keep_root_trusted_names(names, KEEP_ROOT_MAX_TRUSTED, dir);
    if (json)
        fputc('[', out);
    else
        fprintf(out, "trusted roots: %s%s\n", n ? "" : "none (keep platform trust DIR adds one)",
                n ? "(trusted-roots/, for verifiers and enclaves)" : "");
    for (size_t i = 0; i < n; i++)
        show_one(out, dir, names[i], json, i == 0);
    if (json)
        fputc(']', out);
}
