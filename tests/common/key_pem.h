/* Test enclaves' key PEMs, in the shape OE's certificate API takes. */
#ifndef KEEP_TEST_KEY_PEM_H
#define KEEP_TEST_KEY_PEM_H
#include <stddef.h>

#include <openssl/evp.h>

/* Writes the key's private (PKCS#8) or public (SPKI) PEM into out[cap],
 * NUL-terminated; returns its size counting the NUL (as OE's API takes
 * it), or 0 when it fails or does not fit. */
size_t test_key_pem(EVP_PKEY *key, int private_part, char *out, size_t cap);

#endif
