/* SIGSTRUCT parsing, verification, MRSIGNER and signing against the public
 * vectors in shared/sgx-sigstruct-vectors (argv[1]): each parses and
 * verifies, its MRSIGNER, ENCLAVEHASH and signed digest are the published
 * ones, and re-signing with the test keys reproduces the stored bytes
 * exactly. Exits 77 (skipped) when the vectors are absent. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/pem.h>

#include "../../src/common/sigstruct.h"
#include "id_test.h"

typedef struct vector {
    const char *file, *key, *enclave_hash, *mrsigner, *digest;
} vector;

static const vector vectors[] = {
    {"fortanix-test_enclave.sig", NULL,
     "784acfd7d5096a8f0fbd3265760bff21b120f62407a9a9e5ba31aa3c8ed198fc",
     "fb4bab3d6036ac1d730fa83d7366df1dd2dfeac194ef335d6854d8a6c6475542",
     "4a106038882a9de40d1d1bcbaadc7973ce0fe41185f340a989ce3bf1afb65b6f"},
    {"fortanix-sig1.sigstruct.bin", "fortanix-sig1.TESTKEY.pem",
     "c50673624a6cb17c1c6c2a4e6906f47a170c4629b8723781d1017ef376f1a75d",
     "83d719e77deaca1470f6baf62a4d774303c899db69020f9c70ee1dfc08c7ce9e",
     "ea7ced3b8c78324bce65ad851152a125fd1989df324dc72b244ed5f44573ac95"},
    {"enarx-encl.ss", "enarx-encl.TESTKEY.pem",
     "b999536238fcf4e9d360ef6cd3e0c20ef8a684c7b93f74a9c4a4c6d517d61fc0",
     "2f9f8fd4fe12d77232f1d87571ca8252ca27714efe7705e46222cffd5a22e8c4",
     "58ef2b4fe0ba7861c3a466fcd016498245640165f7e225381425500e3dfd46f3"},
};

static EVP_PKEY *load_key(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    ID_CHECK(f != NULL);
    EVP_PKEY *key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
    fclose(f);
    ID_CHECK(key != NULL);
    return key;
}

/* Every region of the structure is bound: a flipped byte is caught. */
static void check_flips(const uint8_t *bytes)
{
    static const size_t offsets[] = {0, 20, 60, 200, 513, 600, 900, 960, 1024, 1030, 1100, 1500};
    for (size_t i = 0; i < sizeof(offsets) / sizeof(offsets[0]); i++) {
        uint8_t copy[KEEP_SIGSTRUCT_SIZE];
        memcpy(copy, bytes, sizeof(copy));
        copy[offsets[i]] ^= 0x01;
        keep_sigstruct s;
        keep_why why = {{0}};
        oe_result_t r = keep_sigstruct_parse(&s, copy, sizeof(copy), &why);
        if (r == OE_OK)
            r = keep_sigstruct_verify(&s, &why);
        ID_CHECK(r == OE_INVALID_IMAGE && why.text[0]);
    }
}

static void check_vector(const char *dir, const vector *v)
{
    size_t size;
    uint8_t *bytes = id_read_file(dir, v->file, &size);
    keep_sigstruct s, resigned;
    keep_why why = {{0}};
    uint8_t hash[32];
    ID_CHECK_OK(keep_sigstruct_parse(&s, bytes, size, &why));
    ID_CHECK_OK(keep_sigstruct_verify(&s, &why));
    ID_CHECK(id_hex_equal(s.enclave_hash, v->enclave_hash));
    ID_CHECK_OK(keep_sigstruct_mrsigner(hash, &s));
    ID_CHECK(id_hex_equal(hash, v->mrsigner));
    ID_CHECK_OK(keep_sigstruct_digest(hash, &s));
    ID_CHECK(id_hex_equal(hash, v->digest));
    ID_CHECK(keep_sigstruct_parse(&s, bytes, size - 1, &why) == OE_INVALID_IMAGE);
    check_flips(bytes);
    if (v->key) {
        EVP_PKEY *key = load_key(dir, v->key);
        ID_CHECK_OK(keep_sigstruct_parse(&resigned, bytes, size, &why));
        memset(resigned.modulus, 0, sizeof(resigned.modulus));
        memset(resigned.signature, 0, sizeof(resigned.signature));
        memset(resigned.q1, 0xaa, sizeof(resigned.q1));
        memset(resigned.q2, 0x55, sizeof(resigned.q2));
        ID_CHECK_OK(keep_sigstruct_sign(&resigned, key, &why));
        ID_CHECK(memcmp(&resigned, bytes, KEEP_SIGSTRUCT_SIZE) == 0);
        EVP_PKEY_free(key);
    }
    printf("ok %s\n", v->file);
    free(bytes);
}

int main(int argc, char **argv)
{
    struct stat st;
    if (argc != 2 || stat(argv[1], &st) != 0) {
        printf("SKIP: the SIGSTRUCT vectors (%s) are not there\n", argc > 1 ? argv[1] : "?");
        return 77;
    }
    for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++)
        check_vector(argv[1], &vectors[i]);
    return 0;
}
