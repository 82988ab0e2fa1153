/* The OE evidence API on a backend (argv[1]): SGX_ECDSA evidence with
 * custom claims verified on the host; local attestation between two
 * enclaves; custom claims (de)serialisation; signer ids from public keys;
 * enclave asymmetric keys. argv[3]: signer 2's public key (PEM). */
#include <string.h>

#include <openenclave/attestation/custom_claims.h>
#include <openenclave/attestation/sgx/evidence.h>
#include <openenclave/attestation/sgx/report.h>
#include <openenclave/attestation/verifier.h>

#include "../../src/common/platform_wire.h"
#include "pt_host.h"
#include "pt_u.h"

#define EMBED 0x00000001 /* OE_EVIDENCE_FLAGS_EMBED_FORMAT_ID (attester.h is enclave-only) */

static const oe_uuid_t ecdsa = {OE_FORMAT_UUID_SGX_ECDSA};
static const oe_uuid_t local = {OE_FORMAT_UUID_SGX_LOCAL_ATTESTATION};
static const oe_uuid_t legacy = {OE_FORMAT_UUID_LEGACY_REPORT_REMOTE};
static const oe_uuid_t epid = {OE_FORMAT_UUID_SGX_EPID_LINKABLE};

typedef struct buf {
    uint8_t bytes[16384];
    size_t size;
} buf;

static int evidence(oe_enclave_t *e, const oe_uuid_t *f, uint32_t flags, const buf *claims,
                    const uint8_t *opt, size_t opt_size, buf *out)
{
    int ret = -1;
    PT_EXPECT(pt_get_evidence(e, &ret, f->b, flags, claims ? claims->bytes : NULL,
                              claims ? claims->size : 0, opt, opt_size, out->bytes,
                              sizeof(out->bytes), &out->size),
              OE_OK, "ecall");
    return ret;
}

static const oe_claim_t *find(const oe_claim_t *c, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(c[i].name, name))
            return &c[i];
    return NULL;
}

static void make_claims(buf *out)
{
    oe_claim_t in[2] = {{"public_key", (uint8_t *)"-----BEGIN PUBLIC KEY-----", 27},
                        {"empty", (uint8_t *)"", 0}};
    uint8_t *s = NULL;
    PT_EXPECT(oe_serialize_custom_claims(in, 2, &s, &out->size), OE_OK, "serialize");
    memcpy(out->bytes, s, out->size);
    oe_free_serialized_custom_claims(s);
}

static void remote_evidence(oe_enclave_t *b1, const uint8_t signer2[32])
{
    buf claims, ev;
    make_claims(&claims);
    PT_EXPECT(evidence(b1, &ecdsa, EMBED, &claims, NULL, 0, &ev),
              OE_OK, "oe_get_evidence(SGX_ECDSA)");
    oe_claim_t *c = NULL;
    size_t n = 0;
    PT_EXPECT(oe_verify_evidence(NULL, ev.bytes, ev.size, NULL, 0, NULL, 0, &c, &n), OE_OK,
              "oe_verify_evidence (embedded format)");
    const oe_claim_t *custom = find(c, n, OE_CLAIM_CUSTOM_CLAIMS_BUFFER);
    const oe_claim_t *signer = find(c, n, OE_CLAIM_SIGNER_ID);
    PT_CHECK(custom && custom->value_size == claims.size &&
                 !memcmp(custom->value, claims.bytes, claims.size), "custom claims buffer");
    PT_CHECK(signer && !memcmp(signer->value, signer2, 32), "signer id vs the public key");
    oe_claim_t *back = NULL;
    size_t back_n = 0;
    if (custom)
        PT_EXPECT(oe_deserialize_custom_claims(custom->value, custom->value_size, &back, &back_n),
                  OE_OK, "deserialize");
    PT_CHECK(back_n == 2 && !strcmp(back[0].name, "public_key") && back[0].value_size == 27 &&
                 !strcmp(back[1].name, "empty") && back[1].value_size == 0, "claims round trip");
    oe_free_custom_claims(back, back_n);
    oe_free_claims(c, n);
    ev.bytes[ev.size - 1] ^= 1; /* a custom claim changed after the fact */
    PT_EXPECT(oe_verify_evidence(NULL, ev.bytes, ev.size, NULL, 0, NULL, 0, NULL, NULL),
              OE_QUOTE_HASH_MISMATCH, "changed custom claims");
    PT_EXPECT(evidence(b1, &ecdsa, 0, NULL, NULL, 0, &ev), OE_OK, "no claims, no header");
    PT_EXPECT(oe_verify_evidence(&ecdsa, ev.bytes, ev.size, NULL, 0, NULL, 0, NULL, NULL), OE_OK,
              "oe_verify_evidence (format given)");
    PT_EXPECT(evidence(b1, &legacy, 0, NULL, NULL, 0, &ev), OE_OK, "legacy remote report");
    PT_EXPECT(oe_verify_evidence(&legacy, ev.bytes, ev.size, NULL, 0, NULL, 0, NULL, NULL), OE_OK,
              "oe_verify_evidence (legacy remote report)");
    ev.bytes[0] ^= 1;
    PT_EXPECT(oe_verify_evidence(&legacy, ev.bytes, ev.size, NULL, 0, NULL, 0, NULL, NULL),
              OE_REPORT_PARSE_ERROR, "legacy report with a bad header");
    PT_EXPECT(evidence(b1, &epid, 0, NULL, NULL, 0, &ev), OE_NOT_FOUND, "EPID");
}

static int verify_local(oe_enclave_t *e, int embedded, const buf *ev, uint8_t signer[32],
                        buf *custom)
{
    int ret = -1;
    PT_EXPECT(pt_verify_evidence(e, &ret, embedded, ev->bytes, ev->size, signer, custom->bytes,
                                 sizeof(custom->bytes), &custom->size),
              OE_OK, "ecall");
    return ret;
}

/* b1 attests to a1 (a1's format settings are its target info). */
static void local_evidence(oe_enclave_t *a1, oe_enclave_t *a2, oe_enclave_t *b1,
                           const uint8_t signer2[32])
{
    uint8_t settings[512], signer[32] = {0};
    size_t size = 0;
    int ret = -1;
    PT_EXPECT(pt_local_settings(a1, &ret, settings, &size), OE_OK, "ecall");
    PT_EXPECT(ret, OE_OK, "oe_verifier_get_format_settings(LOCAL)");
    buf claims, ev, custom;
    make_claims(&claims);
    PT_EXPECT(evidence(b1, &local, EMBED, &claims, settings, 512,
                       &ev), OE_OK, "oe_get_evidence(LOCAL)");
    PT_EXPECT(verify_local(a1, 1, &ev, signer, &custom), OE_OK, "a1 verifies b1's evidence");
    PT_CHECK(!memcmp(signer, signer2, 32), "local signer id");
    PT_CHECK(custom.size == claims.size && !memcmp(custom.bytes, claims.bytes, claims.size),
             "local custom claims");
    PT_EXPECT(verify_local(a2, 1, &ev, signer, &custom), OE_VERIFY_FAILED_AES_CMAC_MISMATCH,
              "another enclave verifies");
    ev.bytes[ev.size - 1] ^= 1;
    PT_EXPECT(verify_local(a1, 1, &ev, signer, &custom), OE_QUOTE_HASH_MISMATCH,
              "changed custom claims");
    PT_EXPECT(evidence(b1, &local, 0, NULL, settings, 512, &ev), OE_OK, "plain");
    PT_EXPECT(verify_local(a1, 0, &ev, signer, &custom), OE_OK, "format given");
}

/* a1 verifies b1's remote evidence inside the enclave (the platform's
 * VERIFY_EVIDENCE); simulation evidence only on sim. */
static void remote_in_enclave(oe_enclave_t *a1, oe_enclave_t *b1, const uint8_t signer2[32])
{
    static buf claims, ev, custom;
    uint8_t signer[32] = {0};
    make_claims(&claims);
    PT_EXPECT(evidence(b1, &ecdsa, EMBED, &claims, NULL, 0, &ev), OE_OK, "SGX_ECDSA evidence");
    PT_EXPECT(verify_local(a1, 1, &ev, signer, &custom), OE_OK,
              "an enclave verifies remote evidence");
    PT_CHECK(!memcmp(signer, signer2, 32), "remote signer id in the enclave");
    PT_CHECK(custom.size == claims.size && !memcmp(custom.bytes, claims.bytes, claims.size),
             "remote custom claims in the enclave");
    ev.bytes[ev.size / 2] ^= 1;
    PT_CHECK(verify_local(a1, 1, &ev, signer, &custom) != OE_OK, "a flipped byte verifies");
    ev.bytes[ev.size / 2] ^= 1;
    size_t full = ev.size;
    ev.size = 100;
    PT_CHECK(verify_local(a1, 1, &ev, signer, &custom) != OE_OK, "truncated evidence verifies");
    ev.size = full;
    /* One byte over the platform's limit is refused in the enclave. */
    size_t over = KEEP_PLATFORM_MAX_VERIFY_INPUT + 1;
    uint8_t *big = calloc(1, over);
    int ret = -1;
    PT_EXPECT(pt_verify_evidence(a1, &ret, 2, big, over, signer, custom.bytes,
                                 sizeof(custom.bytes), &custom.size),
              OE_OK, "ecall");
    PT_EXPECT(ret, OE_INVALID_PARAMETER, "oversized evidence");
    free(big);
    PT_EXPECT(evidence(b1, &ecdsa, 0, &claims, NULL, 0, &ev), OE_OK, "plain SGX_ECDSA evidence");
    PT_EXPECT(verify_local(a1, 2, &ev, signer, &custom), OE_OK, "format given, in the enclave");
    const char *backend = pt_backend;
    pt_backend = "sim";
    oe_enclave_t *sim = pt_create(PT_ENCLAVE_B1, NULL, false);
    pt_backend = backend;
    PT_EXPECT(evidence(sim, &ecdsa, EMBED, &claims, NULL, 0, &ev), OE_OK, "simulation evidence");
    oe_terminate_enclave(sim);
    PT_EXPECT(verify_local(a1, 1, &ev, signer, &custom),
              strcmp(backend, "sim") ? OE_VERIFY_FAILED : OE_OK,
              "simulation evidence in an enclave (accepted on sim only)");
}

static void custom_claims_parser(void)
{
    buf claims;
    make_claims(&claims);
    oe_claim_t *c = NULL;
    size_t n = 0;
    for (size_t cut = 0; cut < claims.size; cut++)
        PT_CHECK(oe_deserialize_custom_claims(claims.bytes, cut, &c, &n) == OE_CONSTRAINT_FAILED,
                 "truncated at %zu accepted", cut);
    claims.bytes[claims.size++] = 0;
    PT_EXPECT(oe_deserialize_custom_claims(claims.bytes, claims.size, &c, &n),
              OE_CONSTRAINT_FAILED, "trailing byte");
    uint8_t huge[16] = {1, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    PT_EXPECT(oe_deserialize_custom_claims(huge, sizeof(huge), &c, &n), OE_CONSTRAINT_FAILED,
              "huge count");
    uint8_t none[16] = {1};
    PT_EXPECT(oe_deserialize_custom_claims(none, sizeof(none), &c, &n), OE_OK, "no claims");
    PT_CHECK(n == 0, "count");
    oe_free_custom_claims(c, n);
}

static int asym(oe_enclave_t *e, int policy, int priv, const char *user, const uint8_t *info,
                char pem[1024], uint8_t info_out[512])
{
    size_t size = 0;
    int ret = -1;
    PT_EXPECT(pt_asym_key(e, &ret, policy, priv, (const uint8_t *)user, user ? strlen(user) : 0,
                          info, info ? 512 : 0, pem, 1024, &size, info_out), OE_OK, "ecall");
    PT_CHECK(ret != OE_OK || (size == strlen(pem) + 1), "PEM size counts its NUL");
    return ret;
}

static void asymmetric_keys(oe_enclave_t *a1, oe_enclave_t *a2)
{
    char p1[1024], p2[1024], p3[1024], priv[1024];
    uint8_t info[512], info2[512];
    PT_EXPECT(asym(a1, OE_SEAL_POLICY_PRODUCT, 0, "tls", NULL, p1, info), OE_OK, "public key");
    PT_CHECK(strstr(p1, "BEGIN PUBLIC KEY") != NULL, "public PEM");
    PT_EXPECT(asym(a1, OE_SEAL_POLICY_PRODUCT, 0, "tls", NULL, p2, info2), OE_OK, "again");
    PT_CHECK(!strcmp(p1, p2), "the same inputs give another key");
    PT_EXPECT(asym(a2, 0, 0, "tls", info, p3, info2), OE_OK, "v2 from v1's key_info");
    PT_CHECK(!strcmp(p1, p3), "PRODUCT key differs across versions");
    PT_EXPECT(asym(a1, OE_SEAL_POLICY_PRODUCT, 0, "other", NULL, p2, info2), OE_OK, "user data");
    PT_CHECK(strcmp(p1, p2) != 0, "user data ignored");
    PT_EXPECT(asym(a1, OE_SEAL_POLICY_UNIQUE, 0, "tls", NULL, p2, info2), OE_OK, "unique");
    PT_CHECK(strcmp(p1, p2) != 0, "UNIQUE equals PRODUCT");
    PT_EXPECT(asym(a1, 0, 1, "tls", info, priv, info2), OE_OK, "private key");
    PT_CHECK(strstr(priv, "PRIVATE KEY") != NULL, "private PEM");
    PT_EXPECT(asym(a1, 0, 0, "other", info, p2, info2), OE_INVALID_PARAMETER,
              "key_info for other user data");
}

static void signer_ids(const char *pub_path, uint8_t signer2[32])
{
    FILE *f = fopen(pub_path, "r");
    char pem[4096] = "";
    size_t n = f ? fread(pem, 1, sizeof(pem) - 1, f) : 0;
    if (f)
        fclose(f);
    size_t size = 32;
    PT_EXPECT(oe_sgx_get_signer_id_from_public_key(pem, n + 1, signer2, &size), OE_OK,
              "oe_sgx_get_signer_id_from_public_key");
    size = 31;
    PT_EXPECT(oe_sgx_get_signer_id_from_public_key(pem, n + 1, signer2 + 0, &size),
              OE_BUFFER_TOO_SMALL, "small buffer");
    size = 32;
    PT_EXPECT(oe_sgx_get_signer_id_from_public_key("not a key", 10, signer2 + 0, &size),
              OE_INVALID_PARAMETER, "not a key");
    size = 32;
    PT_EXPECT(oe_sgx_get_signer_id_from_public_key(pem, n + 1, signer2, &size), OE_OK, "again");
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s sandbox|sim WORKDIR SIGNER2_PUBLIC_PEM\n", argv[0]);
        return 2;
    }
    pt_backend = argv[1];
    char dir[512];
    snprintf(dir, sizeof(dir), "%s/platform", argv[2]);
    setenv("KEEP_PLATFORM_DIR", dir, 1);
    if (!strcmp(pt_backend, "sim"))
        setenv("KEEP_ALLOW_SIMULATION", "1", 1);
    uint8_t signer2[32];
    signer_ids(argv[3], signer2);
    oe_enclave_t *a1 = pt_create(PT_ENCLAVE_A1, NULL, false);
    oe_enclave_t *a2 = pt_create(PT_ENCLAVE_A2, NULL, false);
    oe_enclave_t *b1 = pt_create(PT_ENCLAVE_B1, NULL, false);
    remote_evidence(b1, signer2);
    local_evidence(a1, a2, b1, signer2);
    remote_in_enclave(a1, b1, signer2);
    custom_claims_parser();
    asymmetric_keys(a1, a2);
    oe_terminate_enclave(a1);
    oe_terminate_enclave(a2);
    oe_terminate_enclave(b1);
    printf("%s: evidence on %s\n", pt_failures ? "FAILED" : "ok", pt_backend);
    return pt_failures ? 1 : 0;
}
