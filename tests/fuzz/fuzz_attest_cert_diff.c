/* Differential libFuzzer harness for keep_attest_cert_parse (src/verify/
 * attest_cert_parse.c): its fast path (the certificate parsed without
 * OpenSSL's decoders, the key built from its point, the self-signature
 * checked by hand) must give the generic path's verdict on every input:
 * the same result and, on success, the same evidence and key PEM.
 *
 * An input is a certificate as is, or 'S' ‖ a ‖ TBSCertificate bytes:
 * the harness wraps the TBS, whatever the fuzzer made of it, into a
 * certificate signed by the key below under signature algorithm a, so
 * that mutated certificates still reach the signature's acceptance and
 * what follows it. The seeds of that form (corpus/attest_cert_diff) carry
 * the key in their SubjectPublicKeyInfo. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "attest_cert.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A P-256 test key (PKCS#8), made for this harness only. */
static const uint8_t test_key[] = {
    0x30, 0x81, 0x87, 0x02, 0x01, 0x00, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02,
    0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x04, 0x6d, 0x30, 0x6b, 0x02,
    0x01, 0x01, 0x04, 0x20, 0x37, 0xf3, 0x7d, 0xe6, 0x9f, 0x32, 0xbd, 0x11, 0x2e, 0xa1, 0xa8, 0x9e,
    0x15, 0xac, 0x5d, 0x30, 0xe3, 0xe4, 0xef, 0x9f, 0x8b, 0x6a, 0x7f, 0x2b, 0x5e, 0x3d, 0x7a, 0x99,
    0x8c, 0x46, 0xec, 0xa9, 0xa1, 0x44, 0x03, 0x42, 0x00, 0x04, 0xec, 0x31, 0x0c, 0xd7, 0x5f, 0x76,
    0xd5, 0x7b, 0xa6, 0x9c, 0x28, 0x3f, 0x7e, 0x99, 0x82, 0xad, 0x27, 0x9a, 0xa8, 0x3c, 0x61, 0x92,
    0xcf, 0x67, 0x05, 0x35, 0x7a, 0xda, 0x79, 0x75, 0x33, 0xcc, 0x19, 0xfd, 0x0f, 0xff, 0x8c, 0xa9,
    0x1b, 0x20, 0x79, 0xce, 0xd6, 0xee, 0xdb, 0x22, 0x89, 0xc4, 0x5b, 0x9f, 0x60, 0xe1, 0xab, 0x26,
    0x06, 0x6c, 0x4b, 0x4f, 0xea, 0x16, 0x88, 0x1b, 0x03, 0xaf};

/* The outer signature algorithms a picks (a % 4), DER AlgorithmIdentifiers:
 * ecdsa-with-SHA256, ecdsa-with-SHA384, ecdsa-with-SHA256 with NULL
 * parameters, sha256WithRSAEncryption (the wrong key type). */
static const struct {
    uint8_t der[16];
    size_t size;
    int sha384;
} algs[] = {
    {{0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02}, 12, 0},
    {{0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03}, 12, 1},
    {{0x30, 0x0c, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02, 0x05, 0x00}, 14, 0},
    {{0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b, 0x05, 0x00},
     15,
     0},
};

#define MAX_TBS 16384 /* the fuzzer's -max_len; DER lengths below stay under 65536 */
#define MAX_SIG 80    /* a P-256 ECDSA signature's DER */

/* A DER tag and definite length (up to 65535). */
static size_t put_header(uint8_t *out, uint8_t tag, size_t len)
{
    out[0] = tag;
    if (len < 0x80) {
        out[1] = (uint8_t)len;
        return 2;
    }
    if (len < 0x100) {
        out[1] = 0x81;
        out[2] = (uint8_t)len;
        return 3;
    }
    out[1] = 0x82;
    out[2] = (uint8_t)(len >> 8);
    out[3] = (uint8_t)len;
    return 4;
}

/* SEQUENCE { tbs, algs[a], BIT STRING { sig } }, signed with the test
 * key. NULL on a failure (*size 0); the caller frees. */
static uint8_t *wrap(const uint8_t *tbs, size_t tbs_size, uint8_t a, size_t *size)
{
    static EVP_PKEY *key;
    const unsigned char *p = test_key;
    if (!key)
        key = d2i_AutoPrivateKey(NULL, &p, sizeof(test_key));
    uint8_t sig[MAX_SIG];
    size_t sig_size = sizeof(sig);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    const int alg = a % 4;
    int ok = key && ctx &&
             EVP_DigestSignInit(ctx, NULL, algs[alg].sha384 ? EVP_sha384() : EVP_sha256(), NULL,
                                key) == 1 &&
             EVP_DigestSign(ctx, sig, &sig_size, tbs, tbs_size) == 1;
    EVP_MD_CTX_free(ctx);
    uint8_t sig_header[5];
    size_t sig_header_size = put_header(sig_header, 0x03, 1 + sig_size);
    sig_header[sig_header_size++] = 0; /* no unused bits */
    size_t body = tbs_size + algs[alg].size + sig_header_size + sig_size;
    uint8_t *out = ok ? malloc(4 + body) : NULL;
    *size = 0;
    if (!out)
        return NULL;
    size_t at = put_header(out, 0x30, body);
    memcpy(out + at, tbs, tbs_size);
    at += tbs_size;
    memcpy(out + at, algs[alg].der, algs[alg].size);
    at += algs[alg].size;
    memcpy(out + at, sig_header, sig_header_size);
    at += sig_header_size;
    memcpy(out + at, sig, sig_size);
    *size = at + sig_size;
    return out;
}

static int same(const keep_attest_cert *a, const keep_attest_cert *b)
{
    return a->kind == b->kind && a->evidence_size == b->evidence_size &&
           memcmp(a->evidence, b->evidence, a->evidence_size) == 0 &&
           a->public_key_pem_size == b->public_key_pem_size &&
           memcmp(a->public_key_pem, b->public_key_pem, a->public_key_pem_size) == 0;
}

static void compare(const uint8_t *der, size_t size)
{
    keep_attest_cert fast, generic;
    oe_result_t fast_result = keep_attest_cert_parse(&fast, der, size);
    oe_result_t generic_result = keep_attest_cert_parse_generic(&generic, der, size);
    if (fast_result != generic_result || (fast_result == OE_OK && !same(&fast, &generic)))
        __builtin_trap();
    keep_attest_cert_free(&fast);
    keep_attest_cert_free(&generic);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2 || data[0] != 'S' || size - 2 > MAX_TBS) {
        compare(data, size);
        return 0;
    }
    size_t cert_size = 0;
    uint8_t *cert = wrap(data + 2, size - 2, data[1], &cert_size);
    if (cert)
        compare(cert, cert_size);
    free(cert);
    return 0;
}
