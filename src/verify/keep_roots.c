/* Keep platform quotes (docs/platform.md): the same verification as Intel
 * quotes (keep_verify_quote), anchored at a Keep root with that root's
 * collateral. Trusted by default: this machine's platform root (its
 * platform is already part of what it trusts); also the exported roots
 * listed in KEEP_TRUSTED_ROOTS (directories written by `keep platform
 * export-root`, separated by ':'); the published simulation root only
 * when the caller allows simulation. */
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
#define MAX_DIRS 9

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
    keep_verify_anchor_t anchor;
    keep_verify_collateral_t *coll;
};

oe_result_t keep_root_new(keep_root **out, const keep_root_files *files, int simulation,
                          const char *name)
{
    if (!out || !files)
        return OE_INVALID_PARAMETER;
    *out = NULL;
    keep_root *root = calloc(1, sizeof(*root));
    oe_result_t r = root ? keep_verify_collateral_new(&root->coll) : OE_OUT_OF_MEMORY;
    if (r == OE_OK)
        r = load_files(&root->anchor, root->coll, files, simulation, name);
    if (r != OE_OK) {
        keep_root_free(root);
        return r;
    }
    root->anchor.name = name;
    root->simulation = simulation != 0;
    *out = root;
    return OE_OK;
}

void keep_root_free(keep_root *root)
{
    if (root)
        keep_verify_collateral_free(root->coll);
    free(root);
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

oe_result_t keep_root_verify(keep_verify_result_t *res, const keep_root *root,
                             const uint8_t *quote, size_t size, int64_t at, int allow_simulation)
{
    int simulation = 0;
    if (!res || !root || !quote)
        return OE_INVALID_PARAMETER;
    if (keep_verify_is_keep_quote(quote, size, &simulation) && simulation &&
        !(allow_simulation && root->simulation))
        return OE_VERIFY_FAILED;
    return verify_at(res, &root->anchor, root->coll, quote, size, at);
}

/* Loaded roots are kept for the life of the process: reading and parsing a
 * root's collateral costs far more than verifying a quote against it. An
 * entry is reloaded when any of its files changes (device, inode, size or
 * modification time), e.g. after `keep platform init` in a new directory.
 * The lock is held while an entry is used, so a reload never frees a
 * collateral another thread is reading. */
#define EXPORT_FILE_COUNT (sizeof(export_files) / sizeof(export_files[0]))

typedef struct root_entry {
    char dir[1024];                       /* "" for the simulation root */
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

/* Verifies against one root; OE_NOT_FOUND when the root is unavailable. */
static oe_result_t try_root(keep_verify_result_t *res, const uint8_t *quote, size_t size,
                            int64_t at, const char *dir, const char *name)
{
    oe_result_t r = OE_OK;
    pthread_mutex_lock(&roots_lock);
    root_entry *root = current_root(dir, &r);
    if (root) {
        keep_verify_anchor_t anchor = root->anchor;
        anchor.name = name;
        r = verify_at(res, &anchor, root->coll, quote, size, at);
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

/* This machine's platform first, then KEEP_TRUSTED_ROOTS. */
static size_t trusted_dirs(char dirs[MAX_DIRS][1024])
{
    size_t n = 0;
    if (keep_platform_default_dir(dirs[0], sizeof(dirs[0])) == OE_OK)
        n++;
    const char *list = getenv("KEEP_TRUSTED_ROOTS");
    while (list && *list && n < MAX_DIRS) {
        size_t len = strcspn(list, ":");
        if (len && len < sizeof(dirs[n]))
            snprintf(dirs[n++], sizeof(dirs[0]), "%.*s", (int)len, list);
        list += len + (list[len] == ':');
    }
    return n;
}

oe_result_t keep_verify_keep_quote(keep_verify_result_t *res, const uint8_t *quote, size_t size,
                                   int64_t at, int allow_simulation)
{
    int simulation = 0;
    if (!keep_verify_is_keep_quote(quote, size, &simulation))
        return OE_INVALID_PARAMETER;
    if (at == 0)
        at = (int64_t)time(NULL);
    if (simulation)
        return allow_simulation ? try_root(res, quote, size, at, NULL, KEEP_ROOT_SIMULATION)
                                : OE_VERIFY_FAILED;
    char dirs[MAX_DIRS][1024];
    size_t n = trusted_dirs(dirs);
    oe_result_t first = OE_VERIFY_FAILED;
    for (size_t i = 0; i < n; i++) {
        oe_result_t r = try_root(res, quote, size, at, dirs[i],
                                 i == 0 ? KEEP_ROOT_LOCAL : KEEP_ROOT_CONFIGURED);
        if (r == OE_OK)
            return OE_OK;
        if (r != OE_NOT_FOUND && first == OE_VERIFY_FAILED)
            first = r;
    }
    return first;
}

const char *keep_verify_backend_of(const keep_verify_result_t *res)
{
    if (!memcmp(res->header.qe_vendor_id, KEEP_SIM_QE_VENDOR_ID, 16))
        return "sim";
    if (!memcmp(res->header.qe_vendor_id, KEEP_QE_VENDOR_ID, 16))
        return "sandbox";
    return "sgx";
}
