/* Creating a platform: everything is generated into a fresh private
 * directory beside the target, which is then renamed into place; rename()
 * is atomic, so two first uses racing each other end with one platform
 * (the loser removes its copy and uses the winner's). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/pem.h>
#include <openssl/rand.h>

#include "internal.h"

typedef struct pf_keys {
    EVP_PKEY *root_key, *ca_key, *attest_key, *tcb_key;
    X509 *root, *ca, *attest, *tcb;
} pf_keys;

static void pf_keys_free(pf_keys *k)
{
    EVP_PKEY_free(k->root_key);
    EVP_PKEY_free(k->ca_key);
    EVP_PKEY_free(k->attest_key);
    EVP_PKEY_free(k->tcb_key);
    X509_free(k->root);
    X509_free(k->ca);
    X509_free(k->attest);
    X509_free(k->tcb);
}

static oe_result_t mkdir_parents(const char *dir, keep_why *why)
{
    char path[KEEP_PLATFORM_PATH_MAX];
    if (snprintf(path, sizeof(path), "%s", dir) >= (int)sizeof(path))
        return OE_INVALID_PARAMETER;
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0700) != 0 && errno != EEXIST) {
            keep_why_set(why, "cannot create %s: %s", path, strerror(errno));
            return OE_FAILURE;
        }
        *p = '/';
    }
    return OE_OK;
}

static bool generate_keys(pf_keys *k, bool sim)
{
    k->root_key = keep_pf_new_key();
    k->ca_key = keep_pf_new_key();
    k->attest_key = keep_pf_new_key();
    k->tcb_key = keep_pf_new_key();
    if (!k->root_key || !k->ca_key || !k->attest_key || !k->tcb_key)
        return false;
    k->root = keep_pf_new_cert(sim ? "Keep SIMULATION Root CA (published key, no security)"
                                   : "Keep Platform Root CA",
                               k->root_key, NULL, k->root_key, KEEP_PF_CERT_ROOT, sim);
    k->ca = k->root ? keep_pf_new_cert(sim ? "Keep SIMULATION Platform CA" : "Keep Platform CA",
                                       k->ca_key, k->root, k->root_key, KEEP_PF_CERT_CA, sim)
                    : NULL;
    k->attest = k->ca ? keep_pf_new_cert(sim ? "Keep SIMULATION Attestation Key"
                                             : "Keep Platform Attestation Key",
                                         k->attest_key, k->ca, k->ca_key, KEEP_PF_CERT_PCK, sim)
                      : NULL;
    k->tcb = k->root ? keep_pf_new_cert(sim ? "Keep SIMULATION TCB Signing"
                                            : "Keep Platform TCB Signing",
                                        k->tcb_key, k->root, k->root_key, KEEP_PF_CERT_SIGNING,
                                        sim)
                     : NULL;
    return k->attest && k->tcb;
}

/* Writes one PEM object produced by `emit` into dir/name. */
static oe_result_t write_bio(const char *dir, const char *name, BIO *bio, int ok, keep_why *why)
{
    char *data = NULL;
    long len = bio ? BIO_get_mem_data(bio, &data) : 0;
    oe_result_t result = ok && len > 0 ? keep_pf_write(dir, name, data, (size_t)len, why)
                                       : OE_CRYPTO_ERROR;
    if (data && len > 0)
        OPENSSL_cleanse(data, (size_t)len);
    BIO_free(bio);
    return result;
}

static oe_result_t write_key(const char *dir, const char *name, EVP_PKEY *key, keep_why *why)
{
    BIO *bio = BIO_new(BIO_s_mem());
    int ok = bio && PEM_write_bio_PrivateKey(bio, key, NULL, NULL, 0, NULL, NULL);
    return write_bio(dir, name, bio, ok, why);
}

static oe_result_t write_cert(const char *dir, const char *name, X509 *cert, keep_why *why)
{
    BIO *bio = BIO_new(BIO_s_mem());
    int ok = bio && PEM_write_bio_X509(bio, cert);
    return write_bio(dir, name, bio, ok, why);
}

static oe_result_t write_crl(const char *dir, const char *name, X509 *issuer, EVP_PKEY *key,
                             bool sim, keep_why *why)
{
    X509_CRL *crl = keep_pf_new_crl(issuer, key, sim);
    BIO *bio = BIO_new(BIO_s_mem());
    int ok = crl && bio && PEM_write_bio_X509_CRL(bio, crl);
    X509_CRL_free(crl);
    return write_bio(dir, name, bio, ok, why);
}

static oe_result_t write_secret(const char *dir, const char *name, keep_why *why)
{
    uint8_t secret[KEEP_PLATFORM_SECRET_SIZE];
    oe_result_t result = RAND_priv_bytes(secret, sizeof(secret)) == 1
                             ? keep_pf_write(dir, name, secret, sizeof(secret), why)
                             : OE_CRYPTO_ERROR;
    OPENSSL_cleanse(secret, sizeof(secret));
    return result;
}

static oe_result_t write_state(const char *dir, pf_keys *k, bool sim, keep_why *why)
{
    if (!generate_keys(k, sim)) {
        keep_why_set(why, "cannot generate the platform keys and certificates");
        return OE_CRYPTO_ERROR;
    }
    oe_result_t r = write_key(dir, KEEP_PF_ROOT_KEY, k->root_key, why);
    if (r == OE_OK) r = write_cert(dir, KEEP_PF_ROOT_CERT, k->root, why);
    if (r == OE_OK) r = write_key(dir, KEEP_PF_CA_KEY, k->ca_key, why);
    if (r == OE_OK) r = write_cert(dir, KEEP_PF_CA_CERT, k->ca, why);
    if (r == OE_OK) r = write_key(dir, KEEP_PF_ATTEST_KEY, k->attest_key, why);
    if (r == OE_OK) r = write_cert(dir, KEEP_PF_ATTEST_CERT, k->attest, why);
    if (r == OE_OK) r = write_key(dir, KEEP_PF_TCB_KEY, k->tcb_key, why);
    if (r == OE_OK) r = write_cert(dir, KEEP_PF_TCB_CERT, k->tcb, why);
    if (r == OE_OK) r = write_secret(dir, KEEP_PF_SEAL_ROOT, why);
    if (r == OE_OK) r = write_secret(dir, KEEP_PF_REPORT_KEY, why);
    if (r == OE_OK) r = write_crl(dir, KEEP_PF_ROOT_CRL, k->root, k->root_key, sim, why);
    if (r == OE_OK) r = write_crl(dir, KEEP_PF_PCK_CRL, k->ca, k->ca_key, sim, why);
    if (r == OE_OK) r = keep_pf_write_collateral(dir, k->tcb_key, k->root_key, sim, why);
    return r;
}

oe_result_t keep_pf_generate(const char *dir, bool simulation, keep_why *why)
{
    pf_keys keys = {0};
    oe_result_t result = write_state(dir, &keys, simulation, why);
    pf_keys_free(&keys);
    return result;
}

static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[KEEP_PLATFORM_PATH_MAX + 300];
    while (d && (e = readdir(d)))
        if (e->d_name[0] != '.' && keep_pf_path(path, sizeof(path), dir, e->d_name))
            unlink(path);
    if (d)
        closedir(d);
    rmdir(dir);
}

static bool is_dir(const char *dir)
{
    struct stat st;
    return lstat(dir, &st) == 0 && S_ISDIR(st.st_mode);
}

oe_result_t keep_platform_init(const char *dir, bool *created, keep_why *why)
{
    if (created)
        *created = false;
    if (!dir || !dir[0] || strlen(dir) >= KEEP_PLATFORM_PATH_MAX - 16)
        return OE_INVALID_PARAMETER;
    if (is_dir(dir))
        return OE_OK;
    oe_result_t result = mkdir_parents(dir, why);
    char tmp[KEEP_PLATFORM_PATH_MAX];
    snprintf(tmp, sizeof(tmp), "%s.new-XXXXXX", dir);
    if (result == OE_OK && !mkdtemp(tmp)) {
        keep_why_set(why, "cannot create %s: %s", tmp, strerror(errno));
        return OE_FAILURE;
    }
    if (result != OE_OK)
        return result;
    result = keep_pf_generate(tmp, false, why);
    if (result == OE_OK && rename(tmp, dir) == 0) {
        if (created)
            *created = true;
        return OE_OK;
    }
    int err = errno;
    remove_tree(tmp);
    if (result == OE_OK && is_dir(dir))
        return OE_OK; /* another process created it first */
    if (result == OE_OK)
        keep_why_set(why, "cannot create %s: %s", dir, strerror(err));
    return result == OE_OK ? OE_FAILURE : result;
}

oe_result_t keep_platform_generate_simulation(const char *dir, keep_why *why)
{
    if (mkdir(dir, 0700) != 0) {
        keep_why_set(why, "cannot create %s: %s", dir, strerror(errno));
        return OE_FAILURE;
    }
    return keep_pf_generate(dir, true, why);
}
