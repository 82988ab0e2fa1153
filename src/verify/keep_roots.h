/* Keep platform and simulation roots (keep_roots.c). Internal to
 * liboehostverify. */
#ifndef KEEP_VERIFY_KEEP_ROOTS_H
#define KEEP_VERIFY_KEEP_ROOTS_H

#include <keep/verify.h>

/* Anchor names Keep roots carry into results and claims. A root trusted
 * in the platform's configuration is named KEEP_ROOT_TRUSTED_PREFIX NAME
 * ")", NAME being its entry in the platform directory's trusted-roots/. */
#define KEEP_ROOT_LOCAL "Keep platform root (this machine)"
#define KEEP_ROOT_CONFIGURED "Keep platform root (KEEP_TRUSTED_ROOTS)"
#define KEEP_ROOT_SIMULATION "Keep simulation root (NOT SECURE)"
#define KEEP_ROOT_TRUSTED_PREFIX "Keep platform root (trusted-roots/"

/* The platform's own trust configuration: platform_dir/trusted-roots/NAME,
 * each a directory as `keep platform export-root` writes it (`keep
 * platform trust` adds one, `keep platform untrust` removes it). Both the
 * host's verifier and the platform (for enclaves) honour it. */
#define KEEP_TRUSTED_ROOTS_DIR "trusted-roots"
#define KEEP_ROOT_NAME_MAX 64      /* bytes of a NAME, without the NUL */
#define KEEP_ROOT_MAX_TRUSTED 16   /* entries read from trusted-roots/ */
#define KEEP_ROOT_MAX_ENV 8        /* directories read from KEEP_TRUSTED_ROOTS */

/* 1 when `name` may name a trusted root: 1 to KEEP_ROOT_NAME_MAX of
 * [A-Za-z0-9._-], not starting with '.'. */
int keep_root_name_ok(const char *name);

/* The valid names in platform_dir/trusted-roots (none when it does not
 * exist), sorted, at most `max`; the count. Entries with other names are
 * skipped (`keep platform show` reports them). */
size_t keep_root_trusted_names(char (*names)[KEEP_ROOT_NAME_MAX + 1], size_t max,
                               const char *platform_dir);

/* 1 when the quote's QE vendor id is a Keep platform's (*simulation: the
 * published simulation platform's). */
int keep_verify_is_keep_quote(const uint8_t *quote, size_t size, int *simulation);

/* Verifies a Keep quote at `at` (0: now) against the trusted Keep roots:
 * this machine's, its trusted-roots/ (in name order), then
 * KEEP_TRUSTED_ROOTS; the simulation root only when allow_simulation
 * (OE_VERIFY_FAILED otherwise). The first success, else the first root's
 * failure. A root whose files are missing or malformed is skipped. */
oe_result_t keep_verify_keep_quote(keep_verify_result_t *res, const uint8_t *quote, size_t size,
                                   int64_t at, int allow_simulation)
    __attribute__((warn_unused_result));

/* A Keep root held in memory: the public files `keep platform
 * export-root` writes, in this order (lengths exclude any NUL). For
 * processes that cannot read files when they verify (the confined
 * platform child builds one before it confines itself). */
#define KEEP_ROOT_FILE_COUNT 7
typedef struct keep_root_files {
    const uint8_t *data[KEEP_ROOT_FILE_COUNT]; /* root-ca.pem, platform-ca.pem,
        tcb-signing.pem, root-ca.crl.pem, platform-ca.crl.pem, tcb-info.json,
        qe-identity.json */
    size_t size[KEEP_ROOT_FILE_COUNT];
} keep_root_files;

/* A loaded root: its anchor and collateral, parsed once; roots chain into
 * a list (keep_root_append), which verifies as the roots in order. */
typedef struct keep_root keep_root;

/* Parses `files` into *out (free with keep_root_free). simulation: the
 * root anchors the simulation platform's QE vendor id, else a Keep
 * platform's. `name` (copied, truncated to 127 bytes) names the anchor in
 * results. */
oe_result_t keep_root_new(keep_root **out, const keep_root_files *files, int simulation,
                          const char *name) __attribute__((warn_unused_result));

/* Loads the exported files in directory `dir` into *out, as keep_root_new
 * (not simulation). On failure, `why` (why_size bytes, may be NULL) says
 * which file is missing or malformed. */
oe_result_t keep_root_new_dir(keep_root **out, const char *dir, const char *name, char *why,
                              size_t why_size) __attribute__((warn_unused_result));

/* Appends to `list` the roots in platform_dir/trusted-roots, each named
 * KEEP_ROOT_TRUSTED_PREFIX NAME ")"; an entry that does not load is
 * skipped and does not affect the others. The number appended. */
size_t keep_root_append_trusted(keep_root *list, const char *platform_dir);

/* Puts `next` (and its list) at the end of `list`, which then owns it. */
void keep_root_append(keep_root *list, keep_root *next);

/* Frees a root and every root appended to it; NULL is fine. */
void keep_root_free(keep_root *root);

/* The root's SHA-256 fingerprint (what `keep platform show` prints). */
const uint8_t *keep_root_sha256(const keep_root *root);

/* The platform's trust configuration as one root, read when used: this
 * machine's platform root and its trusted-roots/ (not KEEP_TRUSTED_ROOTS,
 * a setting of the relying party's own process), and the simulation root
 * when the verification allows simulation. For the in-process simulation
 * platform, so that enclaves on sim trust what enclaves on sandbox trust.
 * Static: never freed. */
const keep_root *keep_root_platform_config(void);

/* Verifies a Keep quote at `at` (0: now) against a loaded root (or list),
 * with keep_verify_quote: the same procedure as every other quote. The
 * first root that verifies it wins; else the first root's failure. A
 * simulation quote is OE_VERIFY_FAILED unless a root is the simulation
 * root and allow_simulation. */
oe_result_t keep_root_verify(keep_verify_result_t *res, const keep_root *root,
                             const uint8_t *quote, size_t size, int64_t at, int allow_simulation)
    __attribute__((warn_unused_result));

/* "sgx", "sandbox" or "sim", from the (verified) QE vendor id. */
const char *keep_verify_backend_of(const keep_verify_result_t *res);

#endif
