/* Signature, chain and CRL checks on top of OpenSSL. Internal. */
#ifndef KEEP_VERIFY_X509CHECK_H
#define KEEP_VERIFY_X509CHECK_H

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <keep/verify.h>

#include "collateral.h"

#define KEEP_CHAIN_MAX 5

/* ECDSA P-256/SHA-256 over msg with a raw r||s signature. Returns 1
 * valid, 0 invalid, -1 on error. */
int keep_ecdsa_verify(EVP_PKEY* key, const uint8_t* msg, size_t len,
                      const uint8_t sig[64]);
/* A raw X||Y P-256 point imported with EVP_PKEY_fromdata (the provider checks it is
 * on the curve); NULL otherwise. */
EVP_PKEY* keep_p256_key_from_raw(const uint8_t key[64]);

/* The same, memoised in `memo` (may be NULL) by (msg, sig, key). */
int keep_ecdsa_verify_memo(keep_sigmemo_t* memo, X509* signer,
                           const uint8_t* msg, size_t len,
                           const uint8_t sig[64]);

/* SHA-256 of x's DER (der_sha256, as X509_digest) and of its public key
 * (key_sha256, as X509_pubkey_digest); either output may be NULL. With a
 * memo (may be NULL), from it when this certificate object was digested
 * before. 0 on success, -1 when a digest cannot be computed. */
int keep_cert_digests(keep_sigmemo_t* memo, X509* x, uint8_t der_sha256[32],
                      uint8_t key_sha256[32]);
/* Drops the memo's certificate digests and their references. */
void keep_cert_digests_clear(keep_sigmemo_t* memo);

/* Subject CN (or the whole subject) for messages. */
void keep_x509_name(char* buf, size_t size, X509* x);

/* 1 when x is an end-entity signing certificate: not a CA, and with
 * digitalSignature if it has keyUsage. */
int keep_x509_is_signer(X509* x);

/* A chain from a leaf up to a pinned root. Certificates are borrowed. */
typedef struct keep_chain {
    X509* certs[KEEP_CHAIN_MAX];
    size_t count;                      /* leaf first, root last */
    const keep_verify_anchor_t* anchor;
} keep_chain_t;

/* Builds and checks leaf -> ... -> root: issuer names, each signature
 * (ecdsa-with-SHA256), CA flags and keyUsage of issuers, no unhandled
 * critical extension, root's SHA-256 equal to one of `anchors`. Issuers are
 * looked up in `first`, then `second` (either may be NULL). Time is not
 * checked here. OE_VERIFY_FAILED with err on failure. */
oe_result_t keep_chain_build(keep_chain_t* out, X509* leaf,
                             STACK_OF(X509)* first, STACK_OF(X509)* second,
                             const keep_verify_anchor_t* const* anchors,
                             size_t anchor_count, keep_sigmemo_t* memo,
                             char* err, size_t err_size);

/* Every certificate valid at `at`; names the first that is not.
 * *min_not_after gets the earliest notAfter. */
oe_result_t keep_chain_validity(const keep_chain_t* chain, int64_t at,
                                int64_t* min_not_after, char* err,
                                size_t err_size);

/* The freshest CRL in `crls` issued by `issuer` whose signature verifies
 * with the issuer's key. NULL with err (missing / bad signature) if none;
 * *why is OE_VERIFY_CRL_MISSING or OE_VERIFY_FAILED then. */
X509_CRL* keep_crl_find(STACK_OF(X509_CRL)* crls, X509* issuer,
                        keep_sigmemo_t* memo, oe_result_t* why, char* err,
                        size_t err_size);

/* thisUpdate <= at <= nextUpdate (nextUpdate required).
 * OE_VERIFY_CRL_EXPIRED with err naming `what` otherwise. */
oe_result_t keep_crl_fresh(X509_CRL* crl, int64_t at, const char* what,
                           int64_t* next_update, char* err, size_t err_size);

/* 1 when `cert` is listed in `crl`. */
int keep_crl_lists(X509_CRL* crl, X509* cert);

#endif
