/* Attested TLS certificates inside the enclave (openenclave-api.md §2.7):
 * a self-signed X.509 certificate whose extension 1.3.6.1.4.1.311.105.2
 * holds this enclave's evidence. The evidence's custom claims are the
 * certificate's public key (PEM, as given), so the report data binds the
 * key: a verifier checks SHA-256(custom claims) = report data and the
 * claims = the certificate's key. Nothing of the caller's but the key
 * pair and the names/dates reaches the certificate. */
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
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

/* "CN=a,O=b,C=c" → an X509_NAME (no escapes: OE's names have none). */
static X509_NAME *parse_name(const char *text)
{
    size_t len = strnlen(text, MAX_SUBJECT_SIZE + 1);
    if (len == 0 || len > MAX_SUBJECT_SIZE)
        return NULL;
    char *copy = strdup(text), *save = NULL;
    X509_NAME *name = X509_NAME_new();
    bool ok = copy && name;
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
    if (!ok || X509_NAME_entry_count(name) == 0) {
        X509_NAME_free(name);
        return NULL;
    }
    return name;
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
    EVP_PKEY *private_key, *public_key;
    const uint8_t *evidence;
    size_t evidence_size;
} cert_spec;

static bool fill_cert(X509 *cert, const cert_spec *s)
{
    X509_NAME *name = parse_name(s->subject);
    uint8_t serial[8];
    BIGNUM *bn = NULL;
    bool ok = name && X509_set_version(cert, X509_VERSION_3) == 1 &&
              RAND_bytes(serial, sizeof(serial)) == 1;
    serial[0] &= 0x7f; /* a positive serial */
    serial[0] |= 0x01;
    ok = ok && (bn = BN_bin2bn(serial, sizeof(serial), NULL)) &&
         BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert));
    ok = ok && X509_set_subject_name(cert, name) == 1 && X509_set_issuer_name(cert, name) == 1;
    ok = ok && set_time(X509_getm_notBefore(cert), s->not_before) &&
         set_time(X509_getm_notAfter(cert), s->not_after);
    ok = ok && X509_set_pubkey(cert, s->public_key) == 1 &&
         add_evidence(cert, s->evidence, s->evidence_size);
    ok = ok && X509_sign(cert, s->private_key, EVP_sha256()) > 0;
    BN_free(bn);
    X509_NAME_free(name);
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
static oe_result_t load_keys(const cert_request *r, EVP_PKEY **priv, EVP_PKEY **pub)
{
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
    uint8_t *evidence = NULL;
    size_t evidence_size = 0;
    oe_result_t result = load_keys(r, &priv, &pub);
    if (result == OE_OK)
        result = oe_get_evidence(r->format_id, OE_EVIDENCE_FLAGS_EMBED_FORMAT_ID, r->public_key,
                                 r->public_key_size, r->opt, r->opt_size, &evidence,
                                 &evidence_size, NULL, NULL);
    if (result == OE_OK) {
        cert_spec s = {.subject = r->subject ? (const char *)r->subject : DEFAULT_SUBJECT,
                       .not_before = r->not_before ? r->not_before : DEFAULT_NOT_BEFORE,
                       .not_after = r->not_after ? r->not_after : DEFAULT_NOT_AFTER,
                       .private_key = priv, .public_key = pub,
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
