/* Sealing on a backend (argv[1]: sandbox or sim; argv[2]: a work dir):
 * round trips, tampering, additional data, policies across versions and
 * signers, debug versus production, other platforms, and seal keys.
 * Enclaves: A1 (signer K1, product 7, svn 1), A2 (K1, svn 2), B1 (K2, product 8, svn 1). */
#include <string.h>

#include "pt_host.h"
#include "pt_u.h"

#define BLOB_OVERHEAD 560
#define MIB (1u << 20)

static char dir_a[512], dir_b[512];
static bool sandbox;

typedef struct blob {
    uint8_t *bytes;
    size_t size;
} blob;

static blob seal_with(oe_enclave_t *e, int policy, const uint8_t *data, size_t size,
                      const char *aad)
{
    blob b = {malloc(size + BLOB_OVERHEAD), 0};
    int ret = -1;
    oe_result_t r = pt_seal(e, &ret, policy, data, size, (const uint8_t *)aad,
                            aad ? strlen(aad) : 0, b.bytes, size + BLOB_OVERHEAD, &b.size);
    PT_EXPECT(r, OE_OK, "pt_seal ecall");
    PT_EXPECT(ret, OE_OK, "oe_seal");
    PT_CHECK(b.size == size + BLOB_OVERHEAD, "blob of %zu bytes for %zu", b.size, size);
    return b;
}

/* oe_unseal's result; on success checks the plaintext is `want`. */
static int unseal_with(oe_enclave_t *e, const blob *b, const char *aad, const uint8_t *want,
                       size_t want_size)
{
    size_t cap = b->size + 1, got = 0;
    uint8_t *out = malloc(cap);
    int ret = -1;
    oe_result_t r = pt_unseal(e, &ret, b->bytes, b->size, (const uint8_t *)aad,
                              aad ? strlen(aad) : 0, out, cap, &got);
    PT_EXPECT(r, OE_OK, "pt_unseal ecall");
    if (ret == OE_OK && want)
        PT_CHECK(got == want_size && memcmp(out, want, want_size) == 0, "plaintext differs");
    free(out);
    return ret;
}

static void round_trips(oe_enclave_t *a1)
{
    static const size_t sizes[] = {0, 1, 4096, MIB};
    uint8_t *data = malloc(MIB);
    for (size_t i = 0; i < MIB; i++)
        data[i] = (uint8_t)(i * 31 + 7);
    for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
        for (int policy = 0; policy <= OE_SEAL_POLICY_PRODUCT; policy++) {
            blob b = seal_with(a1, policy, data, sizes[s], "aad");
            PT_EXPECT(unseal_with(a1, &b, "aad", data, sizes[s]), OE_OK, "round trip");
            blob c = seal_with(a1, policy, data, sizes[s], NULL);
            PT_EXPECT(unseal_with(a1, &c, NULL, data, sizes[s]), OE_OK, "round trip, no aad");
            PT_CHECK(sizes[s] < 16 || memcmp(b.bytes + BLOB_OVERHEAD, data, 16) != 0,
                     "ciphertext equals plaintext");
            free(b.bytes);
            free(c.bytes);
        }
    free(data);
}

static bool clear_refusal(int r)
{
    return r == OE_CRYPTO_ERROR || r == OE_INVALID_PARAMETER || r == OE_INVALID_ISVSVN ||
           r == OE_INVALID_CPUSVN || r == OE_INVALID_KEYNAME;
}

static void tampering(oe_enclave_t *a1)
{
    const uint8_t msg[] = "tamper with me";
    blob b = seal_with(a1, OE_SEAL_POLICY_PRODUCT, msg, sizeof(msg), "context");
    int refused = 0;
    for (size_t i = 0; i < b.size; i++)
        for (int bit = 0; bit < 8; bit += 7) {
            b.bytes[i] ^= (uint8_t)(1u << bit);
            int r = unseal_with(a1, &b, "context", NULL, 0);
            b.bytes[i] ^= (uint8_t)(1u << bit);
            PT_CHECK(clear_refusal(r), "byte %zu bit %d: %s", i, bit, oe_result_str(r));
            refused += r != OE_OK;
        }
    PT_CHECK(refused == (int)b.size * 2, "%d of %zu flips refused", refused, b.size * 2);
    PT_EXPECT(unseal_with(a1, &b, "context", msg, sizeof(msg)), OE_OK, "untouched blob");
    PT_EXPECT(unseal_with(a1, &b, "contexT", NULL, 0), OE_CRYPTO_ERROR, "wrong aad");
    PT_EXPECT(unseal_with(a1, &b, NULL, NULL, 0), OE_CRYPTO_ERROR, "missing aad");
    PT_EXPECT(unseal_with(a1, &b, "context!", NULL, 0), OE_CRYPTO_ERROR, "longer aad");
    blob shorter = {b.bytes, b.size - 1}, header_only = {b.bytes, BLOB_OVERHEAD - 1};
    PT_EXPECT(unseal_with(a1, &shorter, "context", NULL, 0), OE_INVALID_PARAMETER, "truncated");
    PT_EXPECT(unseal_with(a1, &header_only, "context", NULL, 0), OE_INVALID_PARAMETER, "short");
    blob longer = {realloc(b.bytes, b.size + 1), b.size + 1};
    longer.bytes[b.size] = 0;
    PT_EXPECT(unseal_with(a1, &longer, "context", NULL, 0), OE_INVALID_PARAMETER, "trailing");
    free(longer.bytes);
}

/* A newer version of the same signer unseals PRODUCT but not UNIQUE; an
 * older version cannot unseal the newer's blobs; another signer neither. */
static void policies(oe_enclave_t *a1, oe_enclave_t *a2, oe_enclave_t *b1)
{
    const uint8_t msg[] = "versions";
    blob unique = seal_with(a1, OE_SEAL_POLICY_UNIQUE, msg, sizeof(msg), NULL);
    blob product = seal_with(a1, OE_SEAL_POLICY_PRODUCT, msg, sizeof(msg), NULL);
    blob deflt = seal_with(a1, 0, msg, sizeof(msg), NULL);
    PT_EXPECT(unseal_with(a2, &product, NULL, msg, sizeof(msg)), OE_OK, "v2 unseals PRODUCT");
    PT_EXPECT(unseal_with(a2, &deflt, NULL, msg, sizeof(msg)), OE_OK, "default is PRODUCT");
    PT_EXPECT(unseal_with(a2, &unique, NULL, NULL, 0), OE_CRYPTO_ERROR, "v2 unseals UNIQUE");
    PT_EXPECT(unseal_with(b1, &product, NULL, NULL, 0), OE_CRYPTO_ERROR, "other signer PRODUCT");
    PT_EXPECT(unseal_with(b1, &unique, NULL, NULL, 0), OE_CRYPTO_ERROR, "other signer UNIQUE");
    blob newer = seal_with(a2, OE_SEAL_POLICY_PRODUCT, msg, sizeof(msg), NULL);
    PT_EXPECT(unseal_with(a1, &newer, NULL, NULL, 0), OE_INVALID_ISVSVN, "v1 unseals v2's");
    free(unique.bytes);
    free(product.bytes);
    free(deflt.bytes);
    free(newer.bytes);
}

/* MRENCLAVE does not depend on the signer (as on SGX): A1's image signed
 * by signer 2 is the same enclave to UNIQUE, another product to PRODUCT. */
static void same_code_other_signer(oe_enclave_t *a1)
{
    const uint8_t msg[] = "same code";
    oe_enclave_t *k2 = pt_create(PT_ENCLAVE_A1_SIGNER2, NULL, false);
    blob unique = seal_with(a1, OE_SEAL_POLICY_UNIQUE, msg, sizeof(msg), NULL);
    blob product = seal_with(a1, OE_SEAL_POLICY_PRODUCT, msg, sizeof(msg), NULL);
    PT_EXPECT(unseal_with(k2, &unique, NULL, msg, sizeof(msg)), OE_OK, "same MRENCLAVE, UNIQUE");
    PT_EXPECT(unseal_with(k2, &product, NULL, NULL, 0), OE_CRYPTO_ERROR, "other MRSIGNER, PRODUCT");
    free(unique.bytes);
    free(product.bytes);
    oe_terminate_enclave(k2);
}

static void settings(oe_enclave_t *a1)
{
    static const uint8_t iv[12] = {1}, short_iv[11] = {1}, cpusvn_high[16] = {0xff};
    struct { int type; uint64_t value; const uint8_t *buf; uint32_t size; int want; } cases[] = {
        {0, OE_SEAL_POLICY_UNIQUE, NULL, 0, OE_OK},
        {0, 3, NULL, 0, OE_INVALID_PARAMETER},
        {1, 0, iv, 12, OE_UNSUPPORTED},           /* additional context */
        {2, 0, iv, 12, OE_OK},                    /* a caller's IV */
        {2, 0, short_iv, 11, OE_INVALID_PARAMETER},
        {0x8000, 3, NULL, 0, OE_INVALID_KEYNAME}, /* the report key */
        {0x8001, 1, NULL, 0, OE_OK},              /* own ISVSVN */
        {0x8001, 2, NULL, 0, OE_INVALID_ISVSVN},  /* a newer one */
        {0x8002, 1, NULL, 0, OE_UNSUPPORTED},     /* CET attributes */
        {0x8003, 0, cpusvn_high, 16, OE_INVALID_CPUSVN},
        {0x8004, 0x3, NULL, 0, OE_OK},            /* flags mask */
        {0xC000, 0, NULL, 0, OE_UNSUPPORTED},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int ret = -1;
        PT_EXPECT(pt_seal_setting(a1, &ret, cases[i].type, cases[i].value, cases[i].buf,
                                  cases[i].size), OE_OK, "ecall");
        PT_CHECK(ret == cases[i].want, "setting 0x%x: got %s, want %s", cases[i].type,
                 oe_result_str((oe_result_t)ret), oe_result_str((oe_result_t)cases[i].want));
    }
    int step = -1;
    PT_EXPECT(pt_seal_misuse(a1, &step), OE_OK, "ecall");
    PT_CHECK(step == 0, "misuse step %d was not refused as documented", step);
}

static void seal_keys(oe_enclave_t *a1, oe_enclave_t *a2, oe_enclave_t *b1)
{
    uint8_t k_unique[32], k_product[32], info_u[512], info_p[512], again[32];
    size_t size = 0;
    int ret = -1;
    PT_EXPECT(pt_seal_key(a1, &ret, OE_SEAL_POLICY_UNIQUE, k_unique, info_u, &size), OE_OK, "e");
    PT_EXPECT(ret, OE_OK, "oe_get_seal_key_by_policy UNIQUE");
    PT_EXPECT(pt_seal_key(a1, &ret, OE_SEAL_POLICY_PRODUCT, k_product, info_p, &size), OE_OK, "e");
    PT_EXPECT(ret, OE_OK, "oe_get_seal_key_by_policy PRODUCT");
    PT_CHECK(memcmp(k_unique, k_product, 32) != 0, "UNIQUE and PRODUCT keys equal");
    PT_EXPECT(pt_seal_key_again(a1, &ret, info_u, 512, again), OE_OK, "e");
    PT_CHECK(ret == OE_OK && memcmp(again, k_unique, 32) == 0, "key_info gives another key");
    PT_EXPECT(pt_seal_key_again(a2, &ret, info_p, 512, again), OE_OK, "e");
    PT_CHECK(ret == OE_OK && memcmp(again, k_product, 32) == 0, "v2 PRODUCT key differs");
    PT_EXPECT(pt_seal_key_again(b1, &ret, info_p, 512, again), OE_OK, "e");
    PT_CHECK(ret == OE_OK && memcmp(again, k_product, 32) != 0, "other signer got the key");
    PT_EXPECT(pt_seal_key_again(a1, &ret, info_u, 511, again), OE_OK, "e");
    PT_EXPECT(ret, OE_INVALID_PARAMETER, "short key_info");
}

/* The same image in debug mode is another identity to the platform. */
static void debug_mode(const char *a1_path)
{
    const uint8_t msg[] = "production";
    oe_enclave_t *prod = pt_create(a1_path, NULL, false), *dbg = pt_create(a1_path, NULL, true);
    blob b = seal_with(prod, OE_SEAL_POLICY_PRODUCT, msg, sizeof(msg), NULL);
    PT_EXPECT(unseal_with(dbg, &b, NULL, NULL, 0), OE_CRYPTO_ERROR, "debug unseals production");
    free(b.bytes);
    oe_terminate_enclave(prod);
    oe_terminate_enclave(dbg);
}

/* Another platform directory is another platform. */
static void other_platform(const char *a1_path)
{
    const uint8_t msg[] = "platform";
    oe_enclave_t *on_a = pt_create(a1_path, dir_a, false);
    blob b = seal_with(on_a, OE_SEAL_POLICY_UNIQUE, msg, sizeof(msg), NULL);
    oe_enclave_t *on_b = pt_create(a1_path, dir_b, false);
    PT_EXPECT(unseal_with(on_b, &b, NULL, NULL, 0), OE_CRYPTO_ERROR, "other platform");
    oe_terminate_enclave(on_b);
    oe_enclave_t *again = pt_create(a1_path, dir_a, false);
    PT_EXPECT(unseal_with(again, &b, NULL, msg, sizeof(msg)), OE_OK, "same platform later");
    oe_terminate_enclave(again);
    oe_terminate_enclave(on_a);
    pt_backend = "sim"; /* a sandbox blob means nothing to the simulation platform */
    oe_enclave_t *sim = pt_create(a1_path, dir_a, false);
    PT_EXPECT(unseal_with(sim, &b, NULL, NULL, 0), OE_CRYPTO_ERROR, "sim unseals sandbox blob");
    oe_terminate_enclave(sim);
    pt_backend = "sandbox";
    free(b.bytes);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s sandbox|sim WORKDIR\n", argv[0]);
        return 2;
    }
    pt_backend = argv[1];
    sandbox = strcmp(pt_backend, "sandbox") == 0;
    snprintf(dir_a, sizeof(dir_a), "%s/platform-a", argv[2]);
    snprintf(dir_b, sizeof(dir_b), "%s/platform-b", argv[2]);
    setenv("KEEP_PLATFORM_DIR", dir_a, 1);
    oe_enclave_t *a1 = pt_create(PT_ENCLAVE_A1, NULL, false);
    oe_enclave_t *a2 = pt_create(PT_ENCLAVE_A2, NULL, false);
    oe_enclave_t *b1 = pt_create(PT_ENCLAVE_B1, NULL, false);
    round_trips(a1);
    tampering(a1);
    policies(a1, a2, b1);
    same_code_other_signer(a1);
    settings(a1);
    seal_keys(a1, a2, b1);
    oe_terminate_enclave(a1);
    oe_terminate_enclave(a2);
    oe_terminate_enclave(b1);
    debug_mode(PT_ENCLAVE_A1);
    if (sandbox)
        other_platform(PT_ENCLAVE_A1);
    printf("%s: sealing on %s\n", pt_failures ? "FAILED" : "ok", pt_backend);
    return pt_failures ? 1 : 0;
}
