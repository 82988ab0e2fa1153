/* The verifier's byte-keyed caches (collateral.h). The QE report
 * signature memo (keep_qememo): a hit needs the same signer key, QE report
 * and signature byte for byte; any other bytes are verified (a forged
 * signature still fails and is not remembered); only successes are
 * stored; at most KEEP_QEMEMO_SLOTS entries; concurrent verifications
 * share it. The attestation key cache (keep_keycache): the same 64 bytes
 * give the same imported key, other bytes are imported anew (an
 * off-curve point is refused and not kept), at most KEEP_KEYCACHE_SLOTS
 * keys, and a quote whose key changed still fails its signature. The
 * PCK extension memo (keep_pckmemo): the same extension bytes give the
 * same parse, one changed byte is parsed anew, a malformed extension
 * fails and is not kept, at most KEEP_PCKMEMO_SLOTS entries. The
 * certificate digest memo (keep_cert_digests): the same certificate
 * object gives X509_digest's and X509_pubkey_digest's answers, another
 * object with one byte changed is digested anew, a certificate that
 * cannot be digested is not kept, at most KEEP_CERTDIGEST_SLOTS. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>

#include "collateral.h"
#include "pck_ext.h"
#include "quote.h"
#include "synth.h"
#include "verify_steps.h"
#include "x509check.h"

/* Where a v3 quote carries the QE report and its signature. */
#define QE_REPORT_AT (KEEP_QUOTE_SIG_DATA_OFFSET + 64 + 64)
#define QE_SIG_AT (QE_REPORT_AT + KEEP_REPORT_BODY_SIZE)

static void fill(uint8_t* p, size_t n, uint8_t seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)(seed + i * 7);
}

static void exact_bytes(void** state)
{
    (void)state;
    keep_verify_collateral_t* c = NULL;
    uint8_t key[91], report[384], sig[64];
    assert_int_equal(keep_verify_collateral_new(&c), OE_OK);
    fill(key, sizeof(key), 1);
    fill(report, sizeof(report), 2);
    fill(sig, sizeof(sig), 3);
    assert_int_equal(keep_qememo_has(c, key, sizeof(key), report, sig), 0);
    keep_qememo_put(c, key, sizeof(key), report, sig);
    assert_int_equal(keep_qememo_has(c, key, sizeof(key), report, sig), 1);
    uint8_t* parts[3] = {key, report, sig};
    size_t sizes[3] = {sizeof(key), sizeof(report), sizeof(sig)};
    for (int p = 0; p < 3; p++)
        for (size_t i = 0; i < sizes[p]; i++) {
            parts[p][i] ^= 0x01;
            assert_int_equal(keep_qememo_has(c, key, sizeof(key), report, sig), 0);
            parts[p][i] ^= 0x01;
        }
    /* A prefix of the key is another key. */
    assert_int_equal(keep_qememo_has(c, key, sizeof(key) - 1, report, sig), 0);
    /* Keys too large (or empty) are neither stored nor found. */
    uint8_t big[KEEP_QEMEMO_KEY_MAX + 1];
    fill(big, sizeof(big), 4);
    keep_qememo_put(c, big, sizeof(big), report, sig);
    assert_int_equal(keep_qememo_has(c, big, sizeof(big), report, sig), 0);
    keep_qememo_put(c, key, 0, report, sig);
    assert_int_equal(keep_qememo_has(c, key, 0, report, sig), 0);
    assert_int_equal(c->qe_sigs.used, 1);
    keep_verify_collateral_free(c);
}

static void bounded(void** state)
{
    (void)state;
    keep_verify_collateral_t* c = NULL;
    uint8_t key[91], report[384], sig[64];
    const int extra = 3;
    assert_int_equal(keep_verify_collateral_new(&c), OE_OK);
    fill(key, sizeof(key), 1);
    fill(report, sizeof(report), 2);
    for (int i = 0; i < KEEP_QEMEMO_SLOTS + extra; i++) {
        fill(sig, sizeof(sig), (uint8_t)(10 + i));
        keep_qememo_put(c, key, sizeof(key), report, sig);
        assert_true(c->qe_sigs.used <= KEEP_QEMEMO_SLOTS);
    }
    assert_int_equal(c->qe_sigs.used, KEEP_QEMEMO_SLOTS);
    for (int i = 0; i < KEEP_QEMEMO_SLOTS + extra; i++) {
        fill(sig, sizeof(sig), (uint8_t)(10 + i));
        assert_int_equal(keep_qememo_has(c, key, sizeof(key), report, sig), i >= extra);
    }
    keep_verify_collateral_free(c);
}

static oe_result_t verify(synth_t* s, keep_verify_result_t* res)
{
    return keep_verify_quote(res, s->quote, s->quote_len, s->coll, &s->opts);
}

/* Through keep_verify_quote on a synthetic quote: the first verification
 * stores the QE report signature, a second one hits; a quote with one
 * signature byte changed is verified, fails, and is not stored; the
 * original still verifies. With the caches off nothing is stored. */
static void through_verification(void** state)
{
    (void)state;
    static keep_verify_result_t res;
    synth_opts_t o = {0};
    synth_t s;
    assert_int_equal(synth_make(&s, &o), 0);
    assert_true(s.quote_len > QE_SIG_AT + 64);
    assert_int_equal(verify(&s, &res), OE_OK);
    assert_int_equal(s.coll->qe_sigs.used, 1);
    const keep_qememo_entry_t* e = &s.coll->qe_sigs.entries[0];
    assert_memory_equal(e->report, s.quote + QE_REPORT_AT, KEEP_REPORT_BODY_SIZE);
    assert_memory_equal(e->sig, s.quote + QE_SIG_AT, 64);
    assert_int_equal(verify(&s, &res), OE_OK);
    assert_int_equal(s.coll->qe_sigs.used, 1); /* a hit adds nothing */
    for (size_t i = 0; i < 64; i += 9) {
        s.quote[QE_SIG_AT + i] ^= 0x80;
        assert_int_equal(verify(&s, &res), OE_QUOTE_VERIFICATION_ERROR);
        assert_int_equal(res.checks[KEEP_CHECK_QE_REPORT_SIGNATURE].state, KEEP_CHECK_FAILED);
        s.quote[QE_SIG_AT + i] ^= 0x80;
    }
    /* A changed QE report under the remembered signature fails too. */
    s.quote[QE_REPORT_AT + KEEP_RB_ISVSVN] ^= 0x01;
    assert_int_not_equal(verify(&s, &res), OE_OK);
    assert_int_equal(res.checks[KEEP_CHECK_QE_REPORT_SIGNATURE].state, KEEP_CHECK_FAILED);
    s.quote[QE_REPORT_AT + KEEP_RB_ISVSVN] ^= 0x01;
    assert_int_equal(s.coll->qe_sigs.used, 1); /* failures are not stored */
    assert_int_equal(verify(&s, &res), OE_OK);
    synth_free(&s);

    assert_int_equal(synth_make(&s, &o), 0);
    keep_verify_collateral_set_cache(s.coll, 0);
    assert_int_equal(verify(&s, &res), OE_OK);
    assert_int_equal(s.coll->qe_sigs.used, 0);
    synth_free(&s);
}

typedef struct worker {
    synth_t* s;
    int failures;
} worker_t;

static void* run_worker(void* arg)
{
    worker_t* w = arg;
    keep_verify_result_t* res = malloc(sizeof(*res));
    for (int i = 0; res && i < 20; i++)
        w->failures += verify(w->s, res) != OE_OK;
    free(res);
    return NULL;
}

/* Four threads verify the same quote against one collateral set. */
static void concurrent(void** state)
{
    (void)state;
    synth_opts_t o = {0};
    synth_t s;
    pthread_t threads[4];
    worker_t workers[4];
    assert_int_equal(synth_make(&s, &o), 0);
    for (int i = 0; i < 4; i++) {
        workers[i] = (worker_t){&s, 0};
        assert_int_equal(pthread_create(&threads[i], NULL, run_worker, &workers[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(threads[i], NULL);
        assert_int_equal(workers[i].failures, 0);
    }
    assert_true(s.coll->qe_sigs.used >= 1 && s.coll->qe_sigs.used <= 4);
    synth_free(&s);
}

#define ATTEST_KEY_AT (KEEP_QUOTE_SIG_DATA_OFFSET + 64)

static size_t cached_keys(const keep_verify_collateral_t* c)
{
    size_t n = 0;
    for (size_t i = 0; i < KEEP_KEYCACHE_SLOTS; i++)
        n += c->attest_keys.keys[i] != NULL;
    return n;
}

/* A fresh P-256 public key as raw X||Y. */
static void fresh_point(uint8_t raw[64])
{
    EVP_PKEY* k = EVP_EC_gen("P-256");
    uint8_t point[65];
    size_t len = 0;
    assert_non_null(k);
    assert_int_equal(EVP_PKEY_get_octet_string_param(k, OSSL_PKEY_PARAM_PUB_KEY, point,
                                                     sizeof(point), &len), 1);
    assert_int_equal(len, 65);
    memcpy(raw, point + 1, 64);
    EVP_PKEY_free(k);
}

static void key_cache(void** state)
{
    (void)state;
    keep_verify_collateral_t* c = NULL;
    uint8_t raw[64], first[64];
    assert_int_equal(keep_verify_collateral_new(&c), OE_OK);
    fresh_point(raw);
    memcpy(first, raw, 64);
    EVP_PKEY* a = keep_keycache_get(c, raw, 1);
    EVP_PKEY* b = keep_keycache_get(c, raw, 1);
    assert_non_null(a);
    assert_ptr_equal(a, b); /* same bytes: the cached key */
    EVP_PKEY_free(a);
    EVP_PKEY_free(b);
    raw[63] ^= 0x01; /* almost surely off the curve: refused, not kept */
    EVP_PKEY* off = keep_keycache_get(c, raw, 1);
    if (off) {
        assert_ptr_not_equal(off, a);
        EVP_PKEY_free(off);
    } else {
        assert_int_equal(cached_keys(c), 1);
    }
    for (int i = 0; i < KEEP_KEYCACHE_SLOTS + 2; i++) {
        fresh_point(raw);
        EVP_PKEY_free(keep_keycache_get(c, raw, 1));
        assert_true(cached_keys(c) <= KEEP_KEYCACHE_SLOTS);
    }
    for (size_t i = 0; i < KEEP_KEYCACHE_SLOTS; i++)
        assert_memory_not_equal(c->attest_keys.raw[i], first, 64); /* evicted */
    fresh_point(raw);
    EVP_PKEY* uncached = keep_keycache_get(c, raw, 0);
    assert_non_null(uncached);
    for (size_t i = 0; i < KEEP_KEYCACHE_SLOTS; i++)
        assert_ptr_not_equal(c->attest_keys.keys[i], uncached);
    EVP_PKEY_free(uncached);
    keep_verify_collateral_free(c);
}

/* Through keep_verify_quote: the quote's key is cached once; a quote with
 * another attestation key fails its signature; with the caches off no key
 * is kept. */
static void key_cache_through_verification(void** state)
{
    (void)state;
    static keep_verify_result_t res;
    synth_opts_t o = {0};
    synth_t s;
    assert_int_equal(synth_make(&s, &o), 0);
    assert_int_equal(verify(&s, &res), OE_OK);
    assert_int_equal(verify(&s, &res), OE_OK);
    assert_int_equal(cached_keys(s.coll), 1);
    assert_memory_equal(s.coll->attest_keys.raw[0], s.quote + ATTEST_KEY_AT, 64);
    uint8_t other[64];
    fresh_point(other);
    uint8_t saved[64];
    memcpy(saved, s.quote + ATTEST_KEY_AT, 64);
    memcpy(s.quote + ATTEST_KEY_AT, other, 64); /* a valid key, not the signer */
    assert_int_not_equal(verify(&s, &res), OE_OK);
    assert_int_equal(res.checks[KEEP_CHECK_QUOTE_SIGNATURE].state, KEEP_CHECK_FAILED);
    memcpy(s.quote + ATTEST_KEY_AT, saved, 64);
    s.quote[KEEP_QUOTE_HEADER_SIZE + KEEP_RB_ISVSVN] ^= 0x01; /* signed bytes changed */
    assert_int_not_equal(verify(&s, &res), OE_OK);
    assert_int_equal(res.checks[KEEP_CHECK_QUOTE_SIGNATURE].state, KEEP_CHECK_FAILED);
    s.quote[KEEP_QUOTE_HEADER_SIZE + KEEP_RB_ISVSVN] ^= 0x01;
    assert_int_equal(verify(&s, &res), OE_OK);
    synth_free(&s);

    assert_int_equal(synth_make(&s, &o), 0);
    keep_verify_collateral_set_cache(s.coll, 0);
    assert_int_equal(verify(&s, &res), OE_OK);
    assert_int_equal(cached_keys(s.coll), 0);
    synth_free(&s);
}


static size_t pck_entries(const keep_verify_collateral_t* c)
{
    size_t n = 0;
    for (size_t i = 0; i < KEEP_PCKMEMO_SLOTS; i++)
        n += c->pck_exts.entries[i].size != 0;
    return n;
}

/* The memo's own contract: exact bytes in, the stored parse out; other
 * lengths or bytes miss; oversized or empty input is never kept; the
 * oldest entry goes first. */
static void pck_memo_exact_bytes(void** state)
{
    (void)state;
    keep_verify_collateral_t* c = NULL;
    uint8_t der[300], big[KEEP_PCKMEMO_DER_MAX + 1];
    keep_pck_info_t info, got;
    assert_int_equal(keep_verify_collateral_new(&c), OE_OK);
    fill(der, sizeof(der), 5);
    memset(&info, 0, sizeof(info));
    fill(info.fmspc, sizeof(info.fmspc), 6);
    info.pcesvn = 13;
    assert_int_equal(keep_pckmemo_get(c, der, sizeof(der), &got), 0);
    keep_pckmemo_put(c, der, sizeof(der), &info);
    memset(&got, 0xa5, sizeof(got));
    assert_int_equal(keep_pckmemo_get(c, der, sizeof(der), &got), 1);
    assert_memory_equal(&got, &info, sizeof(info));
    for (size_t i = 0; i < sizeof(der); i += 37) {
        der[i] ^= 0x01;
        assert_int_equal(keep_pckmemo_get(c, der, sizeof(der), &got), 0);
        der[i] ^= 0x01;
    }
    assert_int_equal(keep_pckmemo_get(c, der, sizeof(der) - 1, &got), 0);
    fill(big, sizeof(big), 7);
    keep_pckmemo_put(c, big, sizeof(big), &info);
    assert_int_equal(keep_pckmemo_get(c, big, sizeof(big), &got), 0);
    keep_pckmemo_put(c, der, 0, &info);
    assert_int_equal(pck_entries(c), 1);
    for (int i = 0; i < KEEP_PCKMEMO_SLOTS; i++) { /* pushes the first out */
        der[0] = (uint8_t)(100 + i);
        keep_pckmemo_put(c, der, sizeof(der), &info);
    }
    assert_int_equal(pck_entries(c), KEEP_PCKMEMO_SLOTS);
    fill(der, sizeof(der), 5);
    assert_int_equal(keep_pckmemo_get(c, der, sizeof(der), &got), 0);
    keep_verify_collateral_free(c);
}

/* Through keep_verify_quote: the first verification stores the leaf's
 * extension, a second one hits with the same result; with the caches off
 * nothing is stored. */
static void pck_memo_through_verification(void** state)
{
    (void)state;
    static keep_verify_result_t first, res;
    synth_opts_t o = {0};
    synth_t s;
    assert_int_equal(synth_make(&s, &o), 0);
    assert_int_equal(verify(&s, &first), OE_OK);
    assert_int_equal(pck_entries(s.coll), 1);
    assert_int_equal(verify(&s, &res), OE_OK);
    assert_int_equal(pck_entries(s.coll), 1);
    assert_memory_equal(&res.pck, &first.pck, sizeof(res.pck));
    assert_int_equal(res.checks[KEEP_CHECK_PCK_EXTENSIONS].state, KEEP_CHECK_PASSED);
    synth_free(&s);

    assert_int_equal(synth_make(&s, &o), 0);
    keep_verify_collateral_set_cache(s.coll, 0);
    assert_int_equal(verify(&s, &res), OE_OK);
    assert_int_equal(pck_entries(s.coll), 0);
    synth_free(&s);
}

/* A leaf whose SGX extension holds `der` (not a real PCK: the step reads
 * only the extension). */
static X509* leaf_with_ext(const uint8_t* der, size_t size)
{
    X509* x = X509_new();
    ASN1_OBJECT* oid = OBJ_txt2obj(KEEP_SGX_EXT_OID, 1);
    ASN1_OCTET_STRING* value = ASN1_OCTET_STRING_new();
    X509_EXTENSION* ext = NULL;
    assert_non_null(x);
    assert_non_null(oid);
    assert_non_null(value);
    assert_int_equal(ASN1_OCTET_STRING_set(value, der, (int)size), 1);
    ext = X509_EXTENSION_create_by_OBJ(NULL, oid, 0, value);
    assert_non_null(ext);
    assert_int_equal(X509_add_ext(x, ext, -1), 1);
    X509_EXTENSION_free(ext);
    ASN1_OCTET_STRING_free(value);
    ASN1_OBJECT_free(oid);
    return x;
}

/* The step on a malformed extension fails every time and keeps nothing;
 * a remembered good extension with one byte changed is parsed (and here
 * fails) rather than found. */
static void pck_memo_failure_not_stored(void** state)
{
    (void)state;
    static keep_verify_result_t res;
    static const uint8_t bad[] = {0x30, 0x03, 0x02, 0x01, 0x01}; /* SEQUENCE { INTEGER 1 } */
    synth_opts_t o = {0};
    synth_t s;
    assert_int_equal(synth_make(&s, &o), 0);
    assert_int_equal(verify(&s, &res), OE_OK);
    assert_int_equal(pck_entries(s.coll), 1);
    const keep_pckmemo_entry_t* e = &s.coll->pck_exts.entries[0];
    uint8_t changed[KEEP_PCKMEMO_DER_MAX];
    memcpy(changed, e->der, e->size);
    changed[e->size - 1] ^= 0x01; /* inside the last item's value */
    X509* leaves[3] = {leaf_with_ext(bad, sizeof(bad)), leaf_with_ext(bad, sizeof(bad)),
                       leaf_with_ext(changed, e->size)};
    for (int i = 0; i < 3; i++) {
        memset(&res, 0, sizeof(res));
        keep_vctx_t v = {.res = &res, .coll = s.coll, .memo = &s.coll->memo};
        v.pck.certs[0] = leaves[i];
        v.pck.count = 1;
        int rc = keep_step_pck_extensions(&v);
        if (i < 2) { /* the changed byte may still parse: then it must not be the old result */
            assert_int_equal(rc, -1);
            assert_int_equal(res.checks[KEEP_CHECK_PCK_EXTENSIONS].state, KEEP_CHECK_FAILED);
        } else if (rc == 0) {
            assert_memory_not_equal(&res.pck, &e->info, sizeof(res.pck));
        }
        assert_int_equal(pck_entries(s.coll), 1 + (i == 2 && rc == 0));
        X509_free(leaves[i]);
    }
    synth_free(&s);
}

static X509* self_signed(void)
{
    X509* x = X509_new();
    EVP_PKEY* key = EVP_EC_gen("P-256");
    assert_non_null(x);
    assert_non_null(key);
    X509_NAME* name = X509_get_subject_name(x);
    assert_int_equal(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                                (const unsigned char*)"digest test", -1, -1, 0),
                     1);
    assert_int_equal(X509_set_issuer_name(x, name), 1);
    assert_non_null(X509_gmtime_adj(X509_getm_notBefore(x), 0));
    assert_non_null(X509_gmtime_adj(X509_getm_notAfter(x), 3600));
    assert_int_equal(X509_set_pubkey(x, key), 1);
    assert_true(X509_sign(x, key, EVP_sha256()) > 0);
    EVP_PKEY_free(key);
    return x;
}

static size_t digest_entries(const keep_verify_collateral_t* c)
{
    size_t n = 0;
    for (size_t i = 0; i < KEEP_CERTDIGEST_SLOTS; i++)
        n += c->memo.digests[i].cert != NULL;
    return n;
}

static void expect_digests(keep_sigmemo_t* memo, X509* x)
{
    uint8_t fp[32], kfp[32], want_fp[32], want_kfp[32];
    unsigned int a = 0, b = 0;
    assert_int_equal(X509_digest(x, EVP_sha256(), want_fp, &a), 1);
    assert_int_equal(X509_pubkey_digest(x, EVP_sha256(), want_kfp, &b), 1);
    assert_int_equal(keep_cert_digests(memo, x, fp, kfp), 0);
    assert_memory_equal(fp, want_fp, 32);
    assert_memory_equal(kfp, want_kfp, 32);
    memset(fp, 0, sizeof(fp));
    assert_int_equal(keep_cert_digests(memo, x, fp, NULL), 0);
    assert_memory_equal(fp, want_fp, 32);
}

static void cert_digests(void** state)
{
    (void)state;
    keep_verify_collateral_t* c = NULL;
    assert_int_equal(keep_verify_collateral_new(&c), OE_OK);
    X509* x = self_signed();
    expect_digests(&c->memo, x);
    expect_digests(&c->memo, x); /* a hit */
    assert_int_equal(digest_entries(c), 1);
    /* Another object, one signature byte changed: its own digests. */
    uint8_t* der = NULL;
    int len = i2d_X509(x, &der);
    assert_true(len > 0);
    der[len - 1] ^= 0x01;
    const uint8_t* q = der;
    X509* y = d2i_X509(NULL, &q, len);
    assert_non_null(y);
    expect_digests(&c->memo, y);
    assert_int_equal(digest_entries(c), 2);
    OPENSSL_free(der);
    /* No public key: fails, nothing kept. */
    X509* empty = X509_new();
    uint8_t fp[32];
    assert_int_equal(keep_cert_digests(&c->memo, empty, fp, fp), -1);
    assert_int_equal(digest_entries(c), 2);
    X509_free(empty);
    /* Without a memo: computed, not kept. */
    X509* z = self_signed();
    expect_digests(NULL, z);
    assert_int_equal(digest_entries(c), 2);
    /* Bounded; the memo's references outlive the callers'. */
    for (int i = 0; i < KEEP_CERTDIGEST_SLOTS + 2; i++) {
        X509* t = self_signed();
        expect_digests(&c->memo, t);
        X509_free(t);
    }
    assert_int_equal(digest_entries(c), KEEP_CERTDIGEST_SLOTS);
    X509_free(x);
    X509_free(y);
    X509_free(z);
    keep_verify_collateral_free(c); /* drops the memo's references */
}

/* Through keep_verify_quote: the chain's certificates are digested once;
 * with the caches off nothing is kept. */
static void cert_digests_through_verification(void** state)
{
    (void)state;
    static keep_verify_result_t res;
    synth_opts_t o = {0};
    synth_t s;
    assert_int_equal(synth_make(&s, &o), 0);
    assert_int_equal(verify(&s, &res), OE_OK);
    size_t n = digest_entries(s.coll);
    assert_true(n > 0);
    assert_int_equal(verify(&s, &res), OE_OK);
    assert_int_equal(digest_entries(s.coll), n);
    synth_free(&s);

    assert_int_equal(synth_make(&s, &o), 0);
    keep_verify_collateral_set_cache(s.coll, 0);
    assert_int_equal(verify(&s, &res), OE_OK);
    assert_int_equal(digest_entries(s.coll), 0);
    synth_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exact_bytes),
        cmocka_unit_test(bounded),
        cmocka_unit_test(through_verification),
        cmocka_unit_test(concurrent),
        cmocka_unit_test(key_cache),
        cmocka_unit_test(key_cache_through_verification),
        cmocka_unit_test(pck_memo_exact_bytes),
        cmocka_unit_test(pck_memo_through_verification),
        cmocka_unit_test(pck_memo_failure_not_stored),
        cmocka_unit_test(cert_digests),
        cmocka_unit_test(cert_digests_through_verification),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
