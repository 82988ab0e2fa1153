// The enclave side of file-encryptor: AES-256-GCM with a key derived from
// the password by PBKDF2-HMAC-SHA256 (OpenSSL 3). The header the host
// stores holds the salt, the IV and a password check value (the second
// half of the PBKDF2 output), never the key.
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openenclave/enclave.h>
#include <string.h>

#include "fileencryptor_t.h"

#define SALT_SIZE 16
#define IV_SIZE 12
#define KEY_SIZE 32
#define CHECK_SIZE 32
#define TAG_SIZE 16
#define ITERATIONS 10000

static EVP_CIPHER_CTX* cipher;
static int encrypting;

static void end_session(void)
{
    EVP_CIPHER_CTX_free(cipher); // wipes the key schedule
    cipher = NULL;
}

// header: salt | iv | check value | 4 bytes of zeros.
static int derive(const char* password, const uint8_t* salt, uint8_t key_and_check[64])
{
    EVP_KDF* kdf = EVP_KDF_fetch(NULL, "PBKDF2", NULL);
    EVP_KDF_CTX* ctx = kdf ? EVP_KDF_CTX_new(kdf) : NULL;
    unsigned int iterations = ITERATIONS;
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_octet_string("pass", (void*)password, strlen(password)),
        OSSL_PARAM_construct_octet_string("salt", (void*)salt, SALT_SIZE),
        OSSL_PARAM_construct_uint("iter", &iterations),
        OSSL_PARAM_construct_utf8_string("digest", "SHA256", 0),
        OSSL_PARAM_construct_end(),
    };
    int ok = ctx && EVP_KDF_derive(ctx, key_and_check, KEY_SIZE + CHECK_SIZE, params) == 1;
    EVP_KDF_CTX_free(ctx);
    EVP_KDF_free(kdf);
    return ok;
}

static int start_cipher(const uint8_t* key, const uint8_t* iv)
{
    cipher = EVP_CIPHER_CTX_new();
    if (!cipher)
        return 0;
    int ok = encrypting ? EVP_EncryptInit_ex(cipher, EVP_aes_256_gcm(), NULL, key, iv)
                        : EVP_DecryptInit_ex(cipher, EVP_aes_256_gcm(), NULL, key, iv);
    return ok == 1;
}

int enclave_begin(int encrypt, const char* password, uint8_t* header)
{
    uint8_t derived[KEY_SIZE + CHECK_SIZE];
    int ok = 0;
    end_session();
    encrypting = encrypt;
    if (encrypt && oe_random(header, SALT_SIZE + IV_SIZE) != OE_OK)
        goto out;
    if (!derive(password, header, derived))
        goto out;
    uint8_t* check = header + SALT_SIZE + IV_SIZE;
    if (encrypt)
        memcpy(check, derived + KEY_SIZE, CHECK_SIZE);
    else if (CRYPTO_memcmp(check, derived + KEY_SIZE, CHECK_SIZE) != 0)
        goto out; // wrong password
    ok = start_cipher(derived, header + SALT_SIZE);
out:
    OPENSSL_cleanse(derived, sizeof(derived));
    if (!ok)
        end_session();
    return ok ? 0 : -1;
}

int enclave_update(const uint8_t* input, uint8_t* output, size_t size)
{
    int length = 0;
    if (!cipher || size > 1 << 20)
        return -1;
    int ok = encrypting ? EVP_EncryptUpdate(cipher, output, &length, input, (int)size)
                        : EVP_DecryptUpdate(cipher, output, &length, input, (int)size);
    return ok == 1 && (size_t)length == size ? 0 : -1;
}

int enclave_finish(uint8_t* tag)
{
    uint8_t rest[16];
    int length = 0, ok = 0;
    if (!cipher)
        return -1;
    if (encrypting)
        ok = EVP_EncryptFinal_ex(cipher, rest, &length) == 1 &&
             EVP_CIPHER_CTX_ctrl(cipher, EVP_CTRL_GCM_GET_TAG, TAG_SIZE, tag) == 1;
    else
        ok = EVP_CIPHER_CTX_ctrl(cipher, EVP_CTRL_GCM_SET_TAG, TAG_SIZE, tag) == 1 &&
             EVP_DecryptFinal_ex(cipher, rest, &length) == 1;
    end_session();
    return ok && length == 0 ? 0 : -1;
}
