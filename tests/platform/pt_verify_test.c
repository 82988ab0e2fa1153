/* Remote evidence verified inside an enclave gives what the host's
 * verifier gives. argv: the verifying enclave's backend (sandbox | sim),
 * a work directory, the mode, the keep CLI.
 *
 * trust: SGX_ECDSA evidence of a second platform (a sandbox enclave under
 * another KEEP_PLATFORM_DIR) is refused by an enclave of the first
 * platform; KEEP_TRUSTED_ROOTS makes the host accept it but not enclaves;
 * after `keep platform trust` both accept it, keep_trust_root naming the
 * configured root, even beside malformed entries; after `keep platform
 * untrust` both refuse it again.
 *
 * intel: the phala vector's genuine Intel quote with OE endorsements
 * (more than the old 16 KiB message) at 2025-06-20T00:00:00Z and at a
 * time its collateral has expired: the same result, TCB status and claims
 * in the enclave as on the host; truncated endorsements give the host's
 * result; one byte over the platform's limit is refused; a request
 * without TCB_CLAIMS (an older enclave) gets no claims with
 * OE_TCB_LEVEL_INVALID. Exit 77 (skip)
 * without ../shared/dcap-vectors. */
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <openenclave/attestation/custom_claims.h>
#include <openenclave/attestation/sgx/evidence.h>
#include <openenclave/attestation/verifier.h>

#include "../../src/common/platform_wire.h"
#include "platform_verify.h"
#include "pt_host.h"
#include "pt_u.h"

static const oe_uuid_t ecdsa = {OE_FORMAT_UUID_SGX_ECDSA};
static const oe_uuid_t raw = {OE_FORMAT_UUID_RAW_SGX_QUOTE_ECDSA};
static const char *keep_cli, *work;

typedef struct verdict {
    oe_result_t result;
    oe_claim_t *claims;
    size_t count;
    bool from_enclave; /* claims from oe_deserialize_custom_claims */
} verdict;

typedef struct input {
    const oe_uuid_t *format;
    const uint8_t *evidence, *endorsements;
    size_t evidence_size, endorsements_size;
    const oe_datetime_t *at;
} input;

static verdict in_enclave(oe_enclave_t *e, const input *in)
{
    static uint8_t flat[KEEP_PLATFORM_MAX_CLAIMS_SIZE];
    size_t flat_size = 0;
    int ret = -1;
    PT_EXPECT(pt_verify_claims(e, &ret, in->format ? in->format->b : NULL, in->format ? 16 : 0,
                               in->evidence, in->evidence_size, in->endorsements,
                               in->endorsements_size, (const uint8_t *)in->at,
                               in->at ? sizeof(*in->at) : 0, flat, sizeof(flat), &flat_size),
              OE_OK, "ecall");
    verdict v = {(oe_result_t)ret, NULL, 0, true};
    if (flat_size)
        PT_EXPECT(oe_deserialize_custom_claims(flat, flat_size, &v.claims, &v.count), OE_OK,
                  "claims from the enclave");
    return v;
}

static verdict on_host(const input *in)
{
    oe_policy_t policy = {OE_POLICY_ENDORSEMENTS_TIME, (void *)in->at, sizeof(*in->at)};
    verdict v = {OE_FAILURE, NULL, 0, false};
    v.result = oe_verify_evidence(in->format, in->evidence, in->evidence_size, in->endorsements,
                                  in->endorsements_size, in->at ? &policy : NULL, in->at ? 1 : 0,
                                  &v.claims, &v.count);
    return v;
}

static void verdict_free(verdict *v)
{
    if (v->from_enclave)
        oe_free_custom_claims(v->claims, v->count);
    else
        oe_free_claims(v->claims, v->count);
    memset(v, 0, sizeof(*v));
}

static const oe_claim_t *claim(const verdict *v, const char *name)
{
    for (size_t i = 0; i < v->count; i++)
        if (!strcmp(v->claims[i].name, name))
            return &v->claims[i];
    return NULL;
}

static const char *trust_root(const verdict *v)
{
    const oe_claim_t *c = claim(v, "keep_trust_root");
    return c && c->value_size && c->value[c->value_size - 1] == 0 ? (const char *)c->value : "";
}

/* The enclave's verdict equals the host's: result, claim names, values. */
static void same(const verdict *enc, const verdict *host, const char *what)
{
    PT_CHECK(enc->result == host->result, "%s: enclave %s, host %s", what,
             oe_result_str(enc->result), oe_result_str(host->result));
    PT_CHECK(enc->count == host->count, "%s: %zu claims in the enclave, %zu on the host", what,
             enc->count, host->count);
    for (size_t i = 0; i < enc->count && i < host->count; i++) {
        const oe_claim_t *a = &enc->claims[i], *b = &host->claims[i];
        PT_CHECK(!strcmp(a->name, b->name) && a->value_size == b->value_size &&
                     !memcmp(a->value, b->value, a->value_size),
                 "%s: claim %zu (%s) differs", what, i, b->name);
    }
}

/* Verifies `in` in a new enclave of the platform in `dir` and on the
 * host; checks they agree; returns the enclave's verdict (host's freed). */
static verdict both(const char *dir, const input *in, const char *what)
{
    oe_enclave_t *e = pt_create(PT_ENCLAVE_A1, dir, false);
    verdict enc = in_enclave(e, in), host = on_host(in);
    oe_terminate_enclave(e);
    same(&enc, &host, what);
    verdict_free(&host);
    return enc;
}

__attribute__((format(printf, 1, 2))) static int shell(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    int status = system(cmd);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* SGX_ECDSA evidence (OE header embedded) of a sandbox enclave of the
 * platform in `dir`. */
static size_t foreign_evidence(const char *dir, uint8_t *out, size_t cap)
{
    const char *backend = pt_backend;
    pt_backend = "sandbox";
    oe_enclave_t *b1 = pt_create(PT_ENCLAVE_B1, dir, false);
    pt_backend = backend;
    size_t size = 0;
    int ret = -1;
    PT_EXPECT(pt_get_evidence(b1, &ret, ecdsa.b, 1, NULL, 0, NULL, 0, out, cap, &size), OE_OK,
              "ecall");
    PT_EXPECT(ret, OE_OK, "evidence of the second platform");
    oe_terminate_enclave(b1);
    return size;
}

static void trust_mode(void)
{
    static uint8_t ev[16384];
    char a[512], b[512];
    snprintf(a, sizeof(a), "%s/platform-a", work);
    snprintf(b, sizeof(b), "%s/platform-b", work);
    PT_CHECK(shell("'%s' platform init --dir '%s' >/dev/null && '%s' platform init --dir '%s' "
                   ">/dev/null && '%s' platform export-root '%s/b-export' --dir '%s' >/dev/null",
                   keep_cli, a, keep_cli, b, keep_cli, work, b) == 0, "set up two platforms");
    input in = {NULL, ev, NULL, foreign_evidence(b, ev, sizeof(ev)), 0, NULL};
    setenv("KEEP_PLATFORM_DIR", a, 1);
    verdict v = both(a, &in, "another platform's evidence");
    PT_CHECK(v.result != OE_OK, "another platform's evidence accepted");
    verdict_free(&v);

    /* KEEP_TRUSTED_ROOTS: the host's process trusts it, enclaves do not. */
    char env[600];
    snprintf(env, sizeof(env), "%s/b-export", work);
    setenv("KEEP_TRUSTED_ROOTS", env, 1);
    verdict host = on_host(&in);
    PT_EXPECT(host.result, OE_OK, "host with KEEP_TRUSTED_ROOTS");
    PT_CHECK(!strcmp(trust_root(&host), "Keep platform root (KEEP_TRUSTED_ROOTS)"), "root %s",
             trust_root(&host));
    verdict_free(&host);
    oe_enclave_t *e = pt_create(PT_ENCLAVE_A1, a, false);
    v = in_enclave(e, &in);
    oe_terminate_enclave(e);
    PT_CHECK(v.result != OE_OK, "an enclave honours the host's KEEP_TRUSTED_ROOTS");
    verdict_free(&v);
    unsetenv("KEEP_TRUSTED_ROOTS");

    /* The platform's configuration: trusted by both, beside two malformed
     * entries that sort first (one with b's very root). */
    PT_CHECK(shell("'%s' platform trust '%s/b-export' --name lab-b --dir '%s' >/dev/null",
                   keep_cli, work, a) == 0, "keep platform trust");
    PT_CHECK(shell("cd '%s/trusted-roots' && cp -r lab-b aaa-broken && cp -r lab-b aab-noroot && "
                   "printf '{\"tcbInfo\":{' > aaa-broken/tcb-info.json && "
                   "printf garbage > aab-noroot/root-ca.pem", a) == 0, "malformed entries");
    v = both(a, &in, "a trusted root");
    PT_EXPECT(v.result, OE_OK, "evidence of a trusted root in the enclave");
    PT_CHECK(!strcmp(trust_root(&v), "Keep platform root (trusted-roots/lab-b)"),
             "keep_trust_root is '%s'", trust_root(&v));
    verdict_free(&v);

    PT_CHECK(shell("'%s' platform untrust lab-b --dir '%s' >/dev/null", keep_cli, a) == 0,
             "keep platform untrust");
    v = both(a, &in, "an untrusted root");
    PT_CHECK(v.result != OE_OK, "evidence of an untrusted root accepted");
    verdict_free(&v);
}

/* ---- intel ------------------------------------------------------------- */

#define PHALA KEEP_DCAP_VECTORS "/phala-dcap-qvl-sgx-v3/"

typedef struct blob {
    uint8_t *bytes;
    size_t size;
} blob;

static blob slurp(const char *name, const char *prefix, const char *suffix)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s%s", PHALA, name);
    FILE *f = fopen(path, "rb");
    blob out = {calloc(1, 65536), 0};
    size_t pre = strlen(prefix);
    memcpy(out.bytes, prefix, pre);
    out.size = pre + (f ? fread(out.bytes + pre, 1, 65536 - pre - 256, f) : 0);
    if (f)
        fclose(f);
    PT_CHECK(out.size > pre, "cannot read %s", path);
    out.size += (size_t)sprintf((char *)out.bytes + out.size, "%s", suffix);
    return out;
}

/* A PCS response {"<key>":<body>,"signature":"<hex>"}, NUL-terminated as
 * OE's endorsement items are. */
static blob signed_json(const char *key, const char *body, const char *signature)
{
    char prefix[64];
    blob sig = slurp(signature, "", "");
    char suffix[200];
    snprintf(suffix, sizeof(suffix), ",\"signature\":\"%.128s\"}", (const char *)sig.bytes);
    snprintf(prefix, sizeof(prefix), "{\"%s\":", key);
    free(sig.bytes);
    blob out = slurp(body, prefix, suffix);
    out.size++; /* the NUL */
    return out;
}

static void put_u32(uint8_t *p, uint32_t v)
{
    memcpy(p, &v, 4); /* little-endian hosts only, as the wire format */
}

/* oe_endorsements_t (version 1, SGX, 9 items: version, TCB info, its
 * issuer chain, PCK CRL, root CA CRL, PCK CRL issuer chain, QE identity,
 * its issuer chain, creation time). */
static blob oe_endorsements(void)
{
    static const char created[] = "2025-06-20T00:00:00Z";
    blob items[9] = {
        {(uint8_t *)"\1\0\0\0", 4},
        signed_json("tcbInfo", "tcb_info.json", "tcb_info.sig.hex"),
        slurp("tcb_info_issuer_chain.pem", "", ""),
        slurp("pck_crl.der", "", ""),
        slurp("root_ca_crl.der", "", ""),
        slurp("pck_crl_issuer_chain.pem", "", ""),
        signed_json("enclaveIdentity", "qe_identity.json", "qe_identity.sig.hex"),
        slurp("qe_identity_issuer_chain.pem", "", ""),
        {(uint8_t *)created, sizeof(created)},
    };
    size_t data = 0;
    for (int i = 0; i < 9; i++)
        data += items[i].size;
    blob out = {calloc(1, 52 + data), 52 + data};
    put_u32(out.bytes, 1);
    put_u32(out.bytes + 4, 2);
    put_u32(out.bytes + 8, (uint32_t)(36 + data));
    put_u32(out.bytes + 12, 9);
    for (size_t i = 0, off = 0; i < 9; off += items[i].size, i++) {
        put_u32(out.bytes + 16 + 4 * i, (uint32_t)off);
        memcpy(out.bytes + 52 + off, items[i].bytes, items[i].size);
        if (i >= 1 && i <= 7)
            free(items[i].bytes);
    }
    return out;
}

/* The platform's VERIFY_EVIDENCE answer to `in` with `flags`: the result,
 * and the size of the claims in *written. */
static oe_result_t platform_answer(const input *in, uint32_t flags, size_t *written)
{
    static uint8_t request[KEEP_PLATFORM_MAX_PAYLOAD], out[KEEP_PLATFORM_MAX_CLAIMS_SIZE];
    keep_platform_verify_request v = {.flags = flags | KEEP_PLATFORM_VERIFY_HAS_FORMAT |
                                               KEEP_PLATFORM_VERIFY_HAS_TIME,
                                      .evidence_size = (uint32_t)in->evidence_size,
                                      .endorsements_size = (uint32_t)in->endorsements_size,
                                      .time = {2025, 6, 20, 0, 0, 0}};
    memcpy(v.format_id, in->format->b, 16);
    memcpy(request, &v, sizeof(v));
    memcpy(request + sizeof(v), in->evidence, in->evidence_size);
    memcpy(request + sizeof(v) + in->evidence_size, in->endorsements, in->endorsements_size);
    return keep_verify_platform_request(keep_root_platform_config(), false, request,
                                        sizeof(v) + in->evidence_size + in->endorsements_size,
                                        out, sizeof(out), written);
}

/* Enclaves built before TCB_CLAIMS get OE_TCB_LEVEL_INVALID without
 * claims, as they always did; with the flag the claims come too. */
static void tcb_claims_flag(const input *in)
{
    size_t written = 1;
    PT_EXPECT(platform_answer(in, 0, &written), OE_TCB_LEVEL_INVALID, "without TCB_CLAIMS");
    PT_CHECK(written == 0, "claims without TCB_CLAIMS (%zu bytes)", written);
    PT_EXPECT(platform_answer(in, KEEP_PLATFORM_VERIFY_TCB_CLAIMS, &written),
              OE_TCB_LEVEL_INVALID, "with TCB_CLAIMS");
    PT_CHECK(written > 0, "no claims with TCB_CLAIMS");
}

static double now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

/* Informational: the cost of a verification in the enclave (a platform
 * round trip of 17 KiB, two records) against the host's. */
static void timing(oe_enclave_t *e, const input *in)
{
    enum { rounds = 20 };
    double t0 = now_us();
    for (int i = 0; i < rounds; i++) {
        verdict v = in_enclave(e, in);
        verdict_free(&v);
    }
    double t1 = now_us();
    for (int i = 0; i < rounds; i++) {
        verdict v = on_host(in);
        verdict_free(&v);
    }
    double t2 = now_us();
    printf("phala verification: %.0f us in the enclave, %.0f us on the host\n",
           (t1 - t0) / rounds, (t2 - t1) / rounds);
}

static int intel_mode(void)
{
    struct stat st;
    if (stat(KEEP_DCAP_VECTORS, &st) != 0) {
        printf("SKIP platform intel: DCAP test vectors not found at %s\n", KEEP_DCAP_VECTORS);
        return 77;
    }
    char dir[512];
    snprintf(dir, sizeof(dir), "%s/platform", work);
    setenv("KEEP_PLATFORM_DIR", dir, 1);
    blob quote = slurp("quote.bin", "", ""), end = oe_endorsements();
    oe_datetime_t at = {2025, 6, 20, 0, 0, 0}, late = {2031, 1, 1, 0, 0, 0};
    input in = {&raw, quote.bytes, end.bytes, quote.size, end.size, &at};
    printf("phala: quote %zu + OE endorsements %zu = %zu bytes (limit %zu)\n", quote.size,
           end.size, quote.size + end.size, (size_t)KEEP_PLATFORM_MAX_VERIFY_INPUT);
    PT_CHECK(quote.size + end.size > 16384 - 72, "the vector fits the old limit");
    oe_enclave_t *e = pt_create(PT_ENCLAVE_A1, dir, false);
    verdict enc = in_enclave(e, &in), host = on_host(&in);
    same(&enc, &host, "phala at 2025-06-20");
    PT_EXPECT(enc.result, OE_TCB_LEVEL_INVALID, "phala in the enclave");
    const oe_claim_t *status = claim(&enc, OE_CLAIM_TCB_STATUS);
    PT_CHECK(status && status->value_size == 4 &&
                 *(const uint32_t *)status->value ==
                     OE_SGX_TCB_STATUS_CONFIGURATION_AND_SW_HARDENING_NEEDED,
             "TCB status claim");
    PT_CHECK(!strcmp(trust_root(&enc), trust_root(&host)) && trust_root(&enc)[0],
             "keep_trust_root '%s'", trust_root(&enc));
    verdict_free(&enc);
    verdict_free(&host);
    tcb_claims_flag(&in);
    timing(e, &in);

    in.at = &late;
    enc = in_enclave(e, &in), host = on_host(&in);
    same(&enc, &host, "phala at 2031 (expired collateral)");
    PT_CHECK(enc.result != OE_OK && enc.result != OE_TCB_LEVEL_INVALID, "expired: %s",
             oe_result_str(enc.result));
    verdict_free(&enc);
    verdict_free(&host);
    in.at = &at;

    /* Truncated endorsements: the host's answer, cut by cut. */
    for (size_t cut = 0; cut < end.size; cut += 509) {
        char what[64];
        snprintf(what, sizeof(what), "endorsements cut at %zu", cut);
        in.endorsements_size = cut;
        in.endorsements = cut ? end.bytes : NULL;
        enc = in_enclave(e, &in), host = on_host(&in);
        same(&enc, &host, what);
        PT_CHECK(enc.result != OE_OK, "%s verifies", what);
        verdict_free(&enc);
        verdict_free(&host);
    }

    /* Exactly at the limit (zero padding after the endorsements) the
     * request travels and is judged as on the host; one byte over, the
     * enclave refuses it before sending. */
    size_t room = KEEP_PLATFORM_MAX_VERIFY_INPUT - quote.size;
    uint8_t *padded = calloc(1, room + 1);
    memcpy(padded, end.bytes, end.size);
    in.endorsements = padded;
    in.endorsements_size = room;
    enc = in_enclave(e, &in), host = on_host(&in);
    same(&enc, &host, "endorsements up to the limit");
    verdict_free(&enc);
    verdict_free(&host);
    in.endorsements_size = room + 1;
    enc = in_enclave(e, &in);
    PT_EXPECT(enc.result, OE_INVALID_PARAMETER, "one byte over the limit");
    verdict_free(&enc);
    oe_terminate_enclave(e);
    free(padded);
    free(quote.bytes);
    free(end.bytes);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 5 || (strcmp(argv[3], "trust") && strcmp(argv[3], "intel"))) {
        fprintf(stderr, "usage: %s sandbox|sim WORKDIR trust|intel KEEP\n", argv[0]);
        return 2;
    }
    pt_backend = argv[1];
    work = argv[2];
    keep_cli = argv[4];
    unsetenv("KEEP_TRUSTED_ROOTS");
    shell("rm -rf '%s' && mkdir -p '%s'", work, work);
    if (!strcmp(argv[3], "intel") && intel_mode() == 77)
        return 77;
    if (!strcmp(argv[3], "trust"))
        trust_mode();
    printf("%s: %s on %s\n", pt_failures ? "FAILED" : "ok", argv[3], pt_backend);
    return pt_failures ? 1 : 0;
}
