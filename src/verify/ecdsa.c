/* ECDSA P-256 with raw r||s signatures, as DCAP quotes and collateral
 * carry them (sgx-dcap.md §3.2, §3.4 step 7). */
#include <string.h>

#include <openssl/ecdsa.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/params.h>

#include "util.h"
#include "x509check.h"

/* r||s -> DER ECDSA-Sig-Value. Returns its length, 0 on error. */
static size_t sig_to_der(uint8_t* der, size_t size, const uint8_t sig[64])
{
    ECDSA_SIG* s = ECDSA_SIG_new();
    BIGNUM* r = BN_bin2bn(sig, 32, NULL);
    BIGNUM* ss = BN_bin2bn(sig + 32, 32, NULL);
    size_t n = 0;
    if (s && r && ss && ECDSA_SIG_set0(s, r, ss)) {
        r = ss = NULL;
        int len = i2d_ECDSA_SIG(s, NULL);
        uint8_t* p = der;
        if (len > 0 && (size_t)len <= size && i2d_ECDSA_SIG(s, &p) == len)
            n = (size_t)len;
    }
    BN_free(r);
    BN_free(ss);
    ECDSA_SIG_free(s);
    return n;
}

int keep_ecdsa_verify(EVP_PKEY* key, const uint8_t* msg, size_t len,
                      const uint8_t sig[64])
{
    uint8_t der[80];
    size_t der_len = sig_to_der(der, sizeof(der), sig);
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    int rc = -1;
    if (key && der_len && ctx && EVP_PKEY_get_base_id(key) == EVP_PKEY_EC &&
        EVP_DigestVerifyInit(ctx, NULL, EVP_sha256(), NULL, key) == 1)
        rc = EVP_DigestVerify(ctx, der, der_len, msg, len) == 1;
    EVP_MD_CTX_free(ctx);
    return rc;
}

/* Imports a raw X||Y P-256 point. The provider checks it is on the curve.
 * (EVP_PKEY_fromdata is several times cheaper than decoding an SPKI in
 * OpenSSL 3.0.) */
EVP_PKEY* keep_p256_key_from_raw(const uint8_t key[64])
{
    uint8_t point[65];
    EVP_PKEY* pk = NULL;
    point[0] = 0x04; /* uncompressed */
    memcpy(point + 1, key, 64);
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME,
                                         (char*)"prime256v1", 0),
        OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, point,
                                          sizeof(point)),
        OSSL_PARAM_construct_end()};
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
    if (!ctx || EVP_PKEY_fromdata_init(ctx) != 1 ||
        EVP_PKEY_fromdata(ctx, &pk, EVP_PKEY_PUBLIC_KEY, params) != 1)
        pk = NULL;
    EVP_PKEY_CTX_free(ctx);
    return pk;
}

int keep_ecdsa_verify_memo(keep_sigmemo_t* memo, X509* signer,
                           const uint8_t* msg, size_t len,
                           const uint8_t sig[64])
{
    uint8_t parts[32 + 64 + 32], key[32];
    if (keep_sha256(parts, msg, len) ||
        keep_cert_digests(memo, signer, NULL, parts + 96))
        return -1;
    memcpy(parts + 32, sig, 64);
    keep_sha256(key, parts, sizeof(parts));
    if (memo && keep_sigmemo_has(memo, key))
        return 1;
    EVP_PKEY* pk = X509_get0_pubkey(signer);
    int rc = pk ? keep_ecdsa_verify(pk, msg, len, sig) : -1;
    if (rc == 1 && memo)
        keep_sigmemo_put(memo, key);
    return rc;
}
