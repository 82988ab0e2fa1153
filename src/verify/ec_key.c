/* EC keys from their parts through EVP_PKEY_fromdata (ec_key.h). */
#include <pthread.h>
#include <stdlib.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/obj_mac.h>
#include <openssl/params.h>

#include "ec_key.h"

/* An EC key from `params` in the default library context: the curve
 * alone (EVP_PKEY_KEY_PARAMETERS) or a key pair (EVP_PKEY_KEYPAIR). */
static EVP_PKEY *from_params(int selection, OSSL_PARAM params[])
{
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
    EVP_PKEY *key = NULL;
    if (!ctx || EVP_PKEY_fromdata_init(ctx) != 1 ||
        EVP_PKEY_fromdata(ctx, &key, selection, params) != 1)
        key = NULL;
    EVP_PKEY_CTX_free(ctx);
    return key;
}

EVP_PKEY *keep_ec_key_from_parts(const char *group, const uint8_t *point, size_t point_size,
                                 const uint8_t *d, size_t d_size)
{
    if (d_size == 0 || d_size > KEEP_EC_MAX_FIELD)
        return NULL;
    uint8_t native[KEEP_EC_MAX_FIELD]; /* OSSL_PARAM integers are in native byte order */
    for (size_t i = 0; i < d_size; i++)
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        native[i] = d[d_size - 1 - i];
#else
        native[i] = d[i];
#endif
    /* fromdata only reads them: the casts drop no promise. */
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)group, 0),
        OSSL_PARAM_construct_BN(OSSL_PKEY_PARAM_PRIV_KEY, native, d_size),
        OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, (void *)point, point_size),
        OSSL_PARAM_construct_end()};
    EVP_PKEY *key = from_params(EVP_PKEY_KEYPAIR, params);
    OPENSSL_cleanse(native, sizeof(native));
    return key;
}

/* The curves keep_ec_public_key takes, each with a key holding only its
 * group: copying one (EVP_PKEY_dup copies the group's precomputation)
 * and setting the point costs ~3-4 us, EVP_PKEY_fromdata from the group's
 * name ~15 us. Copies only read the cached key, which OpenSSL allows
 * from many threads at once. */
static struct {
    int nid;
    const char *name;
    size_t point_size;
    EVP_PKEY *group; /* made once, then only read */
} curves[] = {
    {NID_X9_62_prime256v1, "prime256v1", 65, NULL},
    {NID_secp384r1, "secp384r1", 97, NULL},
};
static pthread_once_t curves_once = PTHREAD_ONCE_INIT;

/* At exit, or when an enclave image holding this code is unloaded (sim:
 * dlclose runs the image's atexit handlers). Registered after OpenSSL's
 * own cleanup, so it runs before it. */
static void free_curves(void)
{
    for (size_t i = 0; i < sizeof(curves) / sizeof(curves[0]); i++) {
        EVP_PKEY_free(curves[i].group);
        curves[i].group = NULL;
    }
}

static void make_curves(void)
{
    for (size_t i = 0; i < sizeof(curves) / sizeof(curves[0]); i++) {
        OSSL_PARAM params[] = {
            OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)curves[i].name, 0),
            OSSL_PARAM_construct_end()};
        curves[i].group = from_params(EVP_PKEY_KEY_PARAMETERS, params);
    }
    if (atexit(free_curves) != 0)
        free_curves(); /* no cache: keep_ec_public_key declines, its callers fall back */
}

EVP_PKEY *keep_ec_public_key(int curve_nid, const uint8_t *point, size_t point_size)
{
    pthread_once(&curves_once, make_curves);
    for (size_t i = 0; i < sizeof(curves) / sizeof(curves[0]); i++) {
        if (curves[i].nid != curve_nid || !curves[i].group)
            continue;
        if (point_size != curves[i].point_size || point[0] != 0x04)
            return NULL;
        /* Setting the point decodes it, which refuses one off the curve. */
        EVP_PKEY *key = EVP_PKEY_dup(curves[i].group);
        if (key && EVP_PKEY_set1_encoded_public_key(key, point, point_size) != 1) {
            EVP_PKEY_free(key);
            key = NULL;
        }
        return key;
    }
    return NULL;
}
