/* See key_pem.h. */
#include <string.h>

#include <openssl/pem.h>

#include "key_pem.h"

size_t test_key_pem(EVP_PKEY *key, int private_part, char *out, size_t cap)
{
    BIO *bio = BIO_new(BIO_s_mem());
    char *data = NULL;
    int ok = bio && (private_part ? PEM_write_bio_PrivateKey(bio, key, NULL, NULL, 0, NULL, NULL)
                                  : PEM_write_bio_PUBKEY(bio, key));
    long len = ok ? BIO_get_mem_data(bio, &data) : 0;
    size_t size = len > 0 && (size_t)len < cap ? (size_t)len + 1 : 0;
    if (size) {
        memcpy(out, data, size - 1);
        out[size - 1] = '\0';
    }
    BIO_free(bio);
    return size;
}
