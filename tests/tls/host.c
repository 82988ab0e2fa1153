// Attested TLS certificate tests (openenclave-api.md §2.7): certificates
// made in an enclave verify on the host (v2, v1 callback, the older
// identity API) and in the enclave; tampered, unbound, truncated and
// padded ones fail; evidence under OE's legacy evidence OID is accepted.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <openenclave/host.h>
#include <openenclave/host_verify.h>

#include "tls_u.h"

#define CAP 65536

static int failures;

static void expect(int ok, const char* what)
{
    printf("%s: %s\n", ok ? "ok" : "FAIL", what);
    failures += !ok;
}

typedef struct cert_buf {
    uint8_t der[CAP];
    size_t size;
    char key[4096];
} cert_buf;

static oe_result_t verify(const uint8_t* der, size_t size)
{
    uint8_t* copy = malloc(size + 1);
    oe_claim_t* claims = NULL;
    size_t count = 0;
    memcpy(copy, der, size);
    oe_result_t r = oe_verify_attestation_certificate_with_evidence_v2(copy, size, NULL, 0, NULL,
                                                                       0, &claims, &count);
    oe_free_claims(claims, count);
    free(copy);
    return r;
}

static oe_result_t want_product5(oe_identity_t* id, void* arg)
{
    *(int*)arg = id->product_id[0] == 5 && id->security_version == 2 &&
                 (id->attributes & OE_REPORT_ATTRIBUTES_REMOTE);
    return OE_OK;
}

static oe_result_t count_claims(oe_claim_t* claims, size_t count, void* arg)
{
    (void)claims;
    *(size_t*)arg = count;
    return OE_OK;
}

// The certificate re-made on the host: evidence moved to `oid`, the key
// replaced by `key`, re-signed with `signer`.
static size_t remake(const cert_buf* in, const char* oid, EVP_PKEY* key, EVP_PKEY* signer,
                     uint8_t* out)
{
    const unsigned char* p = in->der;
    X509* cert = d2i_X509(NULL, &p, (long)in->size);
    ASN1_OBJECT* new_oid = OBJ_txt2obj("1.3.6.1.4.1.311.105.2", 1);
    int at = X509_get_ext_by_OBJ(cert, new_oid, -1);
    X509_EXTENSION* ext = X509_delete_ext(cert, at);
    ASN1_OBJECT* obj = OBJ_txt2obj(oid, 1);
    X509_EXTENSION_set_object(ext, obj);
    X509_add_ext(cert, ext, -1);
    X509_set_pubkey(cert, key);
    X509_sign(cert, signer, EVP_sha256());
    unsigned char* q = out;
    int len = i2d_X509(cert, &q);
    X509_EXTENSION_free(ext);
    ASN1_OBJECT_free(obj);
    ASN1_OBJECT_free(new_oid);
    X509_free(cert);
    return len > 0 ? (size_t)len : 0;
}

static EVP_PKEY* enclave_key(const cert_buf* c)
{
    BIO* bio = BIO_new_mem_buf(c->key, -1);
    EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
    BIO_free(bio);
    return key;
}

static void host_checks(const cert_buf* c)
{
    static uint8_t buf[CAP + 1];
    int identity_ok = 0;
    size_t count = 0;
    expect(verify(c->der, c->size) == OE_OK, "v2 verifies the enclave's certificate");
    memcpy(buf, c->der, c->size);
    expect(oe_verify_attestation_certificate_with_evidence(buf, c->size, count_claims, &count) ==
                   OE_OK && count >= 8,
           "v1 hands the claims to the callback");
    expect(oe_verify_attestation_certificate(buf, c->size, want_product5, &identity_ok) == OE_OK &&
               identity_ok,
           "oe_verify_attestation_certificate gives the identity");
    buf[c->size - 1] ^= 1;
    expect(verify(buf, c->size) != OE_OK, "a changed signature fails");
    buf[c->size - 1] ^= 1;
    buf[c->size] = 0;
    expect(verify(buf, c->size + 1) == OE_INVALID_PARAMETER, "trailing bytes fail");
    expect(verify(buf, c->size / 2) == OE_INVALID_PARAMETER, "a truncated certificate fails");
    EVP_PKEY *mine = EVP_EC_gen("P-256"), *theirs = enclave_key(c);
    size_t n = remake(c, "1.3.6.1.4.1.311.105.2", mine, mine, buf);
    expect(n && verify(buf, n) == OE_VERIFY_FAILED, "evidence for another key fails");
    n = remake(c, "1.2.840.113556.10.1.2", theirs, theirs, buf);
    expect(n && verify(buf, n) == OE_OK, "evidence under OE's legacy evidence OID verifies");
    n = remake(c, "1.2.3.4", theirs, theirs, buf);
    expect(n && verify(buf, n) == OE_NOT_FOUND, "a certificate without evidence fails");
    EVP_PKEY_free(mine);
    EVP_PKEY_free(theirs);
}

// The QE report signature (64 bytes) of the quote in a certificate's
// evidence: after OE's 32-byte attestation header, at 436 + 64 + 64 + 384.
static int qe_report_sig(const cert_buf* c, uint8_t sig[64])
{
    const unsigned char* p = c->der;
    X509* x = d2i_X509(NULL, &p, (long)c->size);
    ASN1_OBJECT* oid = OBJ_txt2obj("1.3.6.1.4.1.311.105.2", 1);
    int at = x && oid ? X509_get_ext_by_OBJ(x, oid, -1) : -1;
    const ASN1_OCTET_STRING* ev = at >= 0 ? X509_EXTENSION_get_data(X509_get_ext(x, at)) : NULL;
    size_t off = 32 + 436 + 64 + 64 + 384;
    int ok = ev && (size_t)ASN1_STRING_length(ev) >= off + 64;
    if (ok)
        memcpy(sig, ASN1_STRING_get0_data(ev) + off, 64);
    ASN1_OBJECT_free(oid);
    X509_free(x);
    return ok;
}

static cert_buf cert;

// With KEEP_TLS_SEED_DIR set, saves the certificate as a fuzzing seed.
static void write_seed(const cert_buf* c, const char* name)
{
    const char* dir = getenv("KEEP_TLS_SEED_DIR");
    char path[4096];
    if (!dir || snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
        return;
    FILE* f = fopen(path, "wb");
    if (f) {
        fwrite(c->der, 1, c->size, f);
        fclose(f);
    }
}

int main(int argc, char** argv)
{
    uint32_t flags = OE_ENCLAVE_FLAG_DEBUG;
    if (argc > 2 && strcmp(argv[2], "--simulate") == 0) {
        flags |= OE_ENCLAVE_FLAG_SIMULATE;
        setenv("KEEP_ALLOW_SIMULATION", "1", 1);
    }
    oe_enclave_t* e = NULL;
    int ret = -1;
    if (argc < 2 || oe_create_tls_enclave(argv[1], OE_ENCLAVE_TYPE_AUTO, flags, NULL, 0, &e)) {
        fprintf(stderr, "usage: %s enclave [--simulate]\n", argv[0]);
        return 1;
    }
    oe_result_t r = OE_OK;
    for (int v1 = 0; v1 <= 1; v1++) {
        r = make_cert(e, &ret, 0, v1, cert.der, CAP, &cert.size, cert.key);
        expect(r == OE_OK && ret == 0, v1 ? "oe_generate_attestation_certificate"
                                          : "oe_get_attestation_certificate_with_evidence_v2");
        if (r == OE_OK && ret == 0)
            host_checks(&cert);
        write_seed(&cert, v1 ? "real-v1.der" : "real-v2.der");
    }
    static const char* const forms[] = {"a P-256 PKCS#8 key", "a P-256 SEC1 key",
                                        "a P-384 key"};
    for (int form = 0; form < 3; form++) {
        char what[128];
        r = make_cert_form(e, &ret, form, cert.der, CAP, &cert.size);
        snprintf(what, sizeof(what), "a certificate for %s verifies", forms[form]);
        expect(r == OE_OK && ret == OE_OK && verify(cert.der, cert.size) == OE_OK, what);
    }
    // The platform signs its QE report once: two quotes carry the same
    // QE report signature, and both certificates verify.
    uint8_t sigs[2][64];
    int same_qe_sig = 1;
    for (int i = 0; i < 2; i++)
        same_qe_sig &= make_cert_form(e, &ret, 0, cert.der, CAP, &cert.size) == OE_OK &&
                       ret == OE_OK && verify(cert.der, cert.size) == OE_OK &&
                       qe_report_sig(&cert, sigs[i]);
    expect(same_qe_sig && memcmp(sigs[0], sigs[1], 64) == 0,
           "two quotes share the platform's QE report signature and verify");
    r = verify_cert(e, &ret, cert.der, cert.size);
    if (r != OE_OK || ret != OE_OK)
        fprintf(stderr, "verify_cert: %s, %s\n", oe_result_str(r), oe_result_str((oe_result_t)ret));
    expect(r == OE_OK && ret == OE_OK,
           "the enclave verifies a certificate with remote evidence (through the platform)");
    r = make_cert(e, &ret, 1, 0, cert.der, CAP, &cert.size, cert.key);
    expect(r == OE_OK && ret == 0, "a certificate with local evidence");
    expect(verify_cert(e, &ret, cert.der, cert.size) == OE_OK && ret == OE_OK,
           "the enclave verifies a certificate with its local evidence");
    expect(bad_args(e, &ret) == OE_OK && ret == 0, "the generator refuses bad arguments");
    expect(mbedtls_sha256_abc(e, &ret) == OE_OK && ret == 0, "mbedTLS works in the enclave");
    oe_terminate_enclave(e);
    printf("%s\n", failures ? "tls: FAILED" : "tls: all checks passed");
    return failures != 0;
}
