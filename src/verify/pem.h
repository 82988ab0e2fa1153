/* Strict PEM splitting and exact DER decoding. Internal. */
#ifndef KEEP_VERIFY_PEM_H
#define KEEP_VERIFY_PEM_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/x509.h>

#define KEEP_PEM_MAX_BLOCKS 16

typedef int (*keep_pem_block_fn)(void* arg, const char* label,
                                 const uint8_t* der, size_t der_len);

/* Calls fn for each "-----BEGIN label-----" block of text[0,len). Only
 * whitespace may separate blocks; only whitespace and NUL bytes may
 * follow the last one. Returns 0, or -1 with err set (also when fn returns
 * non-zero, or when there are no blocks). */
int keep_pem_split(const char* text, size_t len, keep_pem_block_fn fn,
                   void* arg, char* err, size_t err_size);

/* DER decoders that reject trailing bytes. NULL when malformed. */
X509* keep_der_to_x509(const uint8_t* der, size_t len);
X509_CRL* keep_der_to_crl(const uint8_t* der, size_t len);

/* Parses a PEM chain of certificates only (the quote's type-5 data) into a
 * new stack, in order. NULL with err set on any error. */
STACK_OF(X509)* keep_pem_cert_chain(const uint8_t* buf, size_t len, char* err,
                                    size_t err_size);

#endif
