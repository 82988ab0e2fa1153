/* See sigstruct.h: layout, parsing and hashing. The RSA half is in
 * sigstruct_rsa.c. */
#include <string.h>

#include <openssl/evp.h>

#include "sigstruct.h"

/* SDM vol. 3D §38.14: HEADER and HEADER2 are fixed byte strings. */
static const uint8_t header_bytes[16] = {0x06, 0x00, 0x00, 0x00, 0xe1, 0x00, 0x00, 0x00,
                                         0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00};
static const uint8_t header2_bytes[16] = {0x01, 0x01, 0x00, 0x00, 0x60, 0x00, 0x00, 0x00,
                                          0x60, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00};

/* The two signed ranges. */
#define SIGNED_HEAD_SIZE 128
#define SIGNED_BODY_OFFSET 900
#define SIGNED_BODY_SIZE 128

void keep_sigstruct_init(keep_sigstruct *sigstruct)
{
    memset(sigstruct, 0, sizeof(*sigstruct));
    memcpy(sigstruct->header, header_bytes, sizeof(header_bytes));
    memcpy(sigstruct->header2, header2_bytes, sizeof(header2_bytes));
    sigstruct->exponent = KEEP_RSA_EXPONENT;
}

bool keep_sigstruct_is_empty(const uint8_t *bytes, size_t size)
{
    uint8_t any = 0;
    for (size_t i = 0; i < size; i++)
        any |= bytes[i];
    return any == 0;
}

static bool all_zero(const uint8_t *bytes, size_t size)
{
    return keep_sigstruct_is_empty(bytes, size);
}

oe_result_t keep_sigstruct_parse(keep_sigstruct *sigstruct, const uint8_t *bytes, size_t size,
                                 keep_why *why)
{
    memset(sigstruct, 0, sizeof(*sigstruct));
    if (!bytes || size != KEEP_SIGSTRUCT_SIZE) {
        keep_why_set(why, "a SIGSTRUCT is %d bytes, not %zu", KEEP_SIGSTRUCT_SIZE, size);
        return OE_INVALID_IMAGE;
    }
    keep_sigstruct s;
    memcpy(&s, bytes, sizeof(s));
    const char *problem = NULL;
    if (memcmp(s.header, header_bytes, sizeof(header_bytes)) != 0)
        problem = "HEADER is not 06000000e10000000000010000000000";
    else if (memcmp(s.header2, header2_bytes, sizeof(header2_bytes)) != 0)
        problem = "HEADER2 is not 01010000600000006000000001000000";
    else if (s.vendor != KEEP_SIGSTRUCT_VENDOR_ISV && s.vendor != KEEP_SIGSTRUCT_VENDOR_INTEL)
        problem = "VENDOR is neither 0 nor 0x8086";
    else if (s.exponent != KEEP_RSA_EXPONENT)
        problem = "EXPONENT is not 3";
    else if (!all_zero(s.reserved1, sizeof(s.reserved1)) ||
             !all_zero(s.reserved2, sizeof(s.reserved2)) ||
             !all_zero(s.reserved3, sizeof(s.reserved3)) ||
             !all_zero(s.reserved4, sizeof(s.reserved4)))
        problem = "a reserved field is not zero";
    if (problem) {
        keep_why_set(why, "malformed SIGSTRUCT: %s", problem);
        return OE_INVALID_IMAGE;
    }
    *sigstruct = s;
    return OE_OK;
}

oe_result_t keep_sigstruct_digest(uint8_t digest[KEEP_SHA256_SIZE],
                                  const keep_sigstruct *sigstruct)
{
    const uint8_t *bytes = (const uint8_t *)sigstruct;
    memset(digest, 0, KEEP_SHA256_SIZE);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    unsigned int length = 0;
    int ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) &&
             EVP_DigestUpdate(ctx, bytes, SIGNED_HEAD_SIZE) &&
             EVP_DigestUpdate(ctx, bytes + SIGNED_BODY_OFFSET, SIGNED_BODY_SIZE) &&
             EVP_DigestFinal_ex(ctx, digest, &length) && length == KEEP_SHA256_SIZE;
    EVP_MD_CTX_free(ctx);
    return ok ? OE_OK : OE_CRYPTO_ERROR;
}

oe_result_t keep_sigstruct_mrsigner(uint8_t mrsigner[KEEP_SHA256_SIZE],
                                    const keep_sigstruct *sigstruct)
{
    unsigned int length = 0;
    int ok = EVP_Digest(sigstruct->modulus, sizeof(sigstruct->modulus), mrsigner, &length,
                        EVP_sha256(), NULL);
    return ok && length == KEEP_SHA256_SIZE ? OE_OK : OE_CRYPTO_ERROR;
}
