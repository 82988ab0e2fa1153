// See exchange.h.
#include <openssl/kdf.h>

#include "exchange.h"

int exchange_key(uint8_t key[32], EVP_PKEY* mine, EVP_PKEY* peer)
{
    uint8_t shared[32];
    size_t shared_size = sizeof(shared), key_size = 32;
    EVP_PKEY_CTX* dh = EVP_PKEY_CTX_new(mine, NULL);
    int ok = dh && EVP_PKEY_derive_init(dh) == 1 && EVP_PKEY_derive_set_peer(dh, peer) == 1 &&
             EVP_PKEY_derive(dh, shared, &shared_size) == 1;
    EVP_PKEY_CTX_free(dh);
    EVP_PKEY_CTX* kdf = ok ? EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, NULL) : NULL;
    ok = kdf && EVP_PKEY_derive_init(kdf) == 1 && EVP_PKEY_CTX_set_hkdf_md(kdf, EVP_sha256()) == 1 &&
         EVP_PKEY_CTX_set1_hkdf_key(kdf, shared, (int)shared_size) == 1 &&
         EVP_PKEY_CTX_add1_hkdf_info(kdf, (const unsigned char*)EXCHANGE_INFO,
                                     sizeof(EXCHANGE_INFO) - 1) == 1 &&
         EVP_PKEY_derive(kdf, key, &key_size) == 1;
    EVP_PKEY_CTX_free(kdf);
    OPENSSL_cleanse(shared, sizeof(shared));
    return ok ? 0 : -1;
}
