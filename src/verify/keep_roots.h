/* Keep platform and simulation roots (keep_roots.c). Internal to
 * liboehostverify. */
#ifndef KEEP_VERIFY_KEEP_ROOTS_H
#define KEEP_VERIFY_KEEP_ROOTS_H

#include <keep/verify.h>

/* Anchor names Keep roots carry into results and claims. */
#define KEEP_ROOT_LOCAL "Keep platform root (this machine)"
#define KEEP_ROOT_CONFIGURED "Keep platform root (KEEP_TRUSTED_ROOTS)"
#define KEEP_ROOT_SIMULATION "Keep simulation root (NOT SECURE)"

/* 1 when the quote's QE vendor id is a Keep platform's (*simulation: the
 * published simulation platform's). */
int keep_verify_is_keep_quote(const uint8_t *quote, size_t size, int *simulation);

/* Verifies a Keep quote at `at` (0: now) against the trusted Keep roots:
 * this machine's, then KEEP_TRUSTED_ROOTS; the simulation root only when
 * allow_simulation (OE_VERIFY_FAILED otherwise). The first success, else
 * the first root's failure. */
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

/* A loaded root: its anchor and collateral, parsed once. */
typedef struct keep_root keep_root;

/* Parses `files` into *out (free with keep_root_free). simulation: the
 * root anchors the simulation platform's QE vendor id, else a Keep
 * platform's. `name` (static storage) names the anchor in results. */
oe_result_t keep_root_new(keep_root **out, const keep_root_files *files, int simulation,
                          const char *name) __attribute__((warn_unused_result));
void keep_root_free(keep_root *root);

/* Verifies a Keep quote at `at` (0: now) against one loaded root, with
 * keep_verify_quote: the same procedure as every other quote. A
 * simulation quote is OE_VERIFY_FAILED unless the root is the simulation
 * root and allow_simulation. */
oe_result_t keep_root_verify(keep_verify_result_t *res, const keep_root *root,
                             const uint8_t *quote, size_t size, int64_t at, int allow_simulation)
    __attribute__((warn_unused_result));

/* "sgx", "sandbox" or "sim", from the (verified) QE vendor id. */
const char *keep_verify_backend_of(const keep_verify_result_t *res);

#endif
