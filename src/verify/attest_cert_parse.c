/* Parsing an attested TLS certificate (openenclave-api.md §2.7): the DER,
 * the self-signature, the evidence extension and the public key. No
 * evidence is verified here (attest_cert_verify.c does that); this is the
 * part the fuzzer drives. */
#include <limits.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/pem.h>

#include "attest_cert.h"

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

oe_result_t keep_attest_cert_parse(keep_attest_cert *out, const uint8_t *der, size_t der_size)
{
    memset(out, 0, sizeof(*out));
    if (!der || der_size == 0 || der_size > KEEP_ATTEST_CERT_MAX_SIZE)
        return OE_INVALID_PARAMETER;
    const unsigned char *p = der;
    out->cert = d2i_X509(NULL, &p, (long)der_size);
    if (!out->cert || (size_t)(p - der) != der_size) {
        keep_attest_cert_free(out);
        return OE_INVALID_PARAMETER;
    }
    EVP_PKEY *key = X509_get0_pubkey(out->cert);
    oe_result_t result = key ? OE_OK : OE_INVALID_PARAMETER;
    if (result == OE_OK && X509_verify(out->cert, key) != 1)
        result = OE_VERIFY_FAILED;
    if (result == OE_OK)
        result = find_evidence(out);
    if (result == OE_OK)
        result = public_key_pem(out);
    if (result != OE_OK)
        keep_attest_cert_free(out);
    return result;
}

void keep_attest_cert_free(keep_attest_cert *c)
{
    if (!c)
        return;
    X509_free(c->cert);
    OPENSSL_free(c->public_key_pem);
    memset(c, 0, sizeof(*c));
}
