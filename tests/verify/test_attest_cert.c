/* Unit tests of the attested certificate parser (src/verify/
 * attest_cert_parse.c): its fast path (no OpenSSL decoders, the EC key
 * built from its point, the self-signature checked by hand) must give the
 * generic path's verdict (d2i_X509 + X509_verify) and PEM on good
 * certificates, on those it leaves to the generic path, and on tampered
 * ones. Certificates are made here with OpenSSL, plus the enclave-made
 * fuzzing seeds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "attest_cert.h"

#define MAX_CERT 8192

typedef struct cert_der {
    uint8_t bytes[MAX_CERT];
    size_t size;
} cert_der;

/* Both paths on `der`: the same result (`want`) and, on success, the same
 * evidence and PEM. Returns whether the fast path kept the certificate
 * (its X509 has no decoded key) — only meaningful on success. */
static int expect_both(const uint8_t *der, size_t size, oe_result_t want)
{
    keep_attest_cert fast, generic;
    assert_int_equal(keep_attest_cert_parse_generic(&generic, der, size), want);
    assert_int_equal(keep_attest_cert_parse(&fast, der, size), want);
    int fast_kept = 0;
    if (want == OE_OK) {
        assert_int_equal(fast.kind, generic.kind);
        assert_int_equal(fast.evidence_size, generic.evidence_size);
        assert_memory_equal(fast.evidence, generic.evidence, fast.evidence_size);
        assert_int_equal(fast.public_key_pem_size, generic.public_key_pem_size);
        assert_string_equal(fast.public_key_pem, generic.public_key_pem);
        assert_non_null(strstr(fast.public_key_pem, "-----BEGIN PUBLIC KEY-----"));
        fast_kept = X509_get0_pubkey(fast.cert) == NULL;
        ERR_clear_error();
    }
    keep_attest_cert_free(&fast);
    keep_attest_cert_free(&generic);
    return fast_kept;
}

static void add_evidence(X509 *x)
{
    static const uint8_t evidence[] = "not evidence, but the parser does not look inside";
    ASN1_OBJECT *oid = OBJ_txt2obj(KEEP_OID_NEW_OE_EVIDENCE, 1);
    ASN1_OCTET_STRING *data = ASN1_OCTET_STRING_new();
    assert_true(oid && data && ASN1_OCTET_STRING_set(data, evidence, sizeof(evidence)) == 1);
    X509_EXTENSION *ext = X509_EXTENSION_create_by_OBJ(NULL, oid, 0, data);
    assert_true(ext && X509_add_ext(x, ext, -1) == 1);
    X509_EXTENSION_free(ext);
    ASN1_OCTET_STRING_free(data);
    ASN1_OBJECT_free(oid);
}

/* A self-signed certificate with an evidence extension, not yet signed. */
static X509 *new_cert(EVP_PKEY *key)
{
    X509 *x = X509_new();
    X509_NAME *name = X509_NAME_new();
    assert_true(x && name);
    assert_int_equal(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                                (const unsigned char *)"attest", -1, -1, 0),
                     1);
    assert_int_equal(X509_set_version(x, X509_VERSION_3), 1);
    assert_int_equal(ASN1_INTEGER_set(X509_get_serialNumber(x), 7), 1);
    assert_int_equal(X509_set_subject_name(x, name), 1);
    assert_int_equal(X509_set_issuer_name(x, name), 1);
    assert_non_null(X509_gmtime_adj(X509_getm_notBefore(x), 0));
    assert_non_null(X509_gmtime_adj(X509_getm_notAfter(x), 3600));
    assert_int_equal(X509_set_pubkey(x, key), 1);
    add_evidence(x);
    X509_NAME_free(name);
    return x;
}

static void to_der(cert_der *out, X509 *x)
{
    unsigned char *der = NULL;
    int size = i2d_X509(x, &der);
    assert_true(size > 0 && (size_t)size <= sizeof(out->bytes));
    memcpy(out->bytes, der, (size_t)size);
    out->size = (size_t)size;
    OPENSSL_free(der);
}

static void signed_cert(cert_der *out, EVP_PKEY *key, const EVP_MD *md)
{
    X509 *x = new_cert(key);
    assert_true(X509_sign(x, key, md) > 0);
    to_der(out, x);
    X509_free(x);
}

/* Signs x's TBS as it encodes now with md and sets the outer algorithm
 * to `outer_nid` with parameters of `outer_param` type (V_ASN1_UNDEF:
 * none): a valid signature whatever the two algorithm fields say. */
static void resign(X509 *x, EVP_PKEY *key, const EVP_MD *md, int outer_nid, int outer_param)
{
    unsigned char *tbs = NULL, sig[512];
    size_t sig_size = sizeof(sig);
    int tbs_size = i2d_re_X509_tbs(x, &tbs);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    assert_true(tbs_size > 0 && ctx);
    assert_int_equal(EVP_DigestSignInit(ctx, NULL, md, NULL, key), 1);
    assert_int_equal(EVP_DigestSign(ctx, sig, &sig_size, tbs, (size_t)tbs_size), 1);
    const ASN1_BIT_STRING *signature = NULL;
    const X509_ALGOR *alg = NULL;
    X509_get0_signature(&signature, &alg, x);
    assert_int_equal(X509_ALGOR_set0((X509_ALGOR *)alg, OBJ_nid2obj(outer_nid), outer_param, NULL),
                     1);
    assert_int_equal(ASN1_BIT_STRING_set((ASN1_BIT_STRING *)signature, sig, (int)sig_size), 1);
    EVP_MD_CTX_free(ctx);
    OPENSSL_free(tbs);
}

/* A P-256 certificate whose SPKI holds `point` instead of the key's own
 * (signed by the key all the same). */
static void cert_with_point(cert_der *out, EVP_PKEY *key, const uint8_t *point, size_t size)
{
    X509 *x = new_cert(key);
    uint8_t *copy = OPENSSL_memdup(point, size);
    assert_non_null(copy);
    assert_int_equal(X509_PUBKEY_set0_param(X509_get_X509_PUBKEY(x),
                                            OBJ_nid2obj(NID_X9_62_id_ecPublicKey), V_ASN1_OBJECT,
                                            OBJ_nid2obj(NID_X9_62_prime256v1), copy, (int)size),
                     1);
    assert_true(X509_sign(x, key, EVP_sha256()) > 0);
    to_der(out, x);
    X509_free(x);
}

static EVP_PKEY *p256;

static int make_p256(void **state)
{
    (void)state;
    p256 = EVP_EC_gen("prime256v1");
    return p256 ? 0 : -1;
}

static int free_p256(void **state)
{
    (void)state;
    EVP_PKEY_free(p256);
    return 0;
}

static void good_ec_certs_take_the_fast_path(void **state)
{
    (void)state;
    static cert_der c;
    signed_cert(&c, p256, EVP_sha256());
    assert_true(expect_both(c.bytes, c.size, OE_OK));
    signed_cert(&c, p256, EVP_sha384()); /* any ECDSA digest */
    assert_true(expect_both(c.bytes, c.size, OE_OK));
    EVP_PKEY *p384 = EVP_EC_gen("secp384r1");
    assert_non_null(p384);
    signed_cert(&c, p384, EVP_sha384());
    assert_true(expect_both(c.bytes, c.size, OE_OK));
    EVP_PKEY_free(p384);
}

static void read_seed(cert_der *out, const char *name)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", KEEP_ATTEST_CERT_SEEDS, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    out->size = fread(out->bytes, 1, sizeof(out->bytes), f);
    fclose(f);
    assert_true(out->size > 0 && out->size < sizeof(out->bytes));
}

/* Certificates an enclave made (oe_get_attestation_certificate_with_
 * evidence[_v2], P-256), and the corpus's malformed ones. */
static void enclave_certs(void **state)
{
    (void)state;
    static cert_der c;
    read_seed(&c, "real-v1.der");
    assert_true(expect_both(c.bytes, c.size, OE_OK));
    read_seed(&c, "real-v2.der");
    assert_true(expect_both(c.bytes, c.size, OE_OK));
    read_seed(&c, "no-evidence.der");
    expect_both(c.bytes, c.size, OE_NOT_FOUND);
}

/* Not handled by the fast path, decided by the generic one. */
static void other_keys_fall_back(void **state)
{
    (void)state;
    static cert_der c;
    EVP_PKEY *rsa = EVP_RSA_gen(2048), *p521 = EVP_EC_gen("secp521r1");
    assert_true(rsa && p521);
    signed_cert(&c, rsa, EVP_sha256());
    assert_false(expect_both(c.bytes, c.size, OE_OK));
    c.bytes[c.size - 1] ^= 1;
    expect_both(c.bytes, c.size, OE_VERIFY_FAILED);
    signed_cert(&c, p521, EVP_sha512());
    assert_false(expect_both(c.bytes, c.size, OE_OK));
    EVP_PKEY_free(rsa);
    EVP_PKEY_free(p521);
}

/* The offset of the evidence text in a certificate from new_cert. */
static size_t evidence_at(const cert_der *c)
{
    static const char text[] = "not evidence";
    for (size_t i = 0; i + sizeof(text) - 1 <= c->size; i++)
        if (memcmp(c->bytes + i, text, sizeof(text) - 1) == 0)
            return i;
    fail_msg("no evidence in the certificate");
    return 0;
}

static void tampered_bytes(void **state)
{
    (void)state;
    static cert_der good, c;
    signed_cert(&good, p256, EVP_sha256());
    c = good;
    c.bytes[c.size - 5] ^= 0x40; /* in the signature */
    expect_both(c.bytes, c.size, OE_VERIFY_FAILED);
    c = good;
    c.bytes[evidence_at(&c)] ^= 1; /* in the TBS */
    expect_both(c.bytes, c.size, OE_VERIFY_FAILED);
    c = good;
    c.bytes[c.size++] = 0; /* trailing garbage */
    expect_both(c.bytes, c.size, OE_INVALID_PARAMETER);
    for (size_t cut = 1; cut < 40; cut += 7) /* truncated */
        expect_both(good.bytes, good.size - cut, OE_INVALID_PARAMETER);
    expect_both(good.bytes, 1, OE_INVALID_PARAMETER);
}

/* The signature valid over the TBS, yet the outer and inner algorithms
 * differ: X509_verify refuses it whichever way round. */
static void mismatched_algorithms(void **state)
{
    (void)state;
    static cert_der c;
    X509 *x = new_cert(p256);
    assert_true(X509_sign(x, p256, EVP_sha384()) > 0); /* inner ecdsa-with-SHA384 */
    resign(x, p256, EVP_sha256(), NID_ecdsa_with_SHA256, V_ASN1_UNDEF);
    to_der(&c, x);
    expect_both(c.bytes, c.size, OE_VERIFY_FAILED);
    resign(x, p256, EVP_sha384(), NID_ecdsa_with_SHA384, V_ASN1_NULL); /* params outside */
    to_der(&c, x);
    expect_both(c.bytes, c.size, OE_VERIFY_FAILED);
    X509_free(x);
}

/* A valid signature in a BIT STRING that claims unused bits: X509_verify
 * refuses it. */
static void signature_with_unused_bits(void **state)
{
    (void)state;
    static cert_der c;
    X509 *x = new_cert(p256);
    assert_true(X509_sign(x, p256, EVP_sha256()) > 0);
    const ASN1_BIT_STRING *signature = NULL;
    X509_get0_signature(&signature, NULL, x);
    ((ASN1_BIT_STRING *)signature)->flags = ASN1_STRING_FLAG_BITS_LEFT | 1;
    to_der(&c, x);
    expect_both(c.bytes, c.size, OE_VERIFY_FAILED);
    X509_free(x);
}

/* ECDSA algorithms with NULL parameters on both sides: X509_verify does
 * not look at them, so neither path may refuse the certificate. */
static void ecdsa_with_parameters(void **state)
{
    (void)state;
    static cert_der c;
    X509 *x = new_cert(p256);
    assert_true(X509_sign(x, p256, EVP_sha256()) > 0);
    assert_int_equal(X509_ALGOR_set0((X509_ALGOR *)X509_get0_tbs_sigalg(x),
                                     OBJ_nid2obj(NID_ecdsa_with_SHA256), V_ASN1_NULL, NULL),
                     1);
    resign(x, p256, EVP_sha256(), NID_ecdsa_with_SHA256, V_ASN1_NULL);
    to_der(&c, x);
    assert_false(expect_both(c.bytes, c.size, OE_OK));
    X509_free(x);
}

static void bad_points(void **state)
{
    (void)state;
    static cert_der c;
    uint8_t point[65], compressed[33];
    size_t size = 0;
    assert_int_equal(
        EVP_PKEY_get_octet_string_param(p256, "encoded-pub-key", point, sizeof(point), &size), 1);
    assert_int_equal(size, sizeof(point));
    cert_with_point(&c, p256, point, sizeof(point)); /* the control */
    assert_true(expect_both(c.bytes, c.size, OE_OK));
    compressed[0] = (uint8_t)(0x02 | (point[64] & 1));
    memcpy(compressed + 1, point + 1, 32);
    cert_with_point(&c, p256, compressed, sizeof(compressed)); /* the generic path takes it */
    assert_false(expect_both(c.bytes, c.size, OE_OK));
    cert_with_point(&c, p256, point, sizeof(point) - 1); /* short */
    expect_both(c.bytes, c.size, OE_INVALID_PARAMETER);
    point[64] ^= 1; /* off the curve */
    cert_with_point(&c, p256, point, sizeof(point));
    expect_both(c.bytes, c.size, OE_INVALID_PARAMETER);
    point[64] ^= 1;
    point[0] = (uint8_t)(0x06 | (point[64] & 1)); /* hybrid form (X9.62): the generic path's */
    cert_with_point(&c, p256, point, sizeof(point));
    assert_false(expect_both(c.bytes, c.size, OE_OK));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(good_ec_certs_take_the_fast_path),
        cmocka_unit_test(enclave_certs),
        cmocka_unit_test(other_keys_fall_back),
        cmocka_unit_test(tampered_bytes),
        cmocka_unit_test(mismatched_algorithms),
        cmocka_unit_test(signature_with_unused_bits),
        cmocka_unit_test(ecdsa_with_parameters),
        cmocka_unit_test(bad_points),
    };
    return cmocka_run_group_tests(tests, make_p256, free_p256);
}
