/* Parsing an attested TLS certificate (openenclave-api.md §2.7): the DER,
 * the self-signature, the evidence extension and the public key. No
 * evidence is verified here (attest_cert_verify.c does that); this is the
 * part the fuzzers drive (fuzz_attest_cert, and fuzz_attest_cert_diff for
 * the fast path against the generic one). */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/provider.h>

#include "attest_cert.h"
#include "ec_key.h"

/* In OE's search order (common/attest_plugin.c). */
static const struct {
    const char *oid;
    keep_cert_evidence_kind kind;
} oids[] = {
    {KEEP_OID_LEGACY_OE_REPORT, KEEP_CERT_REPORT},
    {KEEP_OID_NEW_OE_REPORT, KEEP_CERT_REPORT},
    {KEEP_OID_LEGACY_OE_EVIDENCE, KEEP_CERT_EVIDENCE},
    {KEEP_OID_NEW_OE_EVIDENCE, KEEP_CERT_EVIDENCE},
};

static oe_result_t find_evidence(keep_attest_cert *c)
{
    for (size_t i = 0; i < sizeof(oids) / sizeof(oids[0]); i++) {
        ASN1_OBJECT *obj = OBJ_txt2obj(oids[i].oid, 1);
        int at = obj ? X509_get_ext_by_OBJ(c->cert, obj, -1) : -1;
        ASN1_OBJECT_free(obj);
        if (at < 0)
            continue;
        const ASN1_OCTET_STRING *data = X509_EXTENSION_get_data(X509_get_ext(c->cert, at));
        if (!data || ASN1_STRING_length(data) <= 0)
            return OE_INVALID_PARAMETER;
        c->evidence = ASN1_STRING_get0_data(data);
        c->evidence_size = (size_t)ASN1_STRING_length(data);
        c->kind = oids[i].kind;
        return OE_OK;
    }
    return OE_NOT_FOUND;
}

/* The certificate's key as PEM: what the evidence's custom claims hold.
 * Written from the certificate's own SubjectPublicKeyInfo bytes (what
 * PEM_write_bio_PUBKEY would re-encode, minus OpenSSL 3.0's ~50 us
 * encoder setup). */
static oe_result_t public_key_pem(keep_attest_cert *c)
{
    unsigned char *der = NULL;
    int der_size = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(c->cert), &der);
    BIO *bio = der_size > 0 ? BIO_new(BIO_s_mem()) : NULL;
    char *data = NULL;
    long len = bio && PEM_write_bio(bio, PEM_STRING_PUBLIC, "", der, der_size) > 0
                   ? BIO_get_mem_data(bio, &data)
                   : 0;
    if (len > 0 && (c->public_key_pem = OPENSSL_malloc((size_t)len + 1))) {
        memcpy(c->public_key_pem, data, (size_t)len);
        c->public_key_pem[len] = '\0';
        c->public_key_pem_size = (size_t)len;
    }
    BIO_free(bio);
    OPENSSL_free(der);
    return c->public_key_pem ? OE_OK : OE_CRYPTO_ERROR;
}

/* OpenSSL 3.0's d2i_X509 decodes the subject key through its provider
 * decoder framework: ~75 of the ~85 us an attested certificate's parse
 * takes. In a library context whose only provider is "null" there are no
 * decoders to set up: the certificate parses in ~9 us with its key left
 * undecoded, and import_key builds the key from its point in ~3. ("null"
 * is loaded so that the context does not load "default" on first use.) */
static OSSL_LIB_CTX *bare_ctx;
static OSSL_PROVIDER *bare_null;
static pthread_once_t bare_once = PTHREAD_ONCE_INIT;

/* At exit, or when an enclave image holding this code is unloaded (sim:
 * dlclose runs the image's atexit handlers). Registered after OpenSSL's
 * own cleanup, so it runs before it. */
static void close_bare_ctx(void)
{
    OSSL_PROVIDER_unload(bare_null);
    OSSL_LIB_CTX_free(bare_ctx);
    bare_null = NULL;
    bare_ctx = NULL;
}

static void open_bare_ctx(void)
{
    bare_ctx = OSSL_LIB_CTX_new();
    bare_null = bare_ctx ? OSSL_PROVIDER_load(bare_ctx, "null") : NULL;
    if (!bare_null || atexit(close_bare_ctx) != 0)
        close_bare_ctx(); /* no fast path: the generic one decides every certificate */
}

/* The certificate's key when it is an id-ecPublicKey on a named curve
 * keep_ec_public_key takes, with an uncompressed point (RFC 5480 §2);
 * NULL otherwise (the generic path decides). */
static EVP_PKEY *import_key(const X509 *x)
{
    ASN1_OBJECT *alg = NULL;
    const unsigned char *point = NULL;
    int point_size = 0, type = V_ASN1_UNDEF;
    X509_ALGOR *algor = NULL;
    const void *curve = NULL;
    if (X509_PUBKEY_get0_param(&alg, &point, &point_size, &algor, X509_get_X509_PUBKEY(x)) != 1 ||
        OBJ_obj2nid(alg) != NID_X9_62_id_ecPublicKey || point_size <= 0)
        return NULL;
    X509_ALGOR_get0(NULL, &type, &curve, algor);
    if (type != V_ASN1_OBJECT)
        return NULL;
    return keep_ec_public_key(OBJ_obj2nid(curve), point, (size_t)point_size);
}

/* The TBSCertificate's bytes in der, the first element of the outer
 * SEQUENCE (RFC 5280 §4.1), read with ASN1_get_object, the header parser
 * d2i_X509 uses: the bytes it keeps and X509_verify digests. They must
 * also be what the parsed fields encode to (DER, nothing OpenSSL let
 * through and re-encodes differently). */
static bool tbs_bytes(X509 *x, const uint8_t *der, size_t der_size, const uint8_t **tbs,
                      size_t *tbs_size)
{
    const unsigned char *p = der;
    long len = 0;
    int tag = 0, cls = 0;
    if (ASN1_get_object(&p, &len, &tag, &cls, (long)der_size) != V_ASN1_CONSTRUCTED ||
        tag != V_ASN1_SEQUENCE || cls != V_ASN1_UNIVERSAL)
        return false;
    const unsigned char *start = p;
    if (ASN1_get_object(&p, &len, &tag, &cls, len) != V_ASN1_CONSTRUCTED ||
        tag != V_ASN1_SEQUENCE || cls != V_ASN1_UNIVERSAL)
        return false;
    *tbs = start;
    *tbs_size = (size_t)(p - start) + (size_t)len;
    unsigned char *encoded = NULL;
    int encoded_size = i2d_re_X509_tbs(x, &encoded);
    bool same = encoded_size > 0 && (size_t)encoded_size == *tbs_size &&
                memcmp(encoded, *tbs, *tbs_size) == 0;
    OPENSSL_free(encoded);
    return same;
}

/* What X509_verify checks (OpenSSL 3.0: X509_verify, ASN1_item_verify_ctx),
 * for ECDSA: the outer signatureAlgorithm equals the TBS's signature field
 * (RFC 5280 §4.1.1.2), the algorithm names a digest and an EC key, the
 * signature BIT STRING has no unused bits, and the signature verifies over
 * the TBS's bytes. OE_UNSUPPORTED for anything else, parameters included
 * (RFC 5758 §3.2 has none): the generic path decides. */
static oe_result_t check_signature(X509 *x, EVP_PKEY *key, const uint8_t *der, size_t der_size)
{
    const ASN1_BIT_STRING *sig = NULL;
    const X509_ALGOR *alg = NULL;
    const ASN1_OBJECT *oid = NULL;
    const uint8_t *tbs = NULL;
    size_t tbs_size = 0;
    int type = V_ASN1_UNDEF, md_nid = NID_undef, pk_nid = NID_undef;
    X509_get0_signature(&sig, &alg, x);
    X509_ALGOR_get0(&oid, &type, NULL, alg);
    if (X509_ALGOR_cmp(alg, X509_get0_tbs_sigalg(x)) != 0 || type != V_ASN1_UNDEF ||
        !OBJ_find_sigid_algs(OBJ_obj2nid(oid), &md_nid, &pk_nid) ||
        pk_nid != NID_X9_62_id_ecPublicKey || (sig->flags & 0x7) != 0 ||
        !tbs_bytes(x, der, der_size, &tbs, &tbs_size))
        return OE_UNSUPPORTED;
    const EVP_MD *md = EVP_get_digestbynid(md_nid);
    if (!md)
        return OE_UNSUPPORTED;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    bool ok = ctx && EVP_DigestVerifyInit(ctx, NULL, md, NULL, key) == 1 &&
              EVP_DigestVerify(ctx, sig->data, (size_t)sig->length, tbs, tbs_size) == 1;
    EVP_MD_CTX_free(ctx);
    return ok ? OE_OK : OE_VERIFY_FAILED;
}

/* The fast path: the certificate parsed without decoders, its key built
 * from its parts, the self-signature checked as X509_verify checks it.
 * OE_UNSUPPORTED, keeping nothing, for whatever it does not handle
 * exactly: the generic path decides those, so the verdict is the same. */
static oe_result_t parse_bare(keep_attest_cert *c, const uint8_t *der, size_t der_size)
{
    pthread_once(&bare_once, open_bare_ctx);
    X509 *x = bare_ctx ? X509_new_ex(bare_ctx, NULL) : NULL;
    const unsigned char *p = der;
    EVP_PKEY *key = NULL;
    oe_result_t result = OE_UNSUPPORTED;
    ERR_set_mark();
    /* A failed d2i frees x and sets it to NULL. */
    if (x && d2i_X509(&x, &p, (long)der_size) && (size_t)(p - der) == der_size &&
        (key = import_key(x)))
        result = check_signature(x, key, der, der_size);
    ERR_pop_to_mark(); /* the undecoded key's errors, or a miss's */
    EVP_PKEY_free(key);
    if (result == OE_OK)
        c->cert = x;
    else
        X509_free(x);
    return result;
}

/* The checks after the signature's, on either path. */
static oe_result_t finish(keep_attest_cert *c, oe_result_t result)
{
    if (result == OE_OK)
        result = find_evidence(c);
    if (result == OE_OK)
        result = public_key_pem(c);
    if (result != OE_OK)
        keep_attest_cert_free(c);
    return result;
}

static bool size_ok(const uint8_t *der, size_t der_size)
{
    return der && der_size > 0 && der_size <= KEEP_ATTEST_CERT_MAX_SIZE;
}

oe_result_t keep_attest_cert_parse(keep_attest_cert *out, const uint8_t *der, size_t der_size)
{
    memset(out, 0, sizeof(*out));
    if (!size_ok(der, der_size))
        return OE_INVALID_PARAMETER;
    oe_result_t result = parse_bare(out, der, der_size);
    if (result == OE_UNSUPPORTED)
        return keep_attest_cert_parse_generic(out, der, der_size);
    return finish(out, result);
}

oe_result_t keep_attest_cert_parse_generic(keep_attest_cert *out, const uint8_t *der,
                                           size_t der_size)
{
    memset(out, 0, sizeof(*out));
    if (!size_ok(der, der_size))
        return OE_INVALID_PARAMETER;
    const unsigned char *p = der;
    out->cert = d2i_X509(NULL, &p, (long)der_size);
    if (!out->cert || (size_t)(p - der) != der_size)
        return finish(out, OE_INVALID_PARAMETER);
    EVP_PKEY *key = X509_get0_pubkey(out->cert);
    oe_result_t result = key ? OE_OK : OE_INVALID_PARAMETER;
    if (result == OE_OK && X509_verify(out->cert, key) != 1)
        result = OE_VERIFY_FAILED;
    return finish(out, result);
}

void keep_attest_cert_free(keep_attest_cert *c)
{
    if (!c)
        return;
    X509_free(c->cert);
    OPENSSL_free(c->public_key_pem);
    memset(c, 0, sizeof(*c));
}
