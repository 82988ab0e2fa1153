/* See sigstruct.h: the RSA-3072, e=3 half (key checks, signing, verifying,
 * Q1/Q2), through OpenSSL 3's EVP and BN interfaces. */
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include "sigstruct.h"

static void reverse_copy(uint8_t *out, const uint8_t *in, size_t size)
{
    for (size_t i = 0; i < size; i++)
        out[i] = in[size - 1 - i];
}

oe_result_t keep_signing_key_check(const EVP_PKEY *key, keep_why *why)
{
    BIGNUM *e = NULL;
    oe_result_t result = OE_INVALID_SGX_SIGNING_KEY;
    if (!key || !EVP_PKEY_is_a(key, "RSA")) {
        keep_why_set(why, "the signing key is not an RSA key (SGX needs RSA-3072, exponent 3)");
        goto out;
    }
    if (EVP_PKEY_get_bits(key) != KEEP_RSA_BITS) {
        keep_why_set(why, "the signing key has %d bits; SGX needs RSA-3072 (openssl genrsa -3 "
                          "3072)", EVP_PKEY_get_bits(key));
        goto out;
    }
    if (!EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_E, &e) ||
        !BN_is_word(e, KEEP_RSA_EXPONENT)) {
        keep_why_set(why, "the signing key's public exponent is not 3; SGX needs e=3 "
                          "(openssl genrsa -3 3072)");
        goto out;
    }
    result = OE_OK;
out:
    BN_free(e);
    return result;
}

/* Q1 = floor(S^2 / N), Q2 = floor((S^3 - Q1*S*N) / N) = floor(S * (S^2 mod N) / N). */
static oe_result_t compute_q1_q2(keep_sigstruct *s)
{
    BN_CTX *ctx = BN_CTX_new();
    BIGNUM *n = BN_lebin2bn(s->modulus, KEEP_RSA_SIZE, NULL);
    BIGNUM *sig = BN_lebin2bn(s->signature, KEEP_RSA_SIZE, NULL);
    BIGNUM *t = BN_new(), *q1 = BN_new(), *r = BN_new(), *q2 = BN_new();
    int ok = ctx && n && sig && t && q1 && r && q2 && BN_sqr(t, sig, ctx) &&
             BN_div(q1, r, t, n, ctx) && BN_mul(t, sig, r, ctx) && BN_div(q2, NULL, t, n, ctx) &&
             BN_bn2lebinpad(q1, s->q1, KEEP_RSA_SIZE) == KEEP_RSA_SIZE &&
             BN_bn2lebinpad(q2, s->q2, KEEP_RSA_SIZE) == KEEP_RSA_SIZE;
    BN_free(n), BN_free(sig), BN_free(t), BN_free(q1), BN_free(r), BN_free(q2);
    BN_CTX_free(ctx);
    return ok ? OE_OK : OE_CRYPTO_ERROR;
}

/* The SIGSTRUCT's public key as an EVP_PKEY (n from MODULUS, e = 3). */
static EVP_PKEY *public_key_of(const keep_sigstruct *s)
{
    EVP_PKEY *key = NULL;
    BIGNUM *n = BN_lebin2bn(s->modulus, KEEP_RSA_SIZE, NULL);
    BIGNUM *e = BN_new();
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM *params = NULL;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
    if (n && e && bld && ctx && BN_set_word(e, s->exponent) &&
        OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) &&
        OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e) &&
        (params = OSSL_PARAM_BLD_to_param(bld)) && EVP_PKEY_fromdata_init(ctx) > 0 &&
        EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) <= 0)
        key = NULL;
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    BN_free(n), BN_free(e);
    return key;
}

static EVP_PKEY_CTX *pkcs1_sha256_ctx(EVP_PKEY *key, bool sign)
{
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(key, NULL);
    if (!ctx || (sign ? EVP_PKEY_sign_init(ctx) : EVP_PKEY_verify_init(ctx)) <= 0 ||
        EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) <= 0 ||
        EVP_PKEY_CTX_set_signature_md(ctx, EVP_sha256()) <= 0) {
        EVP_PKEY_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

/* Checks the signature only (not Q1/Q2). */
static oe_result_t verify_signature(const keep_sigstruct *s, keep_why *why)
{
    uint8_t digest[KEEP_SHA256_SIZE], big_endian[KEEP_RSA_SIZE];
    oe_result_t result = keep_sigstruct_digest(digest, s);
    if (result != OE_OK)
        return result;
    EVP_PKEY *key = public_key_of(s);
    EVP_PKEY_CTX *ctx = key ? pkcs1_sha256_ctx(key, false) : NULL;
    result = OE_INVALID_IMAGE;
    if (!key || EVP_PKEY_get_bits(key) != KEEP_RSA_BITS)
        keep_why_set(why, "the SIGSTRUCT's MODULUS is not an RSA-3072 modulus");
    else if (!ctx)
        result = OE_CRYPTO_ERROR;
    else {
        reverse_copy(big_endian, s->signature, KEEP_RSA_SIZE);
        if (EVP_PKEY_verify(ctx, big_endian, KEEP_RSA_SIZE, digest, sizeof(digest)) == 1)
            result = OE_OK;
        else
            keep_why_set(why, "the SIGSTRUCT's signature does not verify with its modulus");
    }
    EVP_PKEY_CTX_free(ctx);
    EVP_PKEY_free(key);
    return result;
}

oe_result_t keep_sigstruct_verify(const keep_sigstruct *sigstruct, keep_why *why)
{
    if (sigstruct->exponent != KEEP_RSA_EXPONENT) {
        keep_why_set(why, "the SIGSTRUCT's EXPONENT is not 3");
        return OE_INVALID_IMAGE;
    }
    oe_result_t result = verify_signature(sigstruct, why);
    if (result != OE_OK)
        return result;
    keep_sigstruct expected = *sigstruct;
    result = compute_q1_q2(&expected);
    if (result != OE_OK)
        return result;
    if (CRYPTO_memcmp(expected.q1, sigstruct->q1, KEEP_RSA_SIZE) != 0 ||
        CRYPTO_memcmp(expected.q2, sigstruct->q2, KEEP_RSA_SIZE) != 0) {
        keep_why_set(why, "the SIGSTRUCT's Q1/Q2 do not match its signature and modulus");
        return OE_INVALID_IMAGE;
    }
    return OE_OK;
}

/* Stores the key's modulus (little-endian) and exponent. */
static oe_result_t set_public_key(keep_sigstruct *s, const EVP_PKEY *key, keep_why *why)
{
    oe_result_t result = keep_signing_key_check(key, why);
    if (result != OE_OK)
        return result;
    BIGNUM *n = NULL;
    int ok = EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &n) &&
             BN_bn2lebinpad(n, s->modulus, KEEP_RSA_SIZE) == KEEP_RSA_SIZE;
    BN_free(n);
    s->exponent = KEEP_RSA_EXPONENT;
    return ok ? OE_OK : OE_CRYPTO_ERROR;
}

oe_result_t keep_sigstruct_sign(keep_sigstruct *sigstruct, EVP_PKEY *key, keep_why *why)
{
    uint8_t digest[KEEP_SHA256_SIZE], big_endian[KEEP_RSA_SIZE];
    size_t length = sizeof(big_endian);
    oe_result_t result = set_public_key(sigstruct, key, why);
    if (result == OE_OK)
        result = keep_sigstruct_digest(digest, sigstruct);
    if (result != OE_OK)
        return result;
    EVP_PKEY_CTX *ctx = pkcs1_sha256_ctx(key, true);
    if (!ctx || EVP_PKEY_sign(ctx, big_endian, &length, digest, sizeof(digest)) <= 0 ||
        length != KEEP_RSA_SIZE) {
        keep_why_set(why, "RSA signing failed (is the key a private key?)");
        result = OE_CRYPTO_ERROR;
    }
    EVP_PKEY_CTX_free(ctx);
    if (result == OE_OK) {
        reverse_copy(sigstruct->signature, big_endian, KEEP_RSA_SIZE);
        result = compute_q1_q2(sigstruct);
    }
    return result;
}

oe_result_t keep_sigstruct_attach(keep_sigstruct *sigstruct, const EVP_PKEY *key,
                                  const uint8_t *signature, size_t signature_size,
                                  keep_why *why)
{
    if (!signature || signature_size != KEEP_RSA_SIZE) {
        keep_why_set(why, "the signature is %zu bytes; an RSA-3072 signature is %d",
                     signature_size, KEEP_RSA_SIZE);
        return OE_INVALID_PARAMETER;
    }
    oe_result_t result = set_public_key(sigstruct, key, why);
    if (result != OE_OK)
        return result;
    reverse_copy(sigstruct->signature, signature, KEEP_RSA_SIZE);
    /* Verify before computing Q1/Q2: a signature made with another key can be
     * larger than this modulus, and then Q1 does not fit its field. */
    if (verify_signature(sigstruct, NULL) != OE_OK) {
        keep_why_set(why, "the signature does not verify with the given public key over this "
                          "image's digest (was the digest made with the same image and conf?)");
        return OE_INVALID_PARAMETER;
    }
    return compute_q1_q2(sigstruct);
}
