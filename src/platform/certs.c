/* The platform's certificates: a self-signed root, the platform CA it
 * signs, and two leaves under them: the attestation key's certificate,
 * which carries the SGX PCK extension with Keep's values (sgx-dcap.md §3.6),
 * and the TCB-signing certificate for the collateral. All ECDSA P-256 with
 * SHA-256, as Intel's hierarchy (§3.5). */
#include <string.h>

#include <openssl/ec.h>
#include <openssl/objects.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include "der.h"
#include "internal.h"

#define DAYS_ROOT (365 * 30)
#define DAYS_OTHER (365 * 20)
#define DAYS_CRL (365 * 5)
#define DAYS_SIM (365 * 25) /* the published simulation platform */
#define KEEP_PF_ORG "Keep"

EVP_PKEY *keep_pf_new_key(void)
{
    return EVP_EC_gen("P-256");
}

static int add_ext(X509 *cert, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer ? issuer : cert, cert, NULL, NULL, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
    int ok = ext && X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
    return ok;
}

/* The SGX extension of a PCK certificate, with Keep's FMSPC and PCE-ID. */
static int add_sgx_ext(X509 *cert, bool simulation)
{
    uint8_t der[KEEP_DER_MAX];
    static const uint8_t fmspc_real[] = KEEP_PLATFORM_FMSPC, pce_id[] = KEEP_PLATFORM_PCE_ID;
    static const uint8_t fmspc_sim[] = KEEP_PLATFORM_SIM_FMSPC;
    const uint8_t *fmspc = simulation ? fmspc_sim : fmspc_real;
    uint8_t ppid[16];
    if (RAND_bytes(ppid, sizeof(ppid)) != 1)
        return 0;
    size_t len = keep_der_sgx_extension(der, sizeof(der), ppid, KEEP_PLATFORM_TCB_SVN, pce_id,
                                        fmspc);
    ASN1_OBJECT *oid = OBJ_txt2obj("1.2.840.113741.1.13.1", 1);
    ASN1_OCTET_STRING *value = ASN1_OCTET_STRING_new();
    int ok = len && oid && value && ASN1_OCTET_STRING_set(value, der, (int)len);
    X509_EXTENSION *ext = ok ? X509_EXTENSION_create_by_OBJ(NULL, oid, 0, value) : NULL;
    ok = ext && X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
    ASN1_OCTET_STRING_free(value);
    ASN1_OBJECT_free(oid);
    return ok;
}

static int set_name(X509 *cert, const char *cn)
{
    X509_NAME *name = X509_get_subject_name(cert);
    return X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1,
                                      -1, 0) &&
           X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                                      (const unsigned char *)KEEP_PF_ORG, -1, -1, 0);
}

static int set_serial(X509 *cert)
{
    uint8_t bytes[16];
    if (RAND_bytes(bytes, sizeof(bytes)) != 1)
        return 0;
    bytes[0] &= 0x7f; /* positive */
    BIGNUM *bn = BN_bin2bn(bytes, sizeof(bytes), NULL);
    int ok = bn && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert)) != NULL;
    BN_free(bn);
    return ok;
}

static int add_kind_exts(X509 *cert, X509 *issuer, int kind, bool simulation)
{
    int ok = add_ext(cert, issuer, NID_subject_key_identifier, "hash");
    if (issuer)
        ok = ok && add_ext(cert, issuer, NID_authority_key_identifier, "keyid:always");
    switch (kind) {
    case KEEP_PF_CERT_ROOT:
        return ok && add_ext(cert, issuer, NID_basic_constraints, "critical,CA:TRUE,pathlen:1") &&
               add_ext(cert, issuer, NID_key_usage, "critical,keyCertSign,cRLSign");
    case KEEP_PF_CERT_CA:
        return ok && add_ext(cert, issuer, NID_basic_constraints, "critical,CA:TRUE,pathlen:0") &&
               add_ext(cert, issuer, NID_key_usage, "critical,keyCertSign,cRLSign");
    case KEEP_PF_CERT_PCK:
        return ok && add_ext(cert, issuer, NID_basic_constraints, "critical,CA:FALSE") &&
               add_ext(cert, issuer, NID_key_usage, "critical,digitalSignature,nonRepudiation") &&
               add_sgx_ext(cert, simulation);
    default:
        return ok && add_ext(cert, issuer, NID_basic_constraints, "critical,CA:FALSE") &&
               add_ext(cert, issuer, NID_key_usage, "critical,digitalSignature,nonRepudiation");
    }
}

X509 *keep_pf_new_cert(const char *cn, EVP_PKEY *key, X509 *issuer, EVP_PKEY *issuer_key,
                       int kind, bool simulation)
{
    X509 *cert = X509_new();
    int days = kind == KEEP_PF_CERT_ROOT ? DAYS_ROOT : DAYS_OTHER;
    int ok = cert && X509_set_version(cert, 2) && set_serial(cert) && set_name(cert, cn) &&
             X509_set_issuer_name(cert, issuer ? X509_get_subject_name(issuer)
                                               : X509_get_subject_name(cert)) &&
             X509_gmtime_adj(X509_getm_notBefore(cert), -3600) &&
             X509_gmtime_adj(X509_getm_notAfter(cert), (long)days * 86400) &&
             X509_set_pubkey(cert, key) && add_kind_exts(cert, issuer, kind, simulation) &&
             X509_sign(cert, issuer_key, EVP_sha256()) > 0;
    if (!ok) {
        X509_free(cert);
        return NULL;
    }
    return cert;
}

X509_CRL *keep_pf_new_crl(X509 *issuer, EVP_PKEY *issuer_key, bool simulation)
{
    X509_CRL *crl = X509_CRL_new();
    ASN1_TIME *now = ASN1_TIME_adj(NULL, time(NULL), -1, 0);
    ASN1_TIME *next = ASN1_TIME_adj(NULL, time(NULL), simulation ? DAYS_SIM : DAYS_CRL, 0);
    int ok = crl && now && next && X509_CRL_set_version(crl, 1) &&
             X509_CRL_set_issuer_name(crl, X509_get_subject_name(issuer)) &&
             X509_CRL_set1_lastUpdate(crl, now) && X509_CRL_set1_nextUpdate(crl, next) &&
             X509_CRL_sign(crl, issuer_key, EVP_sha256()) > 0;
    ASN1_TIME_free(now);
    ASN1_TIME_free(next);
    if (!ok) {
        X509_CRL_free(crl);
        return NULL;
    }
    return crl;
}
