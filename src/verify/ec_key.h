/* EC keys built from their parts (curve, point, scalar) instead of
 * through OpenSSL 3.0's generic DER/PEM decoders, whose set-up costs
 * ~50-400 us a key. Shared by the enclave's attested certificate
 * generator (src/enclave/attest_cert.c) and the certificate parser
 * (attest_cert_parse.c, host and enclave). Internal. */
#ifndef KEEP_VERIFY_EC_KEY_H
#define KEEP_VERIFY_EC_KEY_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

/* The largest scalar keep_ec_key_from_parts takes (P-384). */
#define KEEP_EC_MAX_FIELD 48

/* The key pair on the named curve `group` ("prime256v1", "secp384r1")
 * whose public point is `point` (uncompressed: 04 ‖ X ‖ Y) and whose
 * private scalar is d (big-endian, d_size bytes, at most
 * KEEP_EC_MAX_FIELD). The provider refuses a point off the curve; d is
 * not checked against the point. NULL on any failure; the caller frees
 * the key with EVP_PKEY_free and wipes its own copy of d. */
EVP_PKEY *keep_ec_key_from_parts(const char *group, const uint8_t *point, size_t point_size,
                                 const uint8_t *d, size_t d_size);

/* The public key on P-256 or P-384 (curve_nid NID_X9_62_prime256v1 or
 * NID_secp384r1) whose point is `point`, uncompressed (04 ‖ X ‖ Y, SEC 1
 * §2.3.3). NULL for another curve, another encoding or size, a point off
 * the curve, or any failure. Thread-safe; free with EVP_PKEY_free. */
EVP_PKEY *keep_ec_public_key(int curve_nid, const uint8_t *point, size_t point_size);

#endif
