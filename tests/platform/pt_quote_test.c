/* Remote reports (quotes) on a backend (argv[1]) verified by the same
 * verifier as Intel quotes (oe_verify_evidence, RAW_SGX_QUOTE_ECDSA):
 * claims, every byte of the signed parts, the trust roots (this machine's,
 * KEEP_TRUSTED_ROOTS, another machine's refused), report data, the debug
 * attribute, and simulation evidence refused unless allowed. */
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openenclave/attestation/sgx/evidence.h>
#include <openenclave/attestation/verifier.h>
#include <openenclave/host_verify.h>

#include "../../src/platform/platform.h"
#include "pt_host.h"
#include "pt_u.h"

#define CERT_DATA_OFFSET 1052 /* with 32 bytes of QE auth data */

static const oe_uuid_t raw_format = {OE_FORMAT_UUID_RAW_SGX_QUOTE_ECDSA};
static bool sim;

typedef struct quote {
    uint8_t bytes[OE_MAX_REPORT_SIZE];
    size_t size;
} quote;

static int get_quote(oe_enclave_t *e, const char *data, quote *q)
{
    uint8_t report[OE_MAX_REPORT_SIZE];
    size_t size = 0;
    int ret = -1;
    PT_EXPECT(pt_get_report(e, &ret, OE_REPORT_FLAGS_REMOTE_ATTESTATION, (const uint8_t *)data,
                            data ? strlen(data) : 0, NULL, 0, report, sizeof(report), &size),
              OE_OK, "ecall");
    if (ret == OE_OK) {
        q->size = size - 16;
        memcpy(q->bytes, report + 16, q->size);
    }
    return ret;
}

static const oe_claim_t *find(const oe_claim_t *c, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(c[i].name, name) == 0)
            return &c[i];
    return NULL;
}

static int verify(const quote *q, oe_claim_t **claims, size_t *count)
{
    oe_claim_t *local = NULL;
    size_t n = 0;
    oe_result_t r = oe_verify_evidence(&raw_format, q->bytes, q->size, NULL, 0, NULL, 0,
                                       claims ? claims : &local, count ? count : &n);
    if (!claims)
        oe_free_claims(local, n);
    return r;
}

static void claims_say(const quote *q, const char *backend, const char *root_prefix,
                       const char *data, bool debug)
{
    oe_claim_t *c = NULL;
    size_t n = 0;
    PT_EXPECT(verify(q, &c, &n), OE_OK, "oe_verify_evidence");
    const oe_claim_t *b = find(c, n, "keep_backend"), *root = find(c, n, "keep_trust_root");
    const oe_claim_t *rd = find(c, n, OE_CLAIM_SGX_REPORT_DATA), *attr = find(c, n, "attributes");
    const oe_claim_t *svn = find(c, n, OE_CLAIM_SECURITY_VERSION);
    PT_CHECK(b && strcmp((char *)b->value, backend) == 0, "backend %s", b ? (char *)b->value : "-");
    PT_CHECK(root && strncmp((char *)root->value, root_prefix, strlen(root_prefix)) == 0,
             "trust root %s", root ? (char *)root->value : "-");
    PT_CHECK(rd && rd->value_size == 64 && memcmp(rd->value, data, strlen(data)) == 0,
             "report data not bound");
    uint64_t attributes = 0;
    if (attr)
        memcpy(&attributes, attr->value, sizeof(attributes));
    PT_CHECK(!!(attributes & OE_EVIDENCE_ATTRIBUTES_SGX_DEBUG) == debug, "debug attribute");
    PT_CHECK(attributes & OE_EVIDENCE_ATTRIBUTES_SGX_REMOTE, "remote attribute");
    PT_CHECK(svn && *(uint32_t *)svn->value == 1, "security version");
    const oe_claim_t *libs = find(c, n, "keep_platform_libraries");
    static const uint8_t zero[32];
    PT_CHECK(libs && libs->value_size == 32 && memcmp(libs->value, zero, 32) != 0,
             "platform libraries digest");
    oe_free_claims(c, n);
}

/* The keep_platform_libraries claim of a quote from `image`. */
static void libraries_of(const char *image, uint8_t out[32])
{
    oe_enclave_t *e = pt_create(image, NULL, false);
    quote q;
    oe_claim_t *c = NULL;
    size_t n = 0;
    memset(out, 0, 32);
    PT_EXPECT(get_quote(e, "libraries", &q), OE_OK, "quote");
    PT_EXPECT(verify(&q, &c, &n), OE_OK, "oe_verify_evidence");
    const oe_claim_t *libs = find(c, n, "keep_platform_libraries");
    if (libs && libs->value_size == 32)
        memcpy(out, libs->value, 32);
    oe_free_claims(c, n);
    oe_terminate_enclave(e);
}

/* The digest covers the libraries the image needs (sandbox: the runner
 * loads them before the platform child measures): the same with the same
 * needs, another when the image also needs libssl. */
static void libraries_follow_the_image(void)
{
    uint8_t a1[32], a2[32], ssl[32];
    libraries_of(PT_ENCLAVE_A1, a1);
    libraries_of(PT_ENCLAVE_A2, a2);
    libraries_of(PT_ENCLAVE_SSL, ssl);
    PT_CHECK(memcmp(a1, a2, 32) == 0, "same libraries, same digest");
    PT_CHECK(memcmp(a1, ssl, 32) != 0, "an image that needs libssl: another digest");
}

/* Every byte before the certification data is signed or bound. */
static void flips(const quote *q)
{
    quote t = *q;
    int accepted = 0;
    for (size_t i = 0; i < CERT_DATA_OFFSET && i < t.size; i++) {
        t.bytes[i] ^= 0x10;
        if (verify(&t, NULL, NULL) == OE_OK) {
            accepted++;
            fprintf(stderr, "flipped byte %zu still verifies\n", i);
        }
        t.bytes[i] ^= 0x10;
    }
    PT_CHECK(accepted == 0, "%d flipped bytes verified", accepted);
    PT_EXPECT(verify(&t, NULL, NULL), OE_OK, "restored");
    t.size--;
    PT_CHECK(verify(&t, NULL, NULL) != OE_OK, "truncated quote verified");
}

/* A fresh export directory (export-root never replaces files). */
static void clear_export(const char *dir)
{
    char path[600];
    for (size_t i = 0; keep_platform_export_files[i]; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, keep_platform_export_files[i]);
        unlink(path);
    }
    rmdir(dir);
}

static void write_file(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    PT_CHECK(f && fwrite(data, 1, size, f) == size, "cannot write %s", path);
    if (f)
        fclose(f);
}

/* `keep verify` checks the same quote from files: the exported collateral
 * and a policy naming the exported root (docs/platform.md). */
static void keep_verify_cli(const quote *q, const char *dir_a, const char *export_a,
                            const char *work)
{
    uint8_t fp[32];
    char subject[256], hex[65], path[600], policy[1024], cmd[2400];
    keep_why why = {{0}};
    PT_EXPECT(keep_platform_root_fingerprint(dir_a, fp, subject, sizeof(subject), &why), OE_OK,
              "fingerprint");
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", fp[i]);
    snprintf(path, sizeof(path), "%s/quote.bin", work);
    write_file(path, q->bytes, q->size);
    int n = snprintf(policy, sizeof(policy),
                     "{\"trusted_roots\": [{\"name\": \"this Keep platform\", \"sha256\": "
                     "\"%s\", \"qe_vendor_id\": \"4b45455020706c6174666f726d205145\"}]}",
                     hex);
    snprintf(cmd, sizeof(cmd), "%s/policy.json", work);
    write_file(cmd, policy, (size_t)n);
    snprintf(cmd, sizeof(cmd),
             "%s verify %s/quote.bin --collateral %s --at @%ld --policy %s/policy.json "
             "> %s/verify.out 2>&1",
             PT_KEEP, work, export_a, (long)time(NULL), work, work);
    PT_CHECK(system(cmd) == 0, "keep verify refused the Keep quote (see %s/verify.out)", work);
}

static void roots(const quote *q, const char *dir_a, const char *dir_b, const char *export_a)
{
    setenv("KEEP_PLATFORM_DIR", dir_b, 1); /* "this machine" is now another platform */
    PT_CHECK(verify(q, NULL, NULL) != OE_OK, "another machine's root trusted by default");
    setenv("KEEP_TRUSTED_ROOTS", export_a, 1);
    claims_say(q, "sandbox", "Keep platform root (KEEP_TRUSTED_ROOTS)", "remote", false);
    unsetenv("KEEP_TRUSTED_ROOTS");
    setenv("KEEP_PLATFORM_DIR", dir_a, 1);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s sandbox|sim WORKDIR\n", argv[0]);
        return 2;
    }
    pt_backend = argv[1];
    sim = strcmp(pt_backend, "sim") == 0;
    char dir_a[512], dir_b[512], export_a[512];
    snprintf(dir_a, sizeof(dir_a), "%s/platform-a", argv[2]);
    snprintf(dir_b, sizeof(dir_b), "%s/platform-b", argv[2]);
    snprintf(export_a, sizeof(export_a), "%s/export-a", argv[2]);
    setenv("KEEP_PLATFORM_DIR", dir_a, 1);
    unsetenv("KEEP_ALLOW_SIMULATION");
    unsetenv("KEEP_TRUSTED_ROOTS");
    oe_enclave_t *a1 = pt_create(PT_ENCLAVE_A1, NULL, false);
    quote q;
    PT_EXPECT(get_quote(a1, "remote", &q), OE_OK, "oe_get_report(REMOTE)");
    if (sim) {
        PT_EXPECT(verify(&q, NULL, NULL), OE_VERIFY_FAILED, "simulation refused by default");
        setenv("KEEP_ALLOW_SIMULATION", "1", 1);
        claims_say(&q, "sim", "Keep simulation root", "remote", false);
        flips(&q);
    } else {
        claims_say(&q, "sandbox", "Keep platform root (this machine)", "remote", false);
        flips(&q);
        keep_why why = {{0}};
        PT_EXPECT(keep_platform_init(dir_b, NULL, &why), OE_OK, "second platform");
        clear_export(export_a);
        PT_EXPECT(keep_platform_export_root(dir_a, export_a, &why), OE_OK, "export");
        roots(&q, dir_a, dir_b, export_a);
        keep_verify_cli(&q, dir_a, export_a, argv[2]);
        setenv("KEEP_ALLOW_SIMULATION", "1", 1); /* a sandbox quote is not simulation */
        claims_say(&q, "sandbox", "Keep platform root (this machine)", "remote", false);
        libraries_follow_the_image();
    }
    /* The host's oe_verify_report takes remote reports too. */
    uint8_t *rep = NULL;
    size_t rep_size = 0;
    oe_report_t parsed;
    PT_EXPECT(oe_get_report(a1, OE_REPORT_FLAGS_REMOTE_ATTESTATION, NULL, 0, &rep, &rep_size),
              OE_OK, "host oe_get_report(REMOTE)");
    PT_EXPECT(oe_verify_report(NULL, rep, rep_size, &parsed), OE_OK, "host oe_verify_report");
    PT_CHECK(parsed.identity.attributes & OE_REPORT_ATTRIBUTES_REMOTE, "remote attribute");
    /* host_verify.h's oe_verify_remote_report, for programs without enclaves. */
    oe_report_t remote;
    PT_EXPECT(oe_verify_remote_report(rep, rep_size, NULL, 0, &remote), OE_OK,
              "oe_verify_remote_report");
    PT_CHECK(!memcmp(remote.identity.unique_id, parsed.identity.unique_id, OE_UNIQUE_ID_SIZE),
             "oe_verify_remote_report identity");
    PT_EXPECT(oe_verify_remote_report(rep, rep_size - 1, NULL, 0, NULL), OE_INCORRECT_REPORT_SIZE,
              "truncated remote report");
    /* And the enclave's, through the platform (VERIFY_EVIDENCE). */
    uint8_t signer[32];
    uint32_t svn = 0;
    int ret = -1;
    PT_EXPECT(pt_verify_report(a1, &ret, rep, rep_size, signer, &svn), OE_OK, "ecall");
    PT_EXPECT(ret, OE_OK, "oe_verify_report of a remote report in the enclave");
    PT_CHECK(!memcmp(signer, parsed.identity.signer_id, 32), "signer id in the enclave");
    rep[16 + 100] ^= 1; /* a byte of the signed report body */
    PT_CHECK(oe_verify_report(NULL, rep, rep_size, NULL) != OE_OK, "changed remote report");
    PT_CHECK(pt_verify_report(a1, &ret, rep, rep_size, signer, &svn) == OE_OK && ret != OE_OK,
             "changed remote report in the enclave");
    PT_CHECK(oe_verify_remote_report(rep, rep_size, NULL, 0, NULL) != OE_OK,
             "oe_verify_remote_report of a changed report");
    oe_free_report(rep);
    uint8_t *local = NULL;
    size_t local_size = 0;
    PT_EXPECT(oe_get_report(a1, 0, NULL, 0, &local, &local_size), OE_OK, "local report");
    PT_EXPECT(oe_verify_remote_report(local, local_size, NULL, 0, NULL), OE_UNSUPPORTED,
              "oe_verify_remote_report of a local report");
    oe_free_report(local);
    oe_enclave_t *dbg = pt_create(PT_ENCLAVE_A1, NULL, true);
    PT_EXPECT(get_quote(dbg, "debug", &q), OE_OK, "debug quote");
    claims_say(&q, sim ? "sim" : "sandbox", "Keep", "debug", true);
    oe_terminate_enclave(dbg);
    oe_terminate_enclave(a1);
    printf("%s: quotes on %s\n", pt_failures ? "FAILED" : "ok", pt_backend);
    return pt_failures ? 1 : 0;
}
