/* Attested TLS certificates inside the enclave (openenclave-api.md §2.7):
 * a self-signed X.509 certificate whose extension 1.3.6.1.4.1.311.105.2
 * holds this enclave's evidence. The evidence's custom claims are the
 * certificate's public key (PEM, as given), so the report data binds the
 * key: a verifier checks SHA-256(custom claims) = report data and the
 * claims = the certificate's key. Nothing of the caller's but the key
 * pair and the names/dates reaches the certificate. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/bn.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <openenclave/attestation/attester.h>
#include <openenclave/attestation/sgx/evidence.h>
#include <openenclave/enclave.h>

#include "../verify/attest_cert.h"
#include "../verify/ec_key.h"

#define DEFAULT_SUBJECT "CN=Open Enclave SDK,O=OESDK TLS,C=US"
#define DEFAULT_NOT_BEFORE "20190501000000"
#define DEFAULT_NOT_AFTER "20501231235959"
#define MAX_KEY_PEM_SIZE 16384
#define MAX_SUBJECT_SIZE 1024

/* PEM (size may count a trailing NUL) → key; private keys are wiped by
 * the caller, who owns the buffer. */
static EVP_PKEY *read_key(const uint8_t *pem, size_t size, bool private_key)
{
    if (!pem || !size || size > MAX_KEY_PEM_SIZE)
        return NULL;
    BIO *bio = BIO_new_mem_buf(pem, (int)size);
    EVP_PKEY *key = NULL;
    if (bio)
        key = private_key ? PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL)
                          : PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL);
    BIO_free(bio);
    return key;
}

/* P-256 keys in the exact encodings OpenSSL writes (PKCS#8 "PRIVATE KEY"
 * and SEC1 "EC PRIVATE KEY" with the public point, "PUBLIC KEY" SPKI) are
 * taken apart by comparing their DER with these fixed templates; anything
 * else goes through OpenSSL's generic decoders. Same keys, same result:
 * OpenSSL 3.0 spends ~0.4 ms per generic PEM decode (its decoder
 * framework), which was most of a fresh certificate's cost
 * (docs/attested-tls.md, Performance). */
#define P256_FIELD 32
#define P256_POINT 65 /* 04 ‖ X ‖ Y */

static const uint8_t spki_p256[] = {
    0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06,
    0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00}; /* then the point */
static const uint8_t pkcs8_p256[] = {
    0x30, 0x81, 0x87, 0x02, 0x01, 0x00, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86,
    0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d,
    0x03, 0x01, 0x07, 0x04, 0x6d, 0x30, 0x6b, 0x02, 0x01, 0x01, 0x04, 0x20}; /* then d */
static const uint8_t sec1_p256[] = {0x30, 0x77, 0x02, 0x01, 0x01, 0x04, 0x20}; /* then d */
static const uint8_t sec1_p256_params[] = {0xa0, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48,
                                           0xce, 0x3d, 0x03, 0x01, 0x07};
static const uint8_t point_tag[] = {0xa1, 0x44, 0x03, 0x42, 0x00}; /* [1] BIT STRING */
/* The order n of P-256 (FIPS 186-4 D.1.2.3), big-endian. */
static const uint8_t p256_order[P256_FIELD] = {
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51};

/* The first PEM block of (pem, size) as DER, when it has no headers (an
 * encrypted key has some) and its name is one of `names` (*which: its
 * index); NULL otherwise. The caller wipes and frees the DER
 * (OPENSSL_clear_free). */
static uint8_t *pem_block(const uint8_t *pem, size_t size, const char *const names[2],
                          int *which, long *der_size)
{
    BIO *bio = size <= MAX_KEY_PEM_SIZE ? BIO_new_mem_buf(pem, (int)size) : NULL;
    char *name = NULL, *header = NULL;
    uint8_t *der = NULL;
    *der_size = 0;
    *which = -1;
    ERR_set_mark();
    if (bio && PEM_read_bio(bio, &name, &header, &der, der_size) == 1 && header[0] == '\0')
        for (int i = 0; i < 2 && *which < 0; i++)
            if (names[i] && strcmp(name, names[i]) == 0)
                *which = i;
    if (*which < 0) {
        OPENSSL_clear_free(der, der ? (size_t)*der_size : 0);
        der = NULL;
    }
    OPENSSL_free(name);
    OPENSSL_free(header);
    BIO_free(bio);
    ERR_pop_to_mark(); /* a miss is not an error: the generic path decides */
    return der;
}

/* 1 when 0 < d < n, in constant time (d is the private scalar). */
static int scalar_in_range(const uint8_t d[P256_FIELD])
{
    unsigned borrow = 0, any = 0;
    for (int i = P256_FIELD - 1; i >= 0; i--) {
        unsigned diff = (unsigned)d[i] - p256_order[i] - borrow;
        borrow = (diff >> 8) & 1;
        any |= d[i];
    }
    return (int)(borrow & ((any + 0xff) >> 8));
}

/* d (big-endian) and the point out of a PKCS#8 (sec1 = 0) or SEC1 P-256
 * key in the templates' layout; 0 when it is not in that layout. */
static int split_private(const uint8_t *der, size_t size, int sec1, uint8_t d[P256_FIELD],
                         uint8_t point[P256_POINT])
{
    const uint8_t *head = sec1 ? sec1_p256 : pkcs8_p256;
    size_t head_size = sec1 ? sizeof(sec1_p256) : sizeof(pkcs8_p256);
    size_t params = sec1 ? sizeof(sec1_p256_params) : 0;
    if (size != head_size + P256_FIELD + params + sizeof(point_tag) + P256_POINT ||
        memcmp(der, head, head_size) != 0 ||
        (sec1 && memcmp(der + head_size + P256_FIELD, sec1_p256_params, params) != 0))
        return 0;
    const uint8_t *tag = der + head_size + P256_FIELD + params;
    if (memcmp(tag, point_tag, sizeof(point_tag)) != 0 || tag[sizeof(point_tag)] != 0x04)
        return 0;
    memcpy(d, der + head_size, P256_FIELD);
    memcpy(point, tag + sizeof(point_tag), P256_POINT);
    return 1;
}

/* The fast path: both PEMs in the templates' layout, the public key equal
 * to the private key's point. Fills *priv and point (the public key) and
 * returns 1; 0 (nothing kept) when the generic path must decide. */
static int p256_keys(const uint8_t *priv_pem, size_t priv_size, const uint8_t *pub_pem,
                     size_t pub_size, EVP_PKEY **priv, uint8_t point[P256_POINT])
{
    static const char *const pub_names[2] = {"PUBLIC KEY", NULL};
    static const char *const priv_names[2] = {"PRIVATE KEY", "EC PRIVATE KEY"};
    long pub_der_size = 0, priv_der_size = 0;
    int which = -1, sec1 = -1;
    uint8_t *pub = pem_block(pub_pem, pub_size, pub_names, &which, &pub_der_size);
    uint8_t *der = pub ? pem_block(priv_pem, priv_size, priv_names, &sec1, &priv_der_size) : NULL;
    uint8_t d[P256_FIELD], own_point[P256_POINT];
    int ok = pub && der && pub_der_size == (long)(sizeof(spki_p256) + P256_POINT) &&
             memcmp(pub, spki_p256, sizeof(spki_p256)) == 0 &&
             split_private(der, (size_t)priv_der_size, sec1, d, own_point) &&
             memcmp(own_point, pub + sizeof(spki_p256), P256_POINT) == 0 &&
             scalar_in_range(d) &&
             (*priv = keep_ec_key_from_parts("prime256v1", own_point, P256_POINT, d,
                                             P256_FIELD)) != NULL;
    if (ok)
        memcpy(point, own_point, P256_POINT);
    OPENSSL_cleanse(d, sizeof(d));
    OPENSSL_clear_free(der, der ? (size_t)priv_der_size : 0);
    OPENSSL_free(pub);
    return ok;
}

/* The last key pair the fast path imported, kept by the SHA-256 of its
 * exact PEM bytes: a server that keeps its key and makes a new
 * certificate per connection (new evidence each time) would otherwise
 * decode and import the same key every time (~20 us). A hit needs both
 * PEMs' digests and sizes equal (compared in constant time) and yields
 * the same key the import would. One entry; no copy of the PEMs is kept,
 * and the imported key stays in enclave memory until another replaces it
 * or the enclave ends (docs/attested-tls.md). */
typedef struct key_memo {
    uint8_t priv_sha256[32], pub_sha256[32];
    size_t priv_size, pub_size;
    EVP_PKEY *priv;
    uint8_t point[P256_POINT];
} key_memo;

static pthread_mutex_t key_memo_lock = PTHREAD_MUTEX_INITIALIZER;
static key_memo memo;

static void key_memo_clear(void)
{
    EVP_PKEY_free(memo.priv); /* OpenSSL clears the key material it frees */
    OPENSSL_cleanse(&memo, sizeof(memo));
}

static void key_memo_at_exit(void)
{
    pthread_mutex_lock(&key_memo_lock);
    key_memo_clear();
    pthread_mutex_unlock(&key_memo_lock);
}

/* Registered after OpenSSL's own exit handler (the key was just made),
 * so it runs before OpenSSL is torn down. */
static void key_memo_register(void)
{
    atexit(key_memo_at_exit);
}

/* The digests of both PEMs; false when either cannot be computed. */
static bool pem_digests(const uint8_t *priv_pem, size_t priv_size, const uint8_t *pub_pem,
                        size_t pub_size, uint8_t priv_sha256[32], uint8_t pub_sha256[32])
{
    return EVP_Digest(priv_pem, priv_size, priv_sha256, NULL, EVP_sha256(), NULL) == 1 &&
           EVP_Digest(pub_pem, pub_size, pub_sha256, NULL, EVP_sha256(), NULL) == 1;
}

/* 1 with *priv (a new reference) and point when these exact PEMs were
 * imported last, else 0. */
static int key_memo_get(const uint8_t *priv_pem, size_t priv_size, const uint8_t *pub_pem,
                        size_t pub_size, EVP_PKEY **priv, uint8_t point[P256_POINT])
{
    uint8_t priv_sha256[32], pub_sha256[32];
    if (!pem_digests(priv_pem, priv_size, pub_pem, pub_size, priv_sha256, pub_sha256))
        return 0;
    pthread_mutex_lock(&key_memo_lock);
    int hit = memo.priv && memo.priv_size == priv_size && memo.pub_size == pub_size &&
              CRYPTO_memcmp(memo.priv_sha256, priv_sha256, 32) == 0 &&
              CRYPTO_memcmp(memo.pub_sha256, pub_sha256, 32) == 0 &&
              EVP_PKEY_up_ref(memo.priv) == 1;
    if (hit) {
        *priv = memo.priv;
        memcpy(point, memo.point, P256_POINT);
    }
    pthread_mutex_unlock(&key_memo_lock);
    OPENSSL_cleanse(priv_sha256, sizeof(priv_sha256));
    return hit;
}

/* Keeps an imported pair in place of the last one; on any failure the
 * memo is left empty (the next call imports again). */
static void key_memo_put(const uint8_t *priv_pem, size_t priv_size, const uint8_t *pub_pem,
                         size_t pub_size, EVP_PKEY *priv, const uint8_t point[P256_POINT])
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, key_memo_register);
    pthread_mutex_lock(&key_memo_lock);
    key_memo_clear();
    if (pem_digests(priv_pem, priv_size, pub_pem, pub_size, memo.priv_sha256,
                    memo.pub_sha256) &&
        EVP_PKEY_up_ref(priv) == 1) {
        memo.priv_size = priv_size;
        memo.pub_size = pub_size;
        memo.priv = priv;
        memcpy(memo.point, point, P256_POINT);
    } else {
        key_memo_clear();
    }
    pthread_mutex_unlock(&key_memo_lock);
}

/* The certificate's key as the point: the SPKI is written from its parts,
 * the same bytes X509_set_pubkey writes, without OpenSSL 3.0's
 * encode-then-decode round trip. */
static bool set_p256_pubkey(X509 *cert, const uint8_t point[P256_POINT])
{
    uint8_t *copy = OPENSSL_memdup(point, P256_POINT);
    if (!copy)
        return false;
    if (X509_PUBKEY_set0_param(X509_get_X509_PUBKEY(cert), OBJ_nid2obj(NID_X9_62_id_ecPublicKey),
                               V_ASN1_OBJECT, OBJ_nid2obj(NID_X9_62_prime256v1), copy,
                               P256_POINT) != 1) {
        OPENSSL_free(copy);
        return false;
    }
    return true;
}

/* "CN=a,O=b,C=c" → the entries of `name`, which must be empty (no
 * escapes: OE's names have none). */
static bool parse_name(X509_NAME *name, const char *text)
{
    size_t len = strnlen(text, MAX_SUBJECT_SIZE + 1);
    if (len == 0 || len > MAX_SUBJECT_SIZE)
        return false;
    char *copy = strdup(text), *save = NULL;
    bool ok = copy != NULL;
    for (char *part = ok ? strtok_r(copy, ",", &save) : NULL; ok && part;
         part = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(part, '=');
        ok = eq && eq != part && eq[1];
        if (ok) {
            *eq = '\0';
            ok = X509_NAME_add_entry_by_txt(name, part, MBSTRING_UTF8,
                                            (const unsigned char *)eq + 1, -1, -1, 0) == 1;
        }
    }
    free(copy);
    return ok && X509_NAME_entry_count(name) > 0;
}

/* "YYYYMMDDHHMMSS" (OE's format) → the certificate's time. */
static bool set_time(ASN1_TIME *t, const char *date)
{
    char text[16];
    if (strnlen(date, 15) != 14)
        return false;
    memcpy(text, date, 14);
    text[14] = 'Z';
    text[15] = '\0';
    return ASN1_TIME_set_string_X509(t, text) == 1;
}

static bool add_evidence(X509 *cert, const uint8_t *evidence, size_t size)
{
    ASN1_OBJECT *oid = OBJ_txt2obj(KEEP_OID_NEW_OE_EVIDENCE, 1);
    ASN1_OCTET_STRING *data = ASN1_OCTET_STRING_new();
    X509_EXTENSION *ext = NULL;
    bool ok = oid && data && size <= KEEP_ATTEST_CERT_MAX_SIZE &&
              ASN1_OCTET_STRING_set(data, evidence, (int)size) == 1;
    if (ok)
        ext = X509_EXTENSION_create_by_OBJ(NULL, oid, 0, data);
    ok = ext && X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    ASN1_OCTET_STRING_free(data);
    ASN1_OBJECT_free(oid);
    return ok;
}

typedef struct cert_spec {
    const char *subject, *not_before, *not_after;
    EVP_PKEY *private_key, *public_key; /* public_key NULL: p256_point */
    const uint8_t *p256_point;
    const uint8_t *evidence;
    size_t evidence_size;
} cert_spec;

/* The subject is parsed into the certificate's own (empty) name and
 * copied once, as the issuer: each X509_set_*_name copies its argument by
 * encoding and decoding it (~6 us in OpenSSL 3.0). */
static bool fill_cert(X509 *cert, const cert_spec *s)
{
    X509_NAME *name = X509_get_subject_name(cert);
    uint8_t serial[8];
    BIGNUM *bn = NULL;
    bool ok = name && parse_name(name, s->subject) && X509_set_version(cert, X509_VERSION_3) == 1 &&
              RAND_bytes(serial, sizeof(serial)) == 1;
    serial[0] &= 0x7f; /* a positive serial */
    serial[0] |= 0x01;
    ok = ok && (bn = BN_bin2bn(serial, sizeof(serial), NULL)) &&
         BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert));
    ok = ok && X509_set_issuer_name(cert, name) == 1;
    ok = ok && set_time(X509_getm_notBefore(cert), s->not_before) &&
         set_time(X509_getm_notAfter(cert), s->not_after);
    ok = ok && (s->public_key ? X509_set_pubkey(cert, s->public_key) == 1
                              : set_p256_pubkey(cert, s->p256_point)) &&
         add_evidence(cert, s->evidence, s->evidence_size);
    ok = ok && X509_sign(cert, s->private_key, EVP_sha256()) > 0;
    BN_free(bn);
    return ok;
}

static oe_result_t build_cert(const cert_spec *s, uint8_t **out, size_t *out_size)
{
    X509 *cert = X509_new();
    unsigned char *der = NULL;
    int len = cert && fill_cert(cert, s) ? i2d_X509(cert, &der) : -1;
    X509_free(cert);
    if (len <= 0)
        return OE_CRYPTO_ERROR;
    *out = malloc((size_t)len);
    if (*out) {
        memcpy(*out, der, (size_t)len);
        *out_size = (size_t)len;
    }
    OPENSSL_free(der);
    return *out ? OE_OK : OE_OUT_OF_MEMORY;
}

typedef struct cert_request {
    const oe_uuid_t *format_id;
    const unsigned char *subject;
    const char *not_before, *not_after;
    uint8_t *private_key, *public_key;
    size_t private_key_size, public_key_size;
    const void *opt;
    size_t opt_size;
} cert_request;

/* The key pair must match: the certificate signs with the private key and
 * carries (and binds) the public one. */
static oe_result_t load_keys(const cert_request *r, EVP_PKEY **priv, EVP_PKEY **pub,
                             uint8_t point[P256_POINT])
{
    if (r->private_key && r->public_key &&
        key_memo_get(r->private_key, r->private_key_size, r->public_key, r->public_key_size, priv,
                     point))
        return OE_OK; /* *pub stays NULL: the certificate takes the point */
    if (r->private_key && r->public_key &&
        p256_keys(r->private_key, r->private_key_size, r->public_key, r->public_key_size, priv,
                  point)) {
        key_memo_put(r->private_key, r->private_key_size, r->public_key, r->public_key_size, *priv,
                     point);
        return OE_OK;
    }
    *priv = read_key(r->private_key, r->private_key_size, true);
    *pub = read_key(r->public_key, r->public_key_size, false);
    if (!*priv || !*pub || EVP_PKEY_eq(*priv, *pub) != 1)
        return OE_INVALID_PARAMETER;
    return OE_OK;
}

static oe_result_t make_cert(const cert_request *r, uint8_t **out, size_t *out_size)
{
    *out = NULL;
    *out_size = 0;
    EVP_PKEY *priv = NULL, *pub = NULL;
    uint8_t *evidence = NULL, point[P256_POINT];
    size_t evidence_size = 0;
    oe_result_t result = load_keys(r, &priv, &pub, point);
    if (result == OE_OK)
        result = oe_get_evidence(r->format_id, OE_EVIDENCE_FLAGS_EMBED_FORMAT_ID, r->public_key,
                                 r->public_key_size, r->opt, r->opt_size, &evidence,
                                 &evidence_size, NULL, NULL);
    if (result == OE_OK) {
        cert_spec s = {.subject = r->subject ? (const char *)r->subject : DEFAULT_SUBJECT,
                       .not_before = r->not_before ? r->not_before : DEFAULT_NOT_BEFORE,
                       .not_after = r->not_after ? r->not_after : DEFAULT_NOT_AFTER,
                       .private_key = priv, .public_key = pub, .p256_point = point,
                       .evidence = evidence, .evidence_size = evidence_size};
        result = build_cert(&s, out, out_size);
    }
    oe_free_evidence(evidence);
    EVP_PKEY_free(priv); /* OpenSSL clears the key material it frees */
    EVP_PKEY_free(pub);
    return result;
}

oe_result_t oe_get_attestation_certificate_with_evidence_v2(
    const oe_uuid_t *format_id, const unsigned char *subject_name, uint8_t *private_key,
    size_t private_key_size, uint8_t *public_key, size_t public_key_size,
    const void *optional_parameters, size_t optional_parameters_size,
    uint8_t **output_certificate, size_t *output_certificate_size)
{
    if (!format_id || !output_certificate || !output_certificate_size)
        return OE_INVALID_PARAMETER;
    cert_request r = {.format_id = format_id, .subject = subject_name,
                      .private_key = private_key, .private_key_size = private_key_size,
                      .public_key = public_key, .public_key_size = public_key_size,
                      .opt = optional_parameters, .opt_size = optional_parameters_size};
    return make_cert(&r, output_certificate, output_certificate_size);
}

oe_result_t oe_get_attestation_certificate_with_evidence(
    const oe_uuid_t *format_id, const unsigned char *subject_name, uint8_t *private_key,
    size_t private_key_size, uint8_t *public_key, size_t public_key_size,
    uint8_t **output_certificate, size_t *output_certificate_size)
{
    return oe_get_attestation_certificate_with_evidence_v2(
        format_id, subject_name, private_key, private_key_size, public_key, public_key_size,
        NULL, 0, output_certificate, output_certificate_size);
}

oe_result_t oe_generate_attestation_certificate_v2(
    const unsigned char *subject_name, const char *date_not_valid_before,
    const char *date_not_valid_after, uint8_t *private_key, size_t private_key_size,
    uint8_t *public_key, size_t public_key_size, uint8_t **output_cert, size_t *output_cert_size)
{
    static const oe_uuid_t ecdsa = {OE_FORMAT_UUID_SGX_ECDSA};
    if (!output_cert || !output_cert_size)
        return OE_INVALID_PARAMETER;
    cert_request r = {.format_id = &ecdsa, .subject = subject_name,
                      .not_before = date_not_valid_before, .not_after = date_not_valid_after,
                      .private_key = private_key, .private_key_size = private_key_size,
                      .public_key = public_key, .public_key_size = public_key_size};
    return make_cert(&r, output_cert, output_cert_size);
}

oe_result_t oe_generate_attestation_certificate(const unsigned char *subject_name,
                                                uint8_t *private_key, size_t private_key_size,
                                                uint8_t *public_key, size_t public_key_size,
                                                uint8_t **output_cert, size_t *output_cert_size)
{
    return oe_generate_attestation_certificate_v2(subject_name, NULL, NULL, private_key,
                                                  private_key_size, public_key, public_key_size,
                                                  output_cert, output_cert_size);
}

void oe_free_attestation_certificate(uint8_t *certificate)
{
    free(certificate);
}
