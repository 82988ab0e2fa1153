/* Loading a platform from its state directory. The directory must belong
 * to this user and be private to it: a platform whose secrets others can
 * read or replace is refused rather than used. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/pem.h>

#include "internal.h"

static oe_result_t check_dir(const char *dir, keep_why *why)
{
    struct stat st;
    if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        keep_why_set(why, "platform directory %s does not exist (run `keep platform init`)", dir);
        return OE_NOT_FOUND;
    }
    if (st.st_uid != geteuid() || (st.st_mode & 077)) {
        keep_why_set(why, "platform directory %s must be owned by this user with mode 0700",
                     dir);
        return OE_INVALID_PARAMETER;
    }
    return OE_OK;
}

static oe_result_t read_secret(uint8_t out[KEEP_PLATFORM_SECRET_SIZE], const char *dir,
                               const char *name, keep_why *why)
{
    uint8_t *data;
    size_t size;
    oe_result_t result = keep_pf_read(&data, &size, dir, name, why);
    if (result != OE_OK)
        return result;
    if (size == KEEP_PLATFORM_SECRET_SIZE)
        memcpy(out, data, size);
    else
        keep_why_set(why, "platform file %s/%s: not %d bytes", dir, name,
                     KEEP_PLATFORM_SECRET_SIZE);
    OPENSSL_cleanse(data, size);
    free(data);
    return size == KEEP_PLATFORM_SECRET_SIZE ? OE_OK : OE_INVALID_PARAMETER;
}

static oe_result_t read_key(EVP_PKEY **key, const char *dir, const char *name, keep_why *why)
{
    uint8_t *data;
    size_t size;
    oe_result_t result = keep_pf_read(&data, &size, dir, name, why);
    if (result != OE_OK)
        return result;
    BIO *bio = BIO_new_mem_buf(data, (int)size);
    *key = bio ? PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL) : NULL;
    BIO_free(bio);
    OPENSSL_cleanse(data, size);
    free(data);
    if (!*key)
        keep_why_set(why, "platform file %s/%s: not a PEM private key", dir, name);
    return *key ? OE_OK : OE_INVALID_PARAMETER;
}

/* The type-5 certification data: leaf ‖ platform CA ‖ root, NUL-terminated. */
static oe_result_t read_chain(keep_platform *p, const char *dir, keep_why *why)
{
    static const char *const names[] = {KEEP_PF_ATTEST_CERT, KEEP_PF_CA_CERT, KEEP_PF_ROOT_CERT};
    oe_result_t result = OE_OK;
    for (size_t i = 0; i < 3 && result == OE_OK; i++) {
        uint8_t *data;
        size_t size;
        result = keep_pf_read(&data, &size, dir, names[i], why);
        if (result != OE_OK)
            break;
        char *grown = realloc(p->chain_pem, p->chain_pem_size + size + 1);
        if (!grown)
            result = OE_OUT_OF_MEMORY;
        else {
            memcpy(grown + p->chain_pem_size, data, size);
            p->chain_pem = grown;
            p->chain_pem_size += size;
            grown[p->chain_pem_size] = '\0';
        }
        free(data);
    }
    p->chain_pem_size += result == OE_OK ? 1 : 0; /* the NUL is counted, as Intel's */
    return result;
}

/* The QE identity's MRSIGNER: SHA-256 of the root's public key. */
oe_result_t keep_pf_qe_signer_from_pem(keep_platform *p, const char *root_pem, size_t size)
{
    BIO *bio = BIO_new_mem_buf(root_pem, (int)size);
    X509 *root = bio ? PEM_read_bio_X509(bio, NULL, NULL, NULL) : NULL;
    BIO_free(bio);
    if (!root)
        return OE_INVALID_PARAMETER;
    keep_pf_qe_identity(p->qe_mr_signer, X509_get0_pubkey(root));
    X509_free(root);
    return OE_OK;
}

static oe_result_t read_qe_signer(keep_platform *p, const char *dir, keep_why *why)
{
    uint8_t *data;
    size_t size;
    oe_result_t result = keep_pf_read(&data, &size, dir, KEEP_PF_ROOT_CERT, why);
    if (result != OE_OK)
        return result;
    result = keep_pf_qe_signer_from_pem(p, (const char *)data, size);
    free(data);
    return result;
}

static void set_constants(keep_platform *p, bool simulation)
{
    static const uint8_t fmspc[] = KEEP_PLATFORM_FMSPC, sim_fmspc[] = KEEP_PLATFORM_SIM_FMSPC;
    p->simulation = simulation;
    memcpy(p->fmspc, simulation ? sim_fmspc : fmspc, sizeof(p->fmspc));
    memcpy(p->qe_vendor_id,
           simulation ? KEEP_PLATFORM_SIM_QE_VENDOR_ID : KEEP_PLATFORM_QE_VENDOR_ID, 16);
    memset(p->cpu_svn, KEEP_PLATFORM_TCB_SVN, sizeof(p->cpu_svn));
}

oe_result_t keep_platform_open(keep_platform **platform, const char *dir, keep_why *why)
{
    *platform = NULL;
    oe_result_t result = check_dir(dir, why);
    if (result != OE_OK)
        return result;
    keep_platform *p = calloc(1, sizeof(*p));
    if (!p)
        return OE_OUT_OF_MEMORY;
    set_constants(p, false);
    result = read_secret(p->seal_root, dir, KEEP_PF_SEAL_ROOT, why);
    if (result == OE_OK)
        result = read_secret(p->report_key, dir, KEEP_PF_REPORT_KEY, why);
    if (result == OE_OK)
        result = read_key(&p->attest_key, dir, KEEP_PF_ATTEST_KEY, why);
    if (result == OE_OK)
        result = read_chain(p, dir, why);
    if (result == OE_OK)
        result = read_qe_signer(p, dir, why);
    if (result != OE_OK) {
        keep_platform_close(p);
        return result;
    }
    *platform = p;
    return OE_OK;
}

oe_result_t keep_pf_new_sim(keep_platform **platform)
{
    keep_platform *p = calloc(1, sizeof(*p));
    if (!p)
        return OE_OUT_OF_MEMORY;
    set_constants(p, true);
    *platform = p;
    return OE_OK;
}

void keep_platform_close(keep_platform *platform)
{
    if (!platform)
        return;
    EVP_PKEY_free(platform->attest_key);
    free(platform->chain_pem);
    OPENSSL_cleanse(platform, sizeof(*platform));
    free(platform);
}

bool keep_platform_is_simulation(const keep_platform *platform)
{
    return platform && platform->simulation;
}
