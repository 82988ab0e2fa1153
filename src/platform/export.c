/* What leaves the platform directory: public certificates and collateral
 * only, for verifiers (`keep platform export-root`, `keep platform show`). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/pem.h>
#include <openssl/sha.h>

#include "internal.h"

const char *const keep_platform_export_files[] = {
    KEEP_PF_ROOT_CERT, KEEP_PF_CA_CERT,   KEEP_PF_TCB_CERT,    KEEP_PF_ROOT_CRL,
    KEEP_PF_PCK_CRL,   KEEP_PF_TCB_INFO, KEEP_PF_QE_IDENTITY, NULL,
};

oe_result_t keep_platform_root_fingerprint(const char *dir, uint8_t sha256[32], char *subject,
                                           size_t subject_size, keep_why *why)
{
    uint8_t *pem;
    size_t size;
    oe_result_t result = keep_pf_read(&pem, &size, dir, KEEP_PF_ROOT_CERT, why);
    if (result != OE_OK)
        return result;
    BIO *bio = BIO_new_mem_buf(pem, (int)size);
    X509 *cert = bio ? PEM_read_bio_X509(bio, NULL, NULL, NULL) : NULL;
    uint8_t *der = NULL;
    int der_len = cert ? i2d_X509(cert, &der) : -1;
    if (der_len > 0) {
        SHA256(der, (size_t)der_len, sha256);
        if (subject && subject_size)
            X509_NAME_oneline(X509_get_subject_name(cert), subject, (int)subject_size);
    } else {
        keep_why_set(why, "%s/%s: not a PEM certificate", dir, KEEP_PF_ROOT_CERT);
        result = OE_INVALID_PARAMETER;
    }
    OPENSSL_free(der);
    X509_free(cert);
    BIO_free(bio);
    free(pem);
    return result;
}

oe_result_t keep_platform_public_files(const char *dir, uint8_t *data[7], size_t size[7],
                                       keep_why *why)
{
    _Static_assert(sizeof(keep_platform_export_files) / sizeof(char *) == 8, "7 files");
    oe_result_t result = OE_OK;
    for (size_t i = 0; i < 7; i++)
        data[i] = NULL, size[i] = 0;
    for (size_t i = 0; i < 7 && result == OE_OK; i++)
        result = keep_pf_read(&data[i], &size[i], dir, keep_platform_export_files[i], why);
    for (size_t i = 0; i < 7 && result != OE_OK; i++)
        free(data[i]), data[i] = NULL, size[i] = 0;
    return result;
}

oe_result_t keep_platform_export_root(const char *dir, const char *out_dir, keep_why *why)
{
    if (mkdir(out_dir, 0755) != 0 && errno != EEXIST) {
        keep_why_set(why, "cannot create %s: %s", out_dir, strerror(errno));
        return OE_FAILURE;
    }
    uint8_t *data[7];
    size_t size[7];
    oe_result_t result = keep_platform_public_files(dir, data, size, why);
    for (size_t i = 0; i < 7 && result == OE_OK; i++) {
        result = keep_pf_write(out_dir, keep_platform_export_files[i], data[i], size[i], why);
        char path[KEEP_PLATFORM_PATH_MAX + 64];
        if (result == OE_OK &&
            keep_pf_path(path, sizeof(path), out_dir, keep_platform_export_files[i]))
            chmod(path, 0644); /* public: certificates and collateral */
    }
    for (size_t i = 0; i < 7; i++)
        free(data[i]);
    return result;
}
