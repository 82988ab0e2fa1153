// The host side of file-encryptor: encrypts a file through the enclave,
// decrypts the result, checks it matches, and checks a wrong password is
// refused. Without an input file it makes one.
#include <openenclave/host.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileencryptor_u.h"

#define HEADER_SIZE 64
#define TAG_SIZE 16
#define CHUNK 4096

static const char* password = "correct horse battery staple";

// `ret` is read only after the call has filled it.
static int call_ok(oe_result_t result, const int* ret, const char* what)
{
    if (result != OE_OK)
        fprintf(stderr, "%s: result=%u (%s)\n", what, result, oe_result_str(result));
    return result == OE_OK && *ret == 0;
}

// Streams `size` bytes from `in` to `out` through the enclave.
static int stream(oe_enclave_t* enclave, FILE* in, FILE* out, long size)
{
    uint8_t input[CHUNK], output[CHUNK];
    while (size > 0) {
        size_t n = size < CHUNK ? (size_t)size : CHUNK;
        int ret = -1;
        if (fread(input, 1, n, in) != n)
            return 0;
        if (!call_ok(enclave_update(enclave, &ret, input, output, n), &ret, "enclave_update"))
            return 0;
        if (fwrite(output, 1, n, out) != n)
            return 0;
        size -= (long)n;
    }
    return 1;
}

static int encrypt_file(oe_enclave_t* enclave, const char* from, const char* to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    uint8_t header[HEADER_SIZE] = {0}, tag[TAG_SIZE] = {0};
    int ret = -1, ok = 0;
    if (!in || !out || fseek(in, 0, SEEK_END) != 0)
        goto out;
    long size = ftell(in);
    rewind(in);
    ok = call_ok(enclave_begin(enclave, &ret, 1, password, header), &ret, "enclave_begin") &&
         fwrite(header, 1, HEADER_SIZE, out) == HEADER_SIZE && stream(enclave, in, out, size) &&
         call_ok(enclave_finish(enclave, &ret, tag), &ret, "enclave_finish") &&
         fwrite(tag, 1, TAG_SIZE, out) == TAG_SIZE;
out:
    if (in)
        fclose(in);
    if (out)
        fclose(out);
    return ok;
}

// The plaintext is trusted only once the tag checks: on failure the output
// file is removed.
static int decrypt_file(oe_enclave_t* enclave, const char* from, const char* to, const char* pw)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    uint8_t header[HEADER_SIZE], tag[TAG_SIZE];
    int ret = -1, ok = 0;
    if (!in || !out || fseek(in, 0, SEEK_END) != 0)
        goto out;
    long size = ftell(in) - HEADER_SIZE - TAG_SIZE;
    rewind(in);
    if (size < 0 || fread(header, 1, HEADER_SIZE, in) != HEADER_SIZE)
        goto out;
    ok = call_ok(enclave_begin(enclave, &ret, 0, pw, header), &ret, "enclave_begin") &&
         stream(enclave, in, out, size) && fread(tag, 1, TAG_SIZE, in) == TAG_SIZE &&
         call_ok(enclave_finish(enclave, &ret, tag), &ret, "enclave_finish");
out:
    if (in)
        fclose(in);
    if (out)
        fclose(out);
    if (!ok)
        unlink(to);
    return ok;
}

static int same_files(const char* a, const char* b)
{
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    int same = fa && fb;
    while (same) {
        int ca = fgetc(fa), cb = fgetc(fb);
        same = ca == cb;
        if (ca == EOF)
            break;
    }
    if (fa)
        fclose(fa);
    if (fb)
        fclose(fb);
    return same;
}

// A test input of a few chunks and an odd tail, in the current directory.
static const char* make_input(void)
{
    static const char* name = "testfile";
    FILE* f = fopen(name, "wb");
    if (!f)
        return NULL;
    for (int i = 0; i < 3 * CHUNK + 123; i++)
        fputc("enclave file encryption "[i % 24], f);
    fclose(f);
    return name;
}

static int run(oe_enclave_t* enclave, const char* input)
{
    char encrypted[4096], decrypted[4096];
    snprintf(encrypted, sizeof(encrypted), "%s.encrypted", input);
    snprintf(decrypted, sizeof(decrypted), "%s.decrypted", input);
    if (!encrypt_file(enclave, input, encrypted))
        return 1;
    printf("encrypted %s to %s\n", input, encrypted);
    int refused = !decrypt_file(enclave, encrypted, decrypted, "wrong password");
    printf("decrypting with a wrong password: %s\n", refused ? "refused" : "ACCEPTED");
    if (!decrypt_file(enclave, encrypted, decrypted, password))
        return 1;
    int same = same_files(input, decrypted);
    printf("decrypted %s to %s: %s\n", encrypted, decrypted, same ? "identical" : "DIFFERENT");
    return !(same && refused);
}

int main(int argc, const char* argv[])
{
    if (argc < 2) {
        fprintf(stderr, "Usage: %s enclave_image_path [ --simulate ] [ input_file ]\n", argv[0]);
        return 1;
    }
    uint32_t flags = OE_ENCLAVE_FLAG_DEBUG;
    const char* input = NULL;
    for (int i = 2; i < argc; i++)
        if (strcmp(argv[i], "--simulate") == 0)
            flags |= OE_ENCLAVE_FLAG_SIMULATE;
        else
            input = argv[i];
    if (!input && !(input = make_input()))
        return 1;
    oe_enclave_t* enclave = NULL;
    oe_result_t result = oe_create_fileencryptor_enclave(argv[1], OE_ENCLAVE_TYPE_AUTO, flags,
                                                         NULL, 0, &enclave);
    if (result != OE_OK) {
        fprintf(stderr, "oe_create_fileencryptor_enclave(): result=%u (%s)\n", result,
                oe_result_str(result));
        return 1;
    }
    int failed = run(enclave, input);
    oe_terminate_enclave(enclave);
    printf(failed ? "file-encryptor: FAILED\n" : "file-encryptor: all results as expected\n");
    return failed;
}
