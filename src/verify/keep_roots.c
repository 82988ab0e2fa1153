/* Keep platform quotes (docs/platform.md): the same verification as Intel
 * quotes (keep_verify_quote), anchored at a Keep root with that root's
 * collateral. Trusted by default: this machine's platform root (its
 * platform is already part of what it trusts); also the roots the
 * platform's configuration trusts (platform_dir/trusted-roots/NAME, each
 * written by `keep platform export-root` and added by `keep platform
 * trust`) and, in the relying party's own process, the exported roots
 * listed in KEEP_TRUSTED_ROOTS (directories separated by ':'); the
 * published simulation root only when the caller allows simulation. */
#include <dirent.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <openssl/pem.h>

#include "../common/platform_dir.h"
#include "../common/sim_root.h"
#include "keep_roots.h"
#include "util.h"

#define KEEP_QE_VENDOR_ID "KEEP platform QE"
/* this machine, its trusted-roots/, KEEP_TRUSTED_ROOTS */
#define MAX_DIRS (1 + KEEP_ROOT_MAX_TRUSTED + KEEP_ROOT_MAX_ENV)
#define ANCHOR_NAME_MAX 128

static const char *const export_files[] = {
    "root-ca.pem", "platform-ca.pem", "tcb-signing.pem", "root-ca.crl.pem",
    "platform-ca.crl.pem", "tcb-info.json", "qe-identity.json",
};

static int root_fingerprint(uint8_t out[32], const char *pem, size_t len)
{
    BIO *bio = BIO_new_mem_buf(pem, (int)len);
    X509 *cert = bio ? PEM_read_bio_X509(bio, NULL, NULL, NULL) : NULL;
    uint8_t *der = NULL;
    int n = cert ? i2d_X509(cert, &der) : -1;
    int rc = n > 0 ? keep_sha256(out, der, (size_t)n) : -1;
    OPENSSL_free(der);
    X509_free(cert);
    BIO_free(bio);
    return rc;
}

/* One root: its anchor from dir/root-ca.pem, its collateral from the
 * exported files. */
static oe_result_t load_dir_root(keep_verify_anchor_t *anchor, keep_verify_collateral_t *coll,
                                 const char *dir)
{
    char path[1200];
    size_t len = 0;
    snprintf(path, sizeof(path), "%s/root-ca.pem", dir);
    FILE *f = fopen(path, "re");
    char pem[8192];
    if (f) {
        len = fread(pem, 1, sizeof(pem), f);
        fclose(f);
    }
    if (!len || len == sizeof(pem) || root_fingerprint(anchor->root_sha256, pem, len))
        return OE_NOT_FOUND;
    memcpy(anchor->qe_vendor_id, KEEP_QE_VENDOR_ID, 16);
    oe_result_t r = OE_OK;
    for (size_t i = 0; i < sizeof(export_files) / sizeof(export_files[0]) && r == OE_OK; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, export_files[i]);
        r = keep_verify_collateral_load(coll, path);
    }
    return r;
}

/* One root from its exported files in memory: the anchor is root-ca.pem. */
static oe_result_t load_files(keep_verify_anchor_t *anchor, keep_verify_collateral_t *coll,
                              const keep_root_files *files, int simulation, const char *origin)
{
    if (!files->data[0] || !files->size[0] || files->size[0] > INT_MAX ||
        root_fingerprint(anchor->root_sha256, (const char *)files->data[0], files->size[0]))
        return OE_INVALID_PARAMETER;
    memcpy(anchor->qe_vendor_id, simulation ? KEEP_SIM_QE_VENDOR_ID : KEEP_QE_VENDOR_ID, 16);
    oe_result_t r = OE_OK;
    for (size_t i = 0; i < KEEP_ROOT_FILE_COUNT && r == OE_OK; i++)
        r = files->data[i] ? keep_verify_collateral_add(coll, files->data[i], files->size[i],
                                                        origin)
                           : OE_INVALID_PARAMETER;
    return r;
}

static oe_result_t load_sim_root(keep_verify_anchor_t *anchor, keep_verify_collateral_t *coll)
{
    const char *const blobs[KEEP_ROOT_FILE_COUNT] = {
        keep_sim_root_pem,     keep_sim_platform_ca_pem, keep_sim_tcb_signing_pem,
        keep_sim_root_crl_pem, keep_sim_pck_crl_pem,     keep_sim_tcb_info_json,
        keep_sim_qe_identity_json};
    keep_root_files files;
    for (size_t i = 0; i < KEEP_ROOT_FILE_COUNT; i++) {
        files.data[i] = (const uint8_t *)blobs[i];
        files.size[i] = strlen(blobs[i]);
    }
    return load_files(anchor, coll, &files, 1, "simulation root");
}

struct keep_root {
    int simulation;
    int platform_config; /* keep_root_platform_config(): read when used */
    char name[ANCHOR_NAME_MAX];
    keep_verify_anchor_t anchor;
    keep_verify_collateral_t *coll;
    keep_root *next;
};

static keep_root *root_alloc(int simulation, const char *name)
{
    keep_root *root = calloc(1, sizeof(*root));
    if (root && keep_verify_collateral_new(&root->coll) != OE_OK) {
        free(root);
        return NULL;
    }
    if (root) {
        snprintf(root->name, sizeof(root->name), "%s", name ? name : "");
        root->simulation = simulation != 0;
    }
    return root;
}

static oe_result_t root_done(keep_root **out, keep_root *root, oe_result_t r)
{
    if (r != OE_OK) {
        keep_root_free(root);
        return r;
    }
    root->anchor.name = root->name;
    *out = root;
    return OE_OK;
}

oe_result_t keep_root_new(keep_root **out, const keep_root_files *files, int simulation,
                          const char *name)
{
    if (!out || !files)
        return OE_INVALID_PARAMETER;
    *out = NULL;
    keep_root *root = root_alloc(simulation, name);
    if (!root)
        return OE_OUT_OF_MEMORY;
    return root_done(out, root, load_files(&root->anchor, root->coll, files, simulation, name));
}

oe_result_t keep_root_new_dir(keep_root **out, const char *dir, const char *name, char *why,
                              size_t why_size)
{
    if (why && why_size)
        why[0] = '\0';
    if (!out || !dir)
        return OE_INVALID_PARAMETER;
    *out = NULL;
    keep_root *root = root_alloc(0, name);
    if (!root)
        return OE_OUT_OF_MEMORY;
    oe_result_t r = load_dir_root(&root->anchor, root->coll, dir);
    if (r != OE_OK && why && why_size) {
        const char *err = keep_verify_collateral_error(root->coll);
        if (r == OE_NOT_FOUND || !err || !err[0])
            snprintf(why, why_size, "%s/root-ca.pem: missing, unreadable or not a certificate",
                     dir);
        else
            snprintf(why, why_size, "%s", err);
    }
    return root_done(out, root, r);
}

void keep_root_append(keep_root *list, keep_root *next)
{
    while (list->next)
        list = list->next;
    list->next = next;
}

void keep_root_free(keep_root *root)
{
    while (root) {
        keep_root *next = root->next;
        keep_verify_collateral_free(root->coll);
        free(root);
        root = next;
    }
}

const uint8_t *keep_root_sha256(const keep_root *root)
{
    return root->anchor.root_sha256;
}

static oe_result_t verify_at(keep_verify_result_t *res, const keep_verify_anchor_t *anchor,
                             const keep_verify_collateral_t *coll, const uint8_t *quote,
                             size_t size, int64_t at)
{
    const keep_verify_anchor_t *anchors[1] = {anchor};
    keep_verify_options_t opts = {.at = at ? at : (int64_t)time(NULL), .anchors = anchors,
                                  .anchor_count = 1};
    return keep_verify_quote(res, quote, size, coll, &opts);
}

static oe_result_t verify_configured(keep_verify_result_t *res, const uint8_t *quote,
                                     size_t size, int64_t at, int allow_simulation,
                                     int with_env);

oe_result_t keep_root_verify(keep_verify_result_t *res, const keep_root *root,
                             const uint8_t *quote, size_t size, int64_t at, int allow_simulation)
{
    int simulation = 0;
    if (!res || !root || !quote)
        return OE_INVALID_PARAMETER;
    if (root->platform_config)
        return verify_configured(res, quote, size, at, allow_simulation, 0);
    int keep = keep_verify_is_keep_quote(quote, size, &simulation);
    oe_result_t first = OE_VERIFY_FAILED;
    for (int tried = 0; root; root = root->next) {
        if (keep && simulation && !(allow_simulation && root->simulation))
            continue;
        oe_result_t r = verify_at(res, &root->anchor, root->coll, quote, size, at);
        if (r == OE_OK)
            return OE_OK;
        if (!tried++)
            first = r;
    }
    return first;
}

int keep_root_name_ok(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > KEEP_ROOT_NAME_MAX || name[0] == '.')
        return 0;
    return strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == n;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(a, b);
}

size_t keep_root_trusted_names(char (*names)[KEEP_ROOT_NAME_MAX + 1], size_t max,
                               const char *platform_dir)
{
    char path[1200];
    size_t n = 0;
    snprintf(path, sizeof(path), "%s/%s", platform_dir, KEEP_TRUSTED_ROOTS_DIR);
    DIR *d = opendir(path);
    struct dirent *e;
    while (d && n < max && (e = readdir(d)))
        if (keep_root_name_ok(e->d_name)) /* at most KEEP_ROOT_NAME_MAX bytes */
            memcpy(names[n++], e->d_name, strlen(e->d_name) + 1);
    if (d)
        closedir(d);
    qsort(names, n, sizeof(names[0]), cmp_name);
    return n;
}

/* platform_dir/trusted-roots/`entry` and its anchor name; 0 when both fit. */
static int trusted_entry(char *path, size_t path_size, char name[ANCHOR_NAME_MAX],
                         const char *platform_dir, const char *entry)
{
    int p = snprintf(path, path_size, "%s/%s/%s", platform_dir, KEEP_TRUSTED_ROOTS_DIR, entry);
    int a = snprintf(name, ANCHOR_NAME_MAX, "%s%s)", KEEP_ROOT_TRUSTED_PREFIX, entry);
    return p > 0 && (size_t)p < path_size && a > 0 && a < ANCHOR_NAME_MAX ? 0 : -1;
}

size_t keep_root_append_trusted(keep_root *list, const char *platform_dir)
{
    char names[KEEP_ROOT_MAX_TRUSTED][KEEP_ROOT_NAME_MAX + 1], dir[1200], name[ANCHOR_NAME_MAX];
    size_t n = keep_root_trusted_names(names, KEEP_ROOT_MAX_TRUSTED, platform_dir), added = 0;
    for (size_t i = 0; i < n; i++) {
        keep_root *root = NULL;
        if (trusted_entry(dir, sizeof(dir), name, platform_dir, names[i]) == 0 &&
            keep_root_new_dir(&root, dir, name, NULL, 0) == OE_OK) {
            keep_root_append(list, root);
            added++;
        }
    }
    return added;
}

static const keep_root platform_config = {.platform_config = 1};

const keep_root *keep_root_platform_config(void)
{
    return &platform_config;
}

/* Loaded roots are kept for the life of the process: reading and parsing a
 * root's collateral costs far more than verifying a quote against it. An
 * entry is reloaded when any of its files changes (device, inode, size or
 * modification time), e.g. after `keep platform init` in a new directory.
 * The lock is held while an entry is used, so a reload never frees a
 * collateral another thread is reading. */
#define EXPORT_FILE_COUNT (sizeof(export_files) / sizeof(export_files[0]))

typedef struct root_entry {
    char dir[1200];                       /* "" for the simulation root */
    struct stat stamps[EXPORT_FILE_COUNT];
    keep_verify_anchor_t anchor;
    keep_verify_collateral_t *coll;
} root_entry;

static pthread_mutex_t roots_lock = PTHREAD_MUTEX_INITIALIZER;
static root_entry roots[MAX_DIRS + 1];

static int same_stamp(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* Stamps of a directory's export files; -1 when one cannot be read. */
static int stamp_dir(const char *dir, struct stat stamps[EXPORT_FILE_COUNT])
{
    char path[1200];
    for (size_t i = 0; i < EXPORT_FILE_COUNT; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, export_files[i]);
        if (stat(path, &stamps[i]) != 0)
            return -1;
    }
    return 0;
}

/* The cache entry for `dir` (NULL: the simulation root), loaded and
 * current; NULL with *r set when it cannot be. Call with roots_lock held. */
static root_entry *current_root(const char *dir, oe_result_t *r)
{
    const char *key = dir ? dir : "";
    struct stat stamps[EXPORT_FILE_COUNT];
    memset(stamps, 0, sizeof(stamps));
    if (dir && stamp_dir(dir, stamps) != 0) {
        *r = OE_NOT_FOUND;
        return NULL;
    }
    root_entry *free_slot = NULL;
    for (size_t i = 0; i < MAX_DIRS + 1; i++) {
        root_entry *e = &roots[i];
        if (e->coll && strcmp(e->dir, key) == 0) {
            int fresh = 1;
            for (size_t f = 0; dir && f < EXPORT_FILE_COUNT; f++)
                fresh &= same_stamp(&e->stamps[f], &stamps[f]);
            if (fresh)
                return e;
            free_slot = e; /* stale: reload in place */
            break;
        }
        if (!e->coll && !free_slot)
            free_slot = e;
    }
    if (!free_slot) /* more roots than slots over time: reuse the last one */
        free_slot = &roots[MAX_DIRS];
    if (strlen(key) >= sizeof(free_slot->dir)) {
        *r = OE_NOT_FOUND;
        return NULL;
    }
    keep_verify_collateral_free(free_slot->coll);
    memset(free_slot, 0, sizeof(*free_slot));
    *r = keep_verify_collateral_new(&free_slot->coll);
    if (*r == OE_OK)
        *r = dir ? load_dir_root(&free_slot->anchor, free_slot->coll, dir)
                 : load_sim_root(&free_slot->anchor, free_slot->coll);
    if (*r != OE_OK) {
        keep_verify_collateral_free(free_slot->coll);
        free_slot->coll = NULL;
        return NULL;
    }
    snprintf(free_slot->dir, sizeof(free_slot->dir), "%s", key);
    memcpy(free_slot->stamps, stamps, sizeof(stamps));
    return free_slot;
}

/* Results point at their anchor's name after the lock is released, so
 * names are interned here and never change or go away. Call with
 * roots_lock held. */
static const char *intern_name(const char *name)
{
    static char pool[2 * MAX_DIRS][ANCHOR_NAME_MAX];
    static size_t used;
    for (size_t i = 0; i < used; i++)
        if (strcmp(pool[i], name) == 0)
            return pool[i];
    if (used == sizeof(pool) / sizeof(pool[0]))
        return KEEP_ROOT_TRUSTED_PREFIX "...)"; /* more names than a process needs */
    snprintf(pool[used], sizeof(pool[used]), "%s", name);
    return pool[used++];
}

/* Verifies against one root; OE_NOT_FOUND when the root is unavailable
 * (missing or malformed files: the other roots still count). */
static oe_result_t try_root(keep_verify_result_t *res, const uint8_t *quote, size_t size,
                            int64_t at, const char *dir, const char *name)
{
    oe_result_t r = OE_OK;
    pthread_mutex_lock(&roots_lock);
    root_entry *root = current_root(dir, &r);
    if (root) {
        keep_verify_anchor_t anchor = root->anchor;
        anchor.name = intern_name(name);
        r = verify_at(res, &anchor, root->coll, quote, size, at);
    } else {
        r = OE_NOT_FOUND;
    }
    pthread_mutex_unlock(&roots_lock);
    return r;
}

int keep_verify_is_keep_quote(const uint8_t *quote, size_t size, int *simulation)
{
    if (size < 28 + 16)
        return 0;
    *simulation = memcmp(quote + 12, KEEP_SIM_QE_VENDOR_ID, 16) == 0;
    return *simulation || memcmp(quote + 12, KEEP_QE_VENDOR_ID, 16) == 0;
}

typedef struct trusted_dir {
    char path[1200];
    char name[ANCHOR_NAME_MAX];
} trusted_dir;

/* This machine's platform first, then its trusted-roots/ in name order,
 * then (with_env) KEEP_TRUSTED_ROOTS. */
static size_t trusted_dirs(trusted_dir dirs[MAX_DIRS], int with_env)
{
    char platform[1024], names[KEEP_ROOT_MAX_TRUSTED][KEEP_ROOT_NAME_MAX + 1];
    size_t n = 0;
    if (keep_platform_default_dir(platform, sizeof(platform)) == OE_OK) {
        memcpy(dirs[n].path, platform, sizeof(platform));
        memcpy(dirs[n++].name, KEEP_ROOT_LOCAL, sizeof(KEEP_ROOT_LOCAL));
        size_t count = keep_root_trusted_names(names, KEEP_ROOT_MAX_TRUSTED, platform);
        for (size_t i = 0; i < count; i++)
            n += trusted_entry(dirs[n].path, sizeof(dirs[n].path), dirs[n].name, platform,
                               names[i]) == 0;
    }
    const char *list = with_env ? getenv("KEEP_TRUSTED_ROOTS") : NULL;
    for (size_t env = 0; list && *list && env < KEEP_ROOT_MAX_ENV;) {
        size_t len = strcspn(list, ":");
        if (len && len < sizeof(dirs[n].path)) {
            memcpy(dirs[n].path, list, len);
            dirs[n].path[len] = '\0';
            memcpy(dirs[n++].name, KEEP_ROOT_CONFIGURED, sizeof(KEEP_ROOT_CONFIGURED));
            env++;
        }
        list += len + (list[len] == ':');
    }
    return n;
}

static oe_result_t verify_configured(keep_verify_result_t *res, const uint8_t *quote,
                                     size_t size, int64_t at, int allow_simulation,
                                     int with_env)
{
    int simulation = 0;
    if (!keep_verify_is_keep_quote(quote, size, &simulation))
        return OE_INVALID_PARAMETER;
    if (at == 0)
        at = (int64_t)time(NULL);
    if (simulation)
        return allow_simulation ? try_root(res, quote, size, at, NULL, KEEP_ROOT_SIMULATION)
                                : OE_VERIFY_FAILED;
    trusted_dir *dirs = calloc(MAX_DIRS, sizeof(*dirs));
    if (!dirs)
        return OE_OUT_OF_MEMORY;
    size_t n = trusted_dirs(dirs, with_env);
    oe_result_t first = OE_VERIFY_FAILED, r = OE_VERIFY_FAILED;
    for (size_t i = 0, tried = 0; i < n && r != OE_OK; i++) {
        r = try_root(res, quote, size, at, dirs[i].path, dirs[i].name);
        if (r != OE_OK && r != OE_NOT_FOUND && !tried++)
            first = r;
    }
    free(dirs);
    return r == OE_OK ? OE_OK : first;
}

oe_result_t keep_verify_keep_quote(keep_verify_result_t *res, const uint8_t *quote, size_t size,
                                   int64_t at, int allow_simulation)
{
    return verify_configured(res, quote, size, at, allow_simulation, 1);
}

const char *keep_verify_backend_of(const keep_verify_result_t *res)
{
    if (!memcmp(res->header.qe_vendor_id, KEEP_SIM_QE_VENDOR_ID, 16))
        return "sim";
    if (!memcmp(res->header.qe_vendor_id, KEEP_QE_VENDOR_ID, 16))
        return "sandbox";
    return "sgx";
}
