/* Synthetic quotes and collateral for tests (see synth.h). */
#include "synth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#define DAY 86400
#define QE_MRSIGNER "8C4F5775D796503E96137F77C68A829A0056AC8DED70140B081B094490C57BFF"

typedef struct dbuf {
    uint8_t b[4096];
    size_t n;
} dbuf_t;

static void put(dbuf_t* d, const void* p, size_t n)
{
    if (n > sizeof(d->b) - d->n)
        abort();
    memcpy(d->b + d->n, p, n);
    d->n += n;
}

static void put_tlv(dbuf_t* d, uint8_t tag, const uint8_t* body, size_t n)
{
    uint8_t h[4] = {tag};
    size_t hn = 2;
    if (n < 0x80) {
        h[1] = (uint8_t)n;
    } else {
        h[1] = 0x82;
        h[2] = (uint8_t)(n >> 8);
        h[3] = (uint8_t)n;
        hn = 4;
    }
    put(d, h, hn);
    put(d, body, n);
}

/* SEQUENCE { OID 1.2.840.113741.1.13.1.<a>[.<b>], value } */
static void sgx_item(dbuf_t* d, int a, int b, const dbuf_t* value)
{
    static const uint8_t arc[] = {0x2a, 0x86, 0x48, 0x86, 0xf8,
                                  0x4d, 0x01, 0x0d, 0x01};
    dbuf_t oid = {{0}, 0}, seq = {{0}, 0};
    uint8_t sub[2] = {(uint8_t)a, (uint8_t)b};
    put(&oid, arc, sizeof(arc));
    put(&oid, sub, b ? 2 : 1);
    put_tlv(&seq, 0x06, oid.b, oid.n);
    put(&seq, value->b, value->n);
    put_tlv(d, 0x30, seq.b, seq.n);
}

static dbuf_t prim(uint8_t tag, const uint8_t* p, size_t n)
{
    dbuf_t v = {{0}, 0};
    put_tlv(&v, tag, p, n);
    return v;
}

static dbuf_t integer(unsigned v)
{
    uint8_t b[3] = {0, (uint8_t)(v >> 8), (uint8_t)v};
    size_t skip = v < 0x80 ? 2 : v < 0x8000 ? 1 : 0;
    return prim(0x02, b + skip, 3 - skip);
}

static void sgx_extension(dbuf_t* out, const synth_opts_t* o,
                          const uint8_t fmspc[6])
{
    static const uint8_t zero[16], pceid[2];
    dbuf_t tcb = {{0}, 0}, body = {{0}, 0}, v;
    for (int i = 0; i < 16; i++) {
        v = integer(o->comp_svn[i]);
        sgx_item(&tcb, 2, i + 1, &v);
    }
    v = integer(o->pcesvn);
    sgx_item(&tcb, 2, 17, &v);
    v = prim(0x04, zero, 16);
    sgx_item(&tcb, 2, 18, &v);
    sgx_item(&body, 1, 0, &v); /* PPID */
    v = prim(0x30, tcb.b, tcb.n);
    sgx_item(&body, 2, 0, &v);
    v = prim(0x04, pceid, 2);
    sgx_item(&body, 3, 0, &v);
    v = prim(0x04, fmspc, 6);
    sgx_item(&body, 4, 0, &v);
    v = prim(0x0a, zero, 1);
    sgx_item(&body, 5, 0, &v);
    *out = prim(0x30, body.b, body.n);
}

static void add_ext(X509* x, X509* issuer, int nid, const char* value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer ? issuer : x, x, NULL, NULL, 0);
    X509_EXTENSION* e = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
    if (!e || !X509_add_ext(x, e, -1))
        abort();
    X509_EXTENSION_free(e);
}

static void add_sgx_ext(X509* x, const dbuf_t* der)
{
    ASN1_OCTET_STRING* os = ASN1_OCTET_STRING_new();
    ASN1_OBJECT* obj = OBJ_txt2obj("1.2.840.113741.1.13.1", 1);
    ASN1_OCTET_STRING_set(os, der->b, (int)der->n);
    X509_EXTENSION* e = X509_EXTENSION_create_by_OBJ(NULL, obj, 0, os);
    if (!e || !X509_add_ext(x, e, -1))
        abort();
    X509_EXTENSION_free(e);
    ASN1_OBJECT_free(obj);
    ASN1_OCTET_STRING_free(os);
}

typedef struct ident {
    X509* cert;
    EVP_PKEY* key;
} ident_t;

/* A certificate for a new key, signed by `issuer` (NULL: self-signed). */
static ident_t mkcert(const char* cn, long serial, const ident_t* issuer,
                      int ca, int64_t not_before, const dbuf_t* sgx)
{
    ident_t id = {X509_new(), EVP_EC_gen("P-256")};
    X509_NAME* name = X509_NAME_new();
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char*)cn,
                               -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                               (const unsigned char*)"Keep Test", -1, -1, 0);
    X509_set_version(id.cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(id.cert), serial);
    X509_set_subject_name(id.cert, name);
    X509_set_issuer_name(id.cert, issuer ? X509_get_subject_name(issuer->cert) : name);
    ASN1_TIME_set(X509_getm_notBefore(id.cert), (time_t)not_before);
    ASN1_TIME_set(X509_getm_notAfter(id.cert), (time_t)(SYNTH_NOW + 3650L * DAY));
    X509_set_pubkey(id.cert, id.key);
    add_ext(id.cert, issuer ? issuer->cert : NULL, NID_basic_constraints,
            ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
    add_ext(id.cert, issuer ? issuer->cert : NULL, NID_key_usage,
            ca ? "critical,keyCertSign,cRLSign"
               : "critical,digitalSignature,nonRepudiation");
    if (sgx)
        add_sgx_ext(id.cert, sgx);
    if (!X509_sign(id.cert, issuer ? issuer->key : id.key, EVP_sha256()))
        abort();
    X509_NAME_free(name);
    return id;
}

static void ident_free(ident_t* id)
{
    X509_free(id->cert);
    EVP_PKEY_free(id->key);
}

static X509_CRL* mkcrl(const ident_t* issuer, X509* revoked)
{
    X509_CRL* crl = X509_CRL_new();
    ASN1_TIME* t = ASN1_TIME_new();
    X509_CRL_set_version(crl, 1);
    X509_CRL_set_issuer_name(crl, X509_get_subject_name(issuer->cert));
    ASN1_TIME_set(t, (time_t)(SYNTH_NOW - DAY));
    X509_CRL_set1_lastUpdate(crl, t);
    ASN1_TIME_set(t, (time_t)(SYNTH_NOW + 30 * DAY));
    X509_CRL_set1_nextUpdate(crl, t);
    if (revoked) {
        X509_REVOKED* r = X509_REVOKED_new();
        X509_REVOKED_set_serialNumber(r, X509_get_serialNumber(revoked));
        X509_REVOKED_set_revocationDate(r, t);
        X509_CRL_add0_revoked(crl, r);
    }
    X509_CRL_sort(crl);
    if (!X509_CRL_sign(crl, issuer->key, EVP_sha256()))
        abort();
    ASN1_TIME_free(t);
    return crl;
}

static void sign_raw(uint8_t out[64], EVP_PKEY* key, const void* msg, size_t len)
{
    uint8_t der[80];
    size_t der_len = sizeof(der);
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    if (EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, key) != 1 ||
        EVP_DigestSign(ctx, der, &der_len, msg, len) != 1)
        abort();
    EVP_MD_CTX_free(ctx);
    const unsigned char* p = der;
    ECDSA_SIG* sig = d2i_ECDSA_SIG(NULL, &p, (long)der_len);
    BN_bn2binpad(ECDSA_SIG_get0_r(sig), out, 32);
    BN_bn2binpad(ECDSA_SIG_get0_s(sig), out + 32, 32);
    ECDSA_SIG_free(sig);
}

static void raw_pub(uint8_t out[64], EVP_PKEY* key)
{
    uint8_t pt[65];
    size_t n = 0;
    if (!EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, pt,
                                         sizeof(pt), &n) || n != 65)
        abort();
    memcpy(out, pt + 1, 64);
}

static size_t pem_append(char* out, size_t off, X509* x)
{
    BIO* b = BIO_new(BIO_s_mem());
    char* p;
    PEM_write_bio_X509(b, x);
    long n = BIO_get_mem_data(b, &p);
    memcpy(out + off, p, (size_t)n);
    BIO_free(b);
    return off + (size_t)n;
}

static void le16(uint8_t* p, unsigned v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void le32(uint8_t* p, uint32_t v)
{
    le16(p, v & 0xffff);
    le16(p + 2, v >> 16);
}

static void hex(char* out, const uint8_t* in, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", in[i]);
}

static void qe_report(uint8_t rb[384], const synth_opts_t* o,
                      const uint8_t att[64])
{
    uint8_t buf[96];
    memset(rb, 0, 384);
    rb[48] = (uint8_t)(0x15 | (o->qe_debug ? 0x02 : 0));
    static const char mrsigner[] = QE_MRSIGNER;
    for (int i = 0; i < 32; i++) {
        unsigned b;
        sscanf(&mrsigner[2 * i], "%2x", &b);
        rb[128 + i] = (uint8_t)(b ^ (o->qe_wrong_mrsigner && i == 0));
    }
    le16(rb + 256, 1);
    le16(rb + 258, o->qe_isvsvn);
    memcpy(buf, att, 64);
    for (int i = 0; i < 32; i++)
        buf[64 + i] = (uint8_t)i;
    EVP_Digest(buf, sizeof(buf), rb + 320, NULL, EVP_sha256(), NULL);
}

static void build_quote(synth_t* s, const synth_opts_t* o, EVP_PKEY* pck_key,
                        const char* chain, size_t chain_len)
{
    EVP_PKEY* att = EVP_EC_gen("P-256");
    size_t sig_len = 64 + 64 + 384 + 64 + 2 + 32 + 6 + chain_len + 1;
    uint8_t* q = calloc(1, 436 + sig_len);
    le16(q, 3);
    le16(q + 2, 2);
    le16(q + 8, 10);
    le16(q + 10, 13);
    memcpy(q + 12, s->anchor.qe_vendor_id, 16);
    q[48 + 48] = (uint8_t)(0x05 | (o->isv_debug ? 0x02 : 0));
    memset(q + 48 + 64, 0x11, 32);
    memset(q + 48 + 128, 0x22, 32);
    memcpy(q + 48 + 320, "synthetic", 9);
    le32(q + 432, (uint32_t)sig_len);
    uint8_t* sd = q + 436;
    raw_pub(sd + 64, att);
    sign_raw(sd, att, q, 432);
    qe_report(sd + 128, o, sd + 64);
    sign_raw(sd + 512, pck_key, sd + 128, 384);
    le16(sd + 576, 32);
    for (int i = 0; i < 32; i++)
        sd[578 + i] = (uint8_t)i;
    le16(sd + 610, 5);
    le32(sd + 612, (uint32_t)(chain_len + 1));
    memcpy(sd + 616, chain, chain_len); /* then the counted NUL */
    s->quote = q;
    s->quote_len = 436 + sig_len;
    EVP_PKEY_free(att);
}

static char* signed_response(const char* key, const char* body, EVP_PKEY* k)
{
    uint8_t sig[64];
    char sig_hex[129];
    size_t n = strlen(body) + strlen(key) + 160;
    char* out = malloc(n);
    sign_raw(sig, k, body, strlen(body));
    hex(sig_hex, sig, 64);
    snprintf(out, n, "{\"%s\":%s,\"signature\":\"%s\"}", key, body, sig_hex);
    return out;
}

static void add_text(synth_t* s, const char* text)
{
    if (keep_verify_collateral_add(s->coll, (const uint8_t*)text, strlen(text),
                                   "synth") != OE_OK)
        abort();
}

static void add_crl(synth_t* s, X509_CRL* crl)
{
    unsigned char* der = NULL;
    int n = i2d_X509_CRL(crl, &der);
    if (n <= 0 || keep_verify_collateral_add(s->coll, der, (size_t)n,
                                             "synth crl") != OE_OK)
        abort();
    OPENSSL_free(der);
    X509_CRL_free(crl);
}

static void add_documents(synth_t* s, const synth_opts_t* o, EVP_PKEY* signer)
{
    char body[8192], comps[512] = "", levels[1024];
    const char* tcb_levels = o->tcb_levels;
    if (!tcb_levels) {
        for (int i = 0; i < 16; i++)
            sprintf(comps + strlen(comps), "%s{\"svn\":%u}", i ? "," : "",
                    o->comp_svn[i]);
        snprintf(levels, sizeof(levels), "[{\"tcb\":{\"sgxtcbcomponents\":[%s],"
                 "\"pcesvn\":%u},\"tcbDate\":\"2024-01-01T00:00:00Z\","
                 "\"tcbStatus\":\"UpToDate\"}]", comps, o->pcesvn);
        tcb_levels = levels;
    }
    snprintf(body, sizeof(body), "{\"id\":\"SGX\",\"version\":3,\"issueDate\":"
             "\"2025-06-19T00:00:00Z\",\"nextUpdate\":\"2025-07-19T00:00:00Z\","
             "\"fmspc\":\"%s\",\"pceId\":\"0000\",\"tcbType\":0,"
             "\"tcbEvaluationDataNumber\":1,\"tcbLevels\":%s}",
             o->wrong_fmspc ? "00A067110001" : "00A067110000", tcb_levels);
    char* r = signed_response("tcbInfo", body, signer);
    add_text(s, r);
    free(r);
    snprintf(body, sizeof(body), "{\"id\":\"QE\",\"version\":2,\"issueDate\":"
             "\"2025-06-19T00:00:00Z\",\"nextUpdate\":\"2025-07-19T00:00:00Z\","
             "\"tcbEvaluationDataNumber\":1,\"miscselect\":\"00000000\","
             "\"miscselectMask\":\"FFFFFFFF\",\"attributes\":"
             "\"11000000000000000000000000000000\",\"attributesMask\":"
             "\"FBFFFFFFFFFFFFFF0000000000000000\",\"mrsigner\":\"%s\","
             "\"isvprodid\":1,\"tcbLevels\":%s}", QE_MRSIGNER,
             o->qe_levels ? o->qe_levels
                          : "[{\"tcb\":{\"isvsvn\":8},\"tcbDate\":"
                            "\"2024-01-01T00:00:00Z\",\"tcbStatus\":\"UpToDate\"}]");
    r = signed_response("enclaveIdentity", body, signer);
    add_text(s, r);
    free(r);
}

static void defaults(synth_opts_t* o)
{
    int any = 0;
    for (int i = 0; i < 16; i++)
        any |= o->comp_svn[i];
    if (!any)
        memset(o->comp_svn, 5, 16);
    if (!o->pcesvn)
        o->pcesvn = 13;
    if (!o->qe_isvsvn)
        o->qe_isvsvn = 10;
}

static void collateral(synth_t* s, const synth_opts_t* o, ident_t* root,
                       ident_t* ca, ident_t* leaf)
{
    ident_t other = mkcert("Other Root", 9, NULL, 1, SYNTH_NOW - DAY, NULL);
    ident_t* sroot = o->signer_other_root ? &other : root;
    ident_t signer = mkcert("Test TCB Signing", 4, sroot, 0, SYNTH_NOW - DAY, NULL);
    char pem[8192];
    size_t n = pem_append(pem, 0, signer.cert);
    n = pem_append(pem, n, sroot->cert);
    pem[n] = '\0';
    if (keep_verify_collateral_new(&s->coll) != OE_OK)
        abort();
    add_text(s, pem);
    add_crl(s, mkcrl(root, o->revoke_intermediate ? ca->cert
                          : o->revoke_signer      ? signer.cert
                                                  : NULL));
    add_crl(s, mkcrl(ca, o->revoke_leaf ? leaf->cert : NULL));
    add_documents(s, o, signer.key);
    ident_free(&signer);
    ident_free(&other);
}

int synth_make(synth_t* s, const synth_opts_t* opts)
{
    static const uint8_t fmspc[6] = {0x00, 0xa0, 0x67, 0x11, 0x00, 0x00};
    synth_opts_t o = *opts;
    dbuf_t ext;
    char chain[8192];
    memset(s, 0, sizeof(*s));
    defaults(&o);
    sgx_extension(&ext, &o, fmspc);
    ident_t root = mkcert("Test Root", 1, NULL, 1, SYNTH_NOW - DAY, NULL);
    ident_t ca = mkcert("Test PCK CA", 2, &root, 1, SYNTH_NOW - DAY, NULL);
    ident_t leaf = mkcert("Test PCK Certificate", 3, &ca, 0,
                          o.leaf_not_yet_valid ? SYNTH_NOW + DAY : SYNTH_NOW - DAY,
                          &ext);
    unsigned int len = 0;
    X509_digest(root.cert, EVP_sha256(), s->anchor.root_sha256, &len);
    memcpy(s->anchor.qe_vendor_id, "KEEP-TEST-VENDOR", 16);
    s->anchor.name = "Keep test root";
    s->anchors[0] = &s->anchor;
    s->opts = (keep_verify_options_t){SYNTH_NOW, s->anchors, 1};
    size_t n = pem_append(chain, 0, leaf.cert);
    n = pem_append(chain, n, ca.cert);
    n = pem_append(chain, n, root.cert);
    build_quote(s, &o, leaf.key, chain, n);
    collateral(s, &o, &root, &ca, &leaf);
    ident_free(&leaf);
    ident_free(&ca);
    ident_free(&root);
    return 0;
}

void synth_free(synth_t* s)
{
    free(s->quote);
    keep_verify_collateral_free(s->coll);
    memset(s, 0, sizeof(*s));
}
