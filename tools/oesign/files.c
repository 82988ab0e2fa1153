/* See oesign.h: files and keys. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "oesign.h"

#define KEY_FILE_MAX (64u * 1024u)

void oesign_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("oesign: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

uint8_t *oesign_read_file(const char *path, size_t max, size_t *size)
{
    *size = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        oesign_error("cannot open %s: %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    uint8_t *buf = NULL;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size > max) {
        oesign_error("%s: not a regular file of at most %zu bytes", path, max);
        goto out;
    }
    buf = malloc((size_t)st.st_size + 1);
    if (!buf || fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
        oesign_error("cannot read %s", path);
        free(buf);
        buf = NULL;
        goto out;
    }
    *size = (size_t)st.st_size;
out:
    fclose(f);
    return buf;
}

int oesign_write_file(const char *path, const uint8_t *bytes, size_t size, int executable)
{
    size_t length = strlen(path) + 16;
    char *temp = malloc(length);
    if (!temp)
        return -1;
    snprintf(temp, length, "%s.tmpXXXXXX", path);
    int fd = mkstemp(temp);
    int ok = fd >= 0;
    for (size_t done = 0; ok && done < size;) {
        ssize_t n = write(fd, bytes + done, size - done);
        if (n < 0 && errno == EINTR)
            continue;
        ok = n > 0;
        done += ok ? (size_t)n : 0;
    }
    ok = ok && fchmod(fd, executable ? 0755 : 0644) == 0;
    if (fd >= 0)
        ok = (close(fd) == 0) && ok;
    ok = ok && rename(temp, path) == 0;
    if (!ok) {
        oesign_error("cannot write %s: %s", path, strerror(errno));
        if (fd >= 0)
            unlink(temp);
    }
    free(temp);
    return ok ? 0 : -1;
}

EVP_PKEY *oesign_load_private_key(const char *path)
{
    size_t size;
    uint8_t *pem = oesign_read_file(path, KEY_FILE_MAX, &size);
    if (!pem)
        return NULL;
    BIO *bio = BIO_new_mem_buf(pem, (int)size);
    EVP_PKEY *key = bio ? PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL) : NULL;
    BIO_free(bio);
    OPENSSL_cleanse(pem, size);
    free(pem);
    if (!key)
        oesign_error("%s: not a PEM private key (want an RSA key from openssl genrsa -3 3072)",
                     path);
    ERR_clear_error();
    return key;
}

EVP_PKEY *oesign_load_public_key(const char *path)
{
    size_t size;
    uint8_t *pem = oesign_read_file(path, KEY_FILE_MAX, &size);
    if (!pem)
        return NULL;
    EVP_PKEY *key = NULL;
    BIO *bio = BIO_new_mem_buf(pem, (int)size);
    X509 *cert = bio ? PEM_read_bio_X509(bio, NULL, NULL, NULL) : NULL;
    if (cert) {
        key = X509_get_pubkey(cert);
        X509_free(cert);
    } else if (bio && BIO_reset(bio) == 1) {
        key = PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL);
    }
    BIO_free(bio);
    free(pem);
    if (!key)
        oesign_error("%s: neither a PEM certificate nor a PEM public key", path);
    ERR_clear_error();
    return key;
}
