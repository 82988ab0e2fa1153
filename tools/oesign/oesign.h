/* oesign's commands (sign, digest, dump) and the file and key helpers they
 * share. Messages go to stderr prefixed "oesign: ". */
#ifndef KEEP_OESIGN_H
#define KEEP_OESIGN_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#define OESIGN_MAX_IMAGE_SIZE ((size_t)1 << 31)

typedef struct oesign_args {
    const char *image, *conf, *key, *x509, *digest, *output;
} oesign_args;

void oesign_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Reads a whole file of at most `max` bytes. Caller frees. NULL on error,
 * reported. */
uint8_t *oesign_read_file(const char *path, size_t max, size_t *size);

/* Writes `size` bytes to `path` (mode 0755 for images, else 0644) through a
 * temporary file renamed into place. 0 on success; errors reported. */
int oesign_write_file(const char *path, const uint8_t *bytes, size_t size, int executable);

/* Loads a PEM private key / a PEM certificate or public key. NULL on error,
 * reported. The private key file's bytes are wiped after parsing. */
EVP_PKEY *oesign_load_private_key(const char *path);
EVP_PKEY *oesign_load_public_key(const char *path);

int oesign_sign(const oesign_args *args);
int oesign_digest(const oesign_args *args);
int oesign_dump(const oesign_args *args);

#endif
