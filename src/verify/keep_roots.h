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

/* "sgx", "sandbox" or "sim", from the (verified) QE vendor id. */
const char *keep_verify_backend_of(const keep_verify_result_t *res);

#endif
