/* The collateral set: certificates, CRLs, TCB info and QE identity with
 * their exact signed bytes. Internal to liboehostverify. */
#ifndef KEEP_VERIFY_COLLATERAL_H
#define KEEP_VERIFY_COLLATERAL_H

#include <pthread.h>

#include <openssl/x509.h>

#include <keep/verify.h>

#include "tcb_eval.h"

#define KEEP_COLL_MAX_BLOB (1024 * 1024)
#define KEEP_COLL_MAX_CERTS 32
#define KEEP_COLL_MAX_CRLS 16
#define KEEP_COLL_MAX_LOOSE_SIGS 8
#define KEEP_COLL_MAX_DEPTH 3 /* bundle -> hex -> DER */
#define KEEP_SIGMEMO_SLOTS 64

/* A signed JSON body: the exact bytes the signature covers. */
typedef struct keep_signed_body {
    char* body;            /* owned, NUL-terminated copy of the bytes */
    size_t size;
    int has_sig;
    uint8_t sig[64];       /* r || s */
} keep_signed_body_t;

/* Certificates' SHA-256 digests (of the DER, and of the public key as
 * X509_pubkey_digest), which every verification recomputes for the same
 * shared certificate objects (the collateral's, the chain cache's) to
 * match anchors and key the signature memo: ~1.5 us each, ~15 per
 * verification. Keyed by the X509 object, of which the memo holds a
 * reference: while an entry is kept no other certificate can have its
 * address, and verification never changes a parsed certificate. Only
 * digests that were computed are stored. Guarded by lock. */
#define KEEP_CERTDIGEST_SLOTS 16
typedef struct keep_certdigest {
    X509* cert; /* one reference; NULL: empty */
    uint8_t der_sha256[32];
    uint8_t key_sha256[32];
} keep_certdigest_t;

/* Remembers signature checks over immutable inputs: key = SHA-256 of
 * (signed object, signature, public key). Only successes are stored. */
typedef struct keep_sigmemo {
    pthread_mutex_t lock;
    size_t next;
    size_t used;
    uint8_t keys[KEEP_SIGMEMO_SLOTS][32];
    size_t digest_next;
    keep_certdigest_t digests[KEEP_CERTDIGEST_SLOTS];
} keep_sigmemo_t;

/* Parsed PCK chains from quotes' certification data, keyed by SHA-256 of
 * those bytes (OpenSSL 3.0 spends most of a verification decoding them).
 * Guarded by memo.lock. */
#define KEEP_CHAINCACHE_SLOTS 8
typedef struct keep_chaincache {
    size_t next;
    uint8_t keys[KEEP_CHAINCACHE_SLOTS][32];
    STACK_OF(X509)* chains[KEEP_CHAINCACHE_SLOTS];
} keep_chaincache_t;

/* QE report signatures that verified (sgx-dcap.md §3.4 step 5), kept as
 * their exact bytes: the signer's SubjectPublicKeyInfo DER, the QE report
 * and the signature. A platform's QE report and its signature are the
 * same in all its quotes (the PCK certifies the attestation key once), so
 * a verifier of many quotes checks that signature once; a hit needs every
 * byte equal, anything else is verified. Only successes are stored, at
 * most KEEP_QEMEMO_SLOTS (oldest replaced). Guarded by memo.lock. */
#define KEEP_QEMEMO_SLOTS 8
#define KEEP_QEMEMO_KEY_MAX 160 /* SPKI DER; larger keys are not cached */
typedef struct keep_qememo_entry {
    size_t key_size;
    uint8_t key[KEEP_QEMEMO_KEY_MAX];
    uint8_t report[384]; /* KEEP_REPORT_BODY_SIZE */
    uint8_t sig[64];
} keep_qememo_entry_t;

typedef struct keep_qememo {
    size_t next;
    size_t used;
    keep_qememo_entry_t entries[KEEP_QEMEMO_SLOTS];
} keep_qememo_t;

/* Attestation keys imported from quotes (raw X||Y P-256 points), keyed by
 * their exact 64 bytes: importing one costs ~16 us in OpenSSL 3.0 and a
 * platform signs all its quotes with one key. Only keys that imported
 * (on the curve) are kept, at most KEEP_KEYCACHE_SLOTS (oldest replaced);
 * the quote's signature is still verified every time. Guarded by
 * memo.lock; entries are handed out up-referenced. */
#define KEEP_KEYCACHE_SLOTS 4
typedef struct keep_keycache {
    size_t next;
    uint8_t raw[KEEP_KEYCACHE_SLOTS][64];
    EVP_PKEY* keys[KEEP_KEYCACHE_SLOTS];
} keep_keycache_t;

/* PCK SGX extensions that parsed (sgx-dcap.md §3.6), kept as their exact
 * DER value with the parsed result: a platform's PCK leaf, and so its
 * extension, is the same in all its quotes, and OpenSSL's generic ASN.1
 * decoder spends ~15 us on it. A hit needs the same length and every byte
 * equal; only successes are stored, at most KEEP_PCKMEMO_SLOTS (oldest
 * replaced). Guarded by memo.lock. */
#define KEEP_PCKMEMO_SLOTS 4
#define KEEP_PCKMEMO_DER_MAX 1024 /* larger extensions are not cached */
typedef struct keep_pckmemo_entry {
    size_t size; /* 0: empty */
    uint8_t der[KEEP_PCKMEMO_DER_MAX];
    keep_pck_info_t info;
} keep_pckmemo_entry_t;

typedef struct keep_pckmemo {
    size_t next;
    keep_pckmemo_entry_t entries[KEEP_PCKMEMO_SLOTS];
} keep_pckmemo_t;

struct keep_verify_collateral {
    STACK_OF(X509)* certs;
    STACK_OF(X509_CRL)* crls;
    keep_signed_body_t tcb;
    keep_tcb_info_t* tcb_info;
    keep_signed_body_t qe;
    keep_qe_identity_t* qe_identity;
    size_t loose_count;
    uint8_t loose_sigs[KEEP_COLL_MAX_LOOSE_SIGS][64];
    keep_sigmemo_t memo;
    keep_chaincache_t chains;
    keep_qememo_t qe_sigs;
    keep_keycache_t attest_keys;
    keep_pckmemo_t pck_exts;
    int memo_disabled;     /* for benchmarks: measure the cold path */
    char err[256];
};

/* Content-recognising add, with a recursion depth for bundles. */
oe_result_t keep_coll_add(keep_verify_collateral_t* c, const uint8_t* buf,
                          size_t len, const char* origin, int depth);

/* JSON forms: PCS responses, bare bodies, bundles. OE_NOT_FOUND when the
 * JSON is not collateral. */
oe_result_t keep_coll_add_json(keep_verify_collateral_t* c, const char* text,
                               size_t len, const char* origin, int depth);

/* Sets the TCB info / QE identity body (and signature if sig != NULL). */
oe_result_t keep_coll_set_tcb(keep_verify_collateral_t* c, const char* body,
                              size_t len, const uint8_t* sig,
                              const char* origin);
oe_result_t keep_coll_set_qe(keep_verify_collateral_t* c, const char* body,
                             size_t len, const uint8_t* sig,
                             const char* origin);

/* Adds a certificate / CRL (takes ownership; duplicates are dropped). */
oe_result_t keep_coll_add_cert(keep_verify_collateral_t* c, X509* x);
oe_result_t keep_coll_add_crl(keep_verify_collateral_t* c, X509_CRL* crl);

/* Memo lookups (thread-safe). */
int keep_sigmemo_has(keep_sigmemo_t* m, const uint8_t key[32]);
void keep_sigmemo_put(keep_sigmemo_t* m, const uint8_t key[32]);

/* 1 when exactly this (key, report, sig) verified before, else 0;
 * key_size > KEEP_QEMEMO_KEY_MAX is never found. */
int keep_qememo_has(keep_verify_collateral_t* c, const uint8_t* key, size_t key_size,
                    const uint8_t report[384], const uint8_t sig[64]);
/* Remembers a verified (key, report, sig); keys over KEEP_QEMEMO_KEY_MAX
 * are not stored. */
void keep_qememo_put(keep_verify_collateral_t* c, const uint8_t* key, size_t key_size,
                     const uint8_t report[384], const uint8_t sig[64]);

/* The P-256 key for a raw X||Y point: from the cache when these exact 64
 * bytes were imported before, else imported (and, when use_cache, kept).
 * NULL when the point is not on the curve. The caller frees it. */
EVP_PKEY* keep_keycache_get(keep_verify_collateral_t* c, const uint8_t raw[64],
                            int use_cache);

/* 1 and *out the parsed extension when exactly these bytes parsed before,
 * else 0 (*out untouched); sizes over KEEP_PCKMEMO_DER_MAX are never
 * found. */
int keep_pckmemo_get(keep_verify_collateral_t* c, const uint8_t* der, size_t size,
                     keep_pck_info_t* out);
/* Remembers a successful parse of `der`; larger than KEEP_PCKMEMO_DER_MAX
 * or empty: not stored. */
void keep_pckmemo_put(keep_verify_collateral_t* c, const uint8_t* der, size_t size,
                      const keep_pck_info_t* info);

/* A copy (certificates up-referenced) of the cached chain for `key`, or
 * NULL. The caller frees it with sk_X509_pop_free(.., X509_free). */
STACK_OF(X509)* keep_chaincache_get(keep_verify_collateral_t* c,
                                    const uint8_t key[32]);
/* Stores a copy of `chain` under `key`. */
void keep_chaincache_put(keep_verify_collateral_t* c, const uint8_t key[32],
                         STACK_OF(X509)* chain);

#endif
