// host_verify: checks attestation evidence without creating any enclave,
// with <openenclave/host_verify.h> and liboehostverify only. The Keep
// platform's collateral comes from this machine's platform directory or
// the exported roots named in KEEP_TRUSTED_ROOTS (docs/platform.md).
#include <openenclave/host_verify.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_EVIDENCE (1024 * 1024)

static uint8_t* read_file(const char* path, size_t* size)
{
    FILE* f = fopen(path, "rb");
    uint8_t* data = malloc(MAX_EVIDENCE);
    *size = 0;
    if (f && data)
        *size = fread(data, 1, MAX_EVIDENCE, f);
    if (f)
        fclose(f);
    if (!*size) {
        free(data);
        return NULL;
    }
    return data;
}

static const oe_claim_t* find(const oe_claim_t* claims, size_t count, const char* name)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp(claims[i].name, name) == 0)
            return &claims[i];
    return NULL;
}

static void print_claims(const oe_claim_t* claims, size_t count)
{
    const oe_claim_t* product = find(claims, count, OE_CLAIM_PRODUCT_ID);
    const oe_claim_t* svn = find(claims, count, OE_CLAIM_SECURITY_VERSION);
    const oe_claim_t* backend = find(claims, count, "keep_backend");
    if (product && product->value_size >= 2)
        printf("  product id: %u\n", product->value[0] | product->value[1] << 8);
    if (svn && svn->value_size >= 4)
        printf("  security version: %u\n", svn->value[0] | svn->value[1] << 8);
    if (backend)
        printf("  backend: %.*s\n", (int)backend->value_size, (const char*)backend->value);
    printf("  %zu claims in all\n", count);
}

static oe_result_t verify(const uint8_t* evidence, size_t size, int print)
{
    oe_claim_t* claims = NULL;
    size_t count = 0;
    oe_result_t result =
        oe_verify_evidence(NULL, evidence, size, NULL, 0, NULL, 0, &claims, &count);
    if (result == OE_OK && print)
        print_claims(claims, count);
    oe_free_claims(claims, count);
    return result;
}

int main(int argc, const char* argv[])
{
    if (argc != 3 || strcmp(argv[1], "-e") != 0) {
        fprintf(stderr, "Usage: %s -e evidence_file\n", argv[0]);
        return 1;
    }
    size_t size = 0;
    uint8_t* evidence = read_file(argv[2], &size);
    if (!evidence) {
        fprintf(stderr, "cannot read %s\n", argv[2]);
        return 1;
    }
    oe_result_t result = oe_verifier_initialize();
    if (result == OE_OK)
        result = verify(evidence, size, 1);
    printf("evidence %s: %s\n", argv[2], oe_result_str(result));
    // The same evidence with one byte of the quoted report body changed
    // (past the embedded format id and the quote header) must fail.
    evidence[size > 200 ? 200 : size - 1] ^= 1;
    oe_result_t tampered = verify(evidence, size, 0);
    printf("tampered evidence: %s\n", oe_result_str(tampered));
    oe_verifier_shutdown();
    free(evidence);
    int ok = result == OE_OK && tampered != OE_OK;
    printf(ok ? "host_verify: all results as expected\n" : "host_verify: FAILED\n");
    return !ok;
}
