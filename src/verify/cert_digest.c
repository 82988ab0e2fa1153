/* Certificate digests, remembered per certificate object (collateral.h,
 * keep_certdigest). */
#include <string.h>

#include "x509check.h"

/* The digests asked for (NULL: not wanted). */
static int compute(X509* x, uint8_t der_sha256[32], uint8_t key_sha256[32])
{
    unsigned int a = 32, b = 32;
    if ((der_sha256 && !X509_digest(x, EVP_sha256(), der_sha256, &a)) || a != 32 ||
        (key_sha256 && !X509_pubkey_digest(x, EVP_sha256(), key_sha256, &b)) || b != 32)
        return -1;
    return 0;
}

static void give(const keep_certdigest_t* e, uint8_t der_sha256[32], uint8_t key_sha256[32])
{
    if (der_sha256)
        memcpy(der_sha256, e->der_sha256, 32);
    if (key_sha256)
        memcpy(key_sha256, e->key_sha256, 32);
}

static int lookup(keep_sigmemo_t* memo, X509* x, uint8_t der_sha256[32],
                  uint8_t key_sha256[32])
{
    int hit = 0;
    pthread_mutex_lock(&memo->lock);
    for (size_t i = 0; i < KEEP_CERTDIGEST_SLOTS && !hit; i++)
        if (memo->digests[i].cert == x) {
            give(&memo->digests[i], der_sha256, key_sha256);
            hit = 1;
        }
    pthread_mutex_unlock(&memo->lock);
    return hit;
}

static void store(keep_sigmemo_t* memo, X509* x, const keep_certdigest_t* d)
{
    if (!X509_up_ref(x))
        return;
    X509* old = NULL;
    pthread_mutex_lock(&memo->lock);
    keep_certdigest_t* e = &memo->digests[memo->digest_next];
    old = e->cert;
    *e = *d;
    e->cert = x; /* the memo's reference */
    memo->digest_next = (memo->digest_next + 1) % KEEP_CERTDIGEST_SLOTS;
    pthread_mutex_unlock(&memo->lock);
    X509_free(old);
}

int keep_cert_digests(keep_sigmemo_t* memo, X509* x, uint8_t der_sha256[32],
                      uint8_t key_sha256[32])
{
    keep_certdigest_t d;
    if (!x)
        return -1;
    if (!memo)
        return compute(x, der_sha256, key_sha256);
    if (lookup(memo, x, der_sha256, key_sha256))
        return 0;
    if (compute(x, d.der_sha256, d.key_sha256)) /* both, for later calls */
        return -1;
    give(&d, der_sha256, key_sha256);
    store(memo, x, &d);
    return 0;
}

void keep_cert_digests_clear(keep_sigmemo_t* memo)
{
    for (size_t i = 0; i < KEEP_CERTDIGEST_SLOTS; i++) {
        X509_free(memo->digests[i].cert);
        memo->digests[i].cert = NULL;
    }
    memo->digest_next = 0;
}
