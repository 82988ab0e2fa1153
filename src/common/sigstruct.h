/* SGX SIGSTRUCT: the 1808-byte signed statement of an enclave's identity
 * (Intel SDM vol. 3D §38.14, "Enclave Signature Structure"; field table in
 * shared/reference/sgx-dcap.md §2.2). Keep builds, signs, parses and checks
 * it exactly as SGX defines it, so that MRSIGNER and the signature are the
 * ones SGX hardware would compute.
 *
 * Integers are little-endian as on x86-64; the modulus, signature, Q1 and Q2
 * are 384-byte little-endian numbers. The signature is RSASSA-PKCS1-v1_5
 * with SHA-256 over bytes [0,128) and [900,1028); keys are RSA-3072 with
 * public exponent 3. */
#ifndef KEEP_SIGSTRUCT_H
#define KEEP_SIGSTRUCT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include <openenclave/bits/result.h>

#include "why.h"

#define KEEP_SIGSTRUCT_SIZE 1808
#define KEEP_RSA_SIZE 384 /* bytes of an RSA-3072 modulus */
#define KEEP_RSA_BITS 3072
#define KEEP_RSA_EXPONENT 3
#define KEEP_SHA256_SIZE 32
#define KEEP_SIGSTRUCT_VENDOR_ISV 0u
#define KEEP_SIGSTRUCT_VENDOR_INTEL 0x8086u

typedef struct keep_sigstruct {
    uint8_t header[16];
    uint32_t vendor;
    uint32_t date; /* BCD yyyymmdd */
    uint8_t header2[16];
    uint32_t swdefined;
    uint8_t reserved1[84];
    uint8_t modulus[KEEP_RSA_SIZE];
    uint32_t exponent;
    uint8_t signature[KEEP_RSA_SIZE];
    uint32_t miscselect;
    uint32_t miscmask;
    uint8_t cet_attributes;
    uint8_t cet_attributes_mask;
    uint8_t reserved2[2];
    uint8_t isv_family_id[16];
    uint64_t attributes;
    uint64_t xfrm;
    uint64_t attributes_mask;
    uint64_t xfrm_mask;
    uint8_t enclave_hash[KEEP_SHA256_SIZE];
    uint8_t reserved3[16];
    uint8_t isv_ext_product_id[16];
    uint16_t isv_product_id;
    uint16_t isv_svn;
    uint8_t reserved4[12];
    uint8_t q1[KEEP_RSA_SIZE];
    uint8_t q2[KEEP_RSA_SIZE];
} keep_sigstruct;

_Static_assert(sizeof(keep_sigstruct) == KEEP_SIGSTRUCT_SIZE, "SIGSTRUCT size");
_Static_assert(offsetof(keep_sigstruct, modulus) == 128, "SIGSTRUCT modulus");
_Static_assert(offsetof(keep_sigstruct, signature) == 516, "SIGSTRUCT signature");
_Static_assert(offsetof(keep_sigstruct, miscselect) == 900, "SIGSTRUCT body");
_Static_assert(offsetof(keep_sigstruct, attributes) == 928, "SIGSTRUCT attributes");
_Static_assert(offsetof(keep_sigstruct, enclave_hash) == 960, "SIGSTRUCT enclavehash");
_Static_assert(offsetof(keep_sigstruct, isv_ext_product_id) == 1008, "SIGSTRUCT extprodid");
_Static_assert(offsetof(keep_sigstruct, isv_product_id) == 1024, "SIGSTRUCT isvprodid");
_Static_assert(offsetof(keep_sigstruct, reserved4) == 1028, "SIGSTRUCT signed end");
_Static_assert(offsetof(keep_sigstruct, q1) == 1040, "SIGSTRUCT q1");
_Static_assert(offsetof(keep_sigstruct, q2) == 1424, "SIGSTRUCT q2");
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "SIGSTRUCT integers are little-endian");

/* Sets the constant fields (HEADER, HEADER2, exponent) and zeroes the rest;
 * the caller fills in the body (attributes, ENCLAVEHASH, ids) and signs. */
void keep_sigstruct_init(keep_sigstruct *sigstruct);

/* True when all `size` bytes are zero: an unsigned image's SIGSTRUCT. */
bool keep_sigstruct_is_empty(const uint8_t *bytes, size_t size);

/* Parses exactly KEEP_SIGSTRUCT_SIZE bytes and checks the fixed fields:
 * HEADER, HEADER2, VENDOR (0 or 0x8086), EXPONENT 3 and zero reserved
 * fields. Does not check the signature (keep_sigstruct_verify does).
 * OE_INVALID_IMAGE with `why` set when malformed. */
oe_result_t keep_sigstruct_parse(keep_sigstruct *sigstruct, const uint8_t *bytes, size_t size,
                                 keep_why *why) __attribute__((warn_unused_result));

/* SHA-256 of the signed bytes [0,128) || [900,1028): what the RSA signature's
 * DigestInfo carries, and what `oesign digest` writes. */
oe_result_t keep_sigstruct_digest(uint8_t digest[KEEP_SHA256_SIZE],
                                  const keep_sigstruct *sigstruct)
    __attribute__((warn_unused_result));

/* Checks the signature with the SIGSTRUCT's own modulus and exponent, and
 * that Q1 and Q2 are the values the modulus and signature determine (so no
 * byte of the structure is free). OE_INVALID_IMAGE with `why` set when it
 * does not verify. */
oe_result_t keep_sigstruct_verify(const keep_sigstruct *sigstruct, keep_why *why)
    __attribute__((warn_unused_result));

/* MRSIGNER: SHA-256 of the MODULUS field as stored (little-endian). */
oe_result_t keep_sigstruct_mrsigner(uint8_t mrsigner[KEEP_SHA256_SIZE],
                                    const keep_sigstruct *sigstruct)
    __attribute__((warn_unused_result));

/* Checks that `key` is an RSA-3072 key with public exponent 3, the only keys
 * SGX accepts. OE_INVALID_SGX_SIGNING_KEY with `why` set otherwise. */
oe_result_t keep_signing_key_check(const EVP_PKEY *key, keep_why *why)
    __attribute__((warn_unused_result));

/* Signs: sets MODULUS and EXPONENT from the private `key`, then SIGNATURE,
 * Q1 and Q2 over the current body. PKCS#1 v1.5 is deterministic, so the same
 * key and body always give the same bytes. The key stays the caller's. */
oe_result_t keep_sigstruct_sign(keep_sigstruct *sigstruct, EVP_PKEY *key, keep_why *why)
    __attribute__((warn_unused_result));

/* Two-step signing: sets MODULUS and EXPONENT from the public `key`, then
 * stores `signature` (big-endian, as `openssl pkeyutl -sign` writes it)
 * with Q1 and Q2, and verifies the result. The signature must be exactly
 * KEEP_RSA_SIZE bytes. */
oe_result_t keep_sigstruct_attach(keep_sigstruct *sigstruct, const EVP_PKEY *key,
                                  const uint8_t *signature, size_t signature_size,
                                  keep_why *why) __attribute__((warn_unused_result));

#endif
