/* Quotes: the genuine DCAP v3 layout (sgx-dcap.md §3.2), so that one
 * verifier serves Intel and Keep quotes. The platform's attestation key
 * signs the header and the enclave's report body; the same key, certified
 * by the platform CA as a PCK leaf, signs the QE report section, which
 * describes the platform honestly (its own identity, not an SGX quoting
 * enclave's; docs/platform.md). Certification data type 5: the PEM chain
 * attestation key ‖ platform CA ‖ root, NUL-terminated. */
#include <pthread.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/sha.h>

#include "internal.h"

#define QUOTE_VERSION 3
#define ATT_KEY_TYPE_ECDSA_P256 2
#define QE_AUTH_SIZE 32
#define CERT_TYPE_PCK_CHAIN 5
#define SIG_SIZE 64
#define KEY_SIZE 64
#define QE_LABEL "Keep platform quoting service v1"

static void put16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }

bool keep_pf_sign_raw(uint8_t out[64], EVP_PKEY *key, const uint8_t *msg, size_t len)
{
    uint8_t der[80];
    size_t der_len = sizeof(der);
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    bool ok = md && EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, key) == 1 &&
              EVP_DigestSign(md, der, &der_len, msg, len) == 1;
    EVP_MD_CTX_free(md);
    const uint8_t *p = der;
    ECDSA_SIG *sig = ok ? d2i_ECDSA_SIG(NULL, &p, (long)der_len) : NULL;
    ok = sig && BN_bn2binpad(ECDSA_SIG_get0_r(sig), out, 32) == 32 &&
         BN_bn2binpad(ECDSA_SIG_get0_s(sig), out + 32, 32) == 32;
    ECDSA_SIG_free(sig);
    return ok;
}

/* The public key as raw X‖Y (the uncompressed point without its 0x04). */
static bool raw_public_key(uint8_t out[KEY_SIZE], EVP_PKEY *key)
{
    uint8_t point[KEY_SIZE + 1];
    size_t len = 0;
    if (EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, point, sizeof(point),
                                        &len) != 1 ||
        len != sizeof(point) || point[0] != 0x04)
        return false;
    memcpy(out, point + 1, KEY_SIZE);
    return true;
}

static void quote_header(uint8_t h[48], const keep_platform *p, const uint8_t pub[KEY_SIZE])
{
    uint8_t qe_id[32];
    memset(h, 0, 48);
    put16(h, QUOTE_VERSION);
    put16(h + 2, ATT_KEY_TYPE_ECDSA_P256);
    put16(h + 8, KEEP_PLATFORM_QE_SVN);
    put16(h + 10, KEEP_PLATFORM_TCB_SVN);
    memcpy(h + 12, p->qe_vendor_id, 16);
    SHA256(pub, KEY_SIZE, qe_id); /* a stable QE identifier for this platform */
    memcpy(h + 28, qe_id, 16);
}

/* The QE report body: the platform's own identity, REPORTDATA binding the
 * attestation key and the auth data (sgx-dcap.md §3.2). */
static void qe_report(keep_sgx_report_body *qe, const keep_platform *p,
                      const uint8_t pub[KEY_SIZE], const uint8_t auth[QE_AUTH_SIZE])
{
    uint8_t bound[KEY_SIZE + QE_AUTH_SIZE];
    memset(qe, 0, sizeof(*qe));
    memcpy(qe->cpu_svn, p->cpu_svn, sizeof(qe->cpu_svn));
    qe->attributes.flags = KEEP_SGX_FLAGS_INITTED | KEEP_SGX_FLAGS_MODE64BIT;
    qe->attributes.xfrm = 0x3;
    SHA256((const uint8_t *)QE_LABEL, sizeof(QE_LABEL) - 1, qe->mr_enclave);
    memcpy(qe->mr_signer, p->qe_mr_signer, sizeof(qe->mr_signer));
    memcpy(qe->config_id, p->libraries, sizeof(p->libraries)); /* the platform libraries */
    qe->isv_prod_id = KEEP_PLATFORM_QE_PROD_ID;
    qe->isv_svn = KEEP_PLATFORM_QE_SVN;
    memcpy(bound, pub, KEY_SIZE);
    memcpy(bound + KEY_SIZE, auth, QE_AUTH_SIZE);
    SHA256(bound, sizeof(bound), qe->report_data);
}

/* The QE report's signature depends only on the attestation key and the
 * QE report, the same for every quote of a platform (as in DCAP, where the
 * PCK signs the QE report once, when it certifies the attestation key). It
 * is made once and reused for a byte-identical (key, report); anything
 * else is signed anew. This saves one ECDSA signature per quote. */
#define QE_SIG_SLOTS 4
typedef struct qe_sig_entry {
    bool used;
    uint8_t pub[KEY_SIZE];
    keep_sgx_report_body qe;
    uint8_t sig[SIG_SIZE];
} qe_sig_entry;
static qe_sig_entry qe_sigs[QE_SIG_SLOTS];
static size_t qe_sigs_next;
static pthread_mutex_t qe_sigs_lock = PTHREAD_MUTEX_INITIALIZER;

static bool sign_qe_report(uint8_t sig[SIG_SIZE], EVP_PKEY *key, const uint8_t pub[KEY_SIZE],
                           const keep_sgx_report_body *qe)
{
    bool found = false;
    pthread_mutex_lock(&qe_sigs_lock);
    for (size_t i = 0; i < QE_SIG_SLOTS && !found; i++) {
        const qe_sig_entry *e = &qe_sigs[i];
        found = e->used && memcmp(e->pub, pub, KEY_SIZE) == 0 &&
                memcmp(&e->qe, qe, sizeof(*qe)) == 0;
        if (found)
            memcpy(sig, e->sig, SIG_SIZE);
    }
    pthread_mutex_unlock(&qe_sigs_lock);
    if (found)
        return true;
    if (!keep_pf_sign_raw(sig, key, (const uint8_t *)qe, sizeof(*qe)))
        return false;
    pthread_mutex_lock(&qe_sigs_lock);
    qe_sig_entry *e = &qe_sigs[qe_sigs_next];
    e->used = true;
    memcpy(e->pub, pub, KEY_SIZE);
    e->qe = *qe;
    memcpy(e->sig, sig, SIG_SIZE);
    qe_sigs_next = (qe_sigs_next + 1) % QE_SIG_SLOTS;
    pthread_mutex_unlock(&qe_sigs_lock);
    return true;
}

size_t keep_pf_quote(const keep_platform *p, const keep_platform_subject *subject,
                     const uint8_t report_data[KEEP_SGX_REPORT_DATA_SIZE], uint8_t *out,
                     size_t cap)
{
    uint8_t pub[KEY_SIZE], auth[QE_AUTH_SIZE];
    size_t sig_len = SIG_SIZE + KEY_SIZE + 384 + SIG_SIZE + 2 + QE_AUTH_SIZE + 2 + 4 +
                     p->chain_pem_size;
    if (!p->attest_key || !p->chain_pem || KEEP_QUOTE_SIZE_FIXED + sig_len > cap ||
        !raw_public_key(pub, p->attest_key))
        return 0;
    for (int i = 0; i < QE_AUTH_SIZE; i++)
        auth[i] = (uint8_t)i;
    quote_header(out, p, pub);
    keep_sgx_report_body body, qe;
    keep_pf_report_body(&body, p, subject, report_data);
    memcpy(out + 48, &body, sizeof(body));
    put32(out + 432, (uint32_t)sig_len);
    uint8_t *s = out + 436;
    qe_report(&qe, p, pub, auth);
    if (!keep_pf_sign_raw(s, p->attest_key, out, 432))
        return 0;
    memcpy(s + 64, pub, KEY_SIZE);
    memcpy(s + 128, &qe, sizeof(qe));
    if (!sign_qe_report(s + 512, p->attest_key, pub, &qe))
        return 0;
    put16(s + 576, QE_AUTH_SIZE);
    memcpy(s + 578, auth, QE_AUTH_SIZE);
    put16(s + 578 + QE_AUTH_SIZE, CERT_TYPE_PCK_CHAIN);
    put32(s + 580 + QE_AUTH_SIZE, (uint32_t)p->chain_pem_size);
    memcpy(s + 584 + QE_AUTH_SIZE, p->chain_pem, p->chain_pem_size);
    return 436 + sig_len;
}
