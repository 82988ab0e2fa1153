/* Local reports on a backend (argv[1]): an enclave reports to a target,
 * only the target verifies it, every byte matters, report data is bound,
 * identities and the debug attribute are reported, and the host-side
 * functions agree. */
#include <string.h>

#include "pt_host.h"
#include "pt_u.h"

#define LOCAL_SIZE (16 + 432)

typedef struct report {
    uint8_t bytes[OE_MAX_REPORT_SIZE];
    size_t size;
} report;

static void target_of(oe_enclave_t *e, uint8_t ti[512])
{
    uint8_t *r = NULL, *t = NULL;
    size_t rs = 0, ts = 0;
    PT_EXPECT(oe_get_report(e, 0, NULL, 0, &r, &rs), OE_OK, "host oe_get_report");
    PT_EXPECT(oe_get_target_info(r, rs, (void **)&t, &ts), OE_OK, "oe_get_target_info");
    PT_CHECK(ts == 512, "target info of %zu bytes", ts);
    if (t)
        memcpy(ti, t, 512);
    oe_free_target_info(t);
    oe_free_report(r);
}

static int make(oe_enclave_t *e, const uint8_t ti[512], const char *data, report *out)
{
    int ret = -1;
    PT_EXPECT(pt_get_report(e, &ret, 0, (const uint8_t *)data, data ? strlen(data) : 0, ti,
                            ti ? 512 : 0, out->bytes, sizeof(out->bytes), &out->size),
              OE_OK, "ecall");
    return ret;
}

static int verify_in(oe_enclave_t *e, const report *r, uint8_t signer[32], uint32_t *svn)
{
    int ret = -1;
    PT_EXPECT(pt_verify_report(e, &ret, r->bytes, r->size, signer, svn), OE_OK, "ecall");
    return ret;
}

static void local_reports(oe_enclave_t *a1, oe_enclave_t *a2, oe_enclave_t *b1)
{
    uint8_t ti_a1[512], signer[32];
    uint32_t svn = 0;
    target_of(a1, ti_a1);
    report r;
    PT_EXPECT(make(b1, ti_a1, "nonce", &r), OE_OK, "b1 reports to a1");
    PT_CHECK(r.size == LOCAL_SIZE, "local report of %zu bytes", r.size);
    PT_EXPECT(verify_in(a1, &r, signer, &svn), OE_OK, "a1 verifies");
    oe_report_t parsed;
    PT_EXPECT(oe_parse_report(r.bytes, r.size, &parsed), OE_OK, "oe_parse_report");
    PT_CHECK(memcmp(parsed.identity.signer_id, signer, 32) == 0, "signer ids differ");
    PT_CHECK(svn == 1 && parsed.identity.security_version == 1, "svn %u", svn);
    PT_CHECK(parsed.identity.product_id[0] == 8 && parsed.identity.product_id[1] == 0,
             "product id"); /* B1 is product 8 */
    PT_CHECK(parsed.report_data_size == 64 && memcmp(parsed.report_data, "nonce\0\0", 7) == 0,
             "report data not bound");
    PT_CHECK(!(parsed.identity.attributes & OE_REPORT_ATTRIBUTES_DEBUG), "production as debug");
    PT_CHECK(!(parsed.identity.attributes & OE_REPORT_ATTRIBUTES_REMOTE), "local as remote");
    PT_EXPECT(verify_in(a2, &r, signer, &svn), OE_VERIFY_FAILED_AES_CMAC_MISMATCH,
              "another enclave verifies");
    PT_EXPECT(verify_in(b1, &r, signer, &svn), OE_VERIFY_FAILED_AES_CMAC_MISMATCH,
              "the reporter verifies its own report to another");
    PT_EXPECT(oe_verify_report(a1, r.bytes, r.size, NULL), OE_OK, "host verify in a1");
    PT_EXPECT(oe_verify_report(b1, r.bytes, r.size, NULL), OE_VERIFY_FAILED_AES_CMAC_MISMATCH,
              "host verify in b1");
    PT_EXPECT(oe_verify_report(NULL, r.bytes, r.size, NULL), OE_INVALID_PARAMETER, "no enclave");
    /* Every byte of the SGX report counts (the header is checked by parsing). */
    for (size_t i = 16; i < r.size; i++) {
        r.bytes[i] ^= 0x01;
        int got = verify_in(a1, &r, signer, &svn);
        r.bytes[i] ^= 0x01;
        PT_CHECK(got != OE_OK, "flipped byte %zu verified", i);
    }
    PT_EXPECT(verify_in(a1, &r, signer, &svn), OE_OK, "restored");
    /* Two reports of the same data differ (fresh key ids) and both verify. */
    report r2;
    PT_EXPECT(make(b1, ti_a1, "nonce", &r2), OE_OK, "again");
    PT_CHECK(memcmp(r.bytes, r2.bytes, r.size) != 0, "reports identical");
    PT_EXPECT(verify_in(a1, &r2, signer, &svn), OE_OK, "second report");
}

static void argument_checks(oe_enclave_t *a1)
{
    uint8_t ti[512] = {0}, big[65] = {0};
    report r;
    int ret = -1;
    PT_EXPECT(pt_get_report(a1, &ret, 0, big, 65, NULL, 0, r.bytes, sizeof(r.bytes), &r.size),
              OE_OK, "ecall");
    PT_EXPECT(ret, OE_INVALID_PARAMETER, "65 bytes of report data");
    PT_EXPECT(pt_get_report(a1, &ret, 0, NULL, 0, ti, 511, r.bytes, sizeof(r.bytes), &r.size),
              OE_OK, "ecall");
    PT_EXPECT(ret, OE_INVALID_PARAMETER, "short target info");
    PT_EXPECT(pt_get_report(a1, &ret, 4, NULL, 0, NULL, 0, r.bytes, sizeof(r.bytes), &r.size),
              OE_OK, "ecall");
    PT_EXPECT(ret, OE_INVALID_PARAMETER, "unknown flag");
    PT_EXPECT(make(a1, NULL, NULL, &r), OE_OK, "no target, no data");
    oe_report_t parsed;
    r.bytes[r.size] = 0;
    PT_EXPECT(oe_parse_report(r.bytes, r.size + 1, &parsed), OE_INCORRECT_REPORT_SIZE, "trailing");
    PT_EXPECT(oe_parse_report(r.bytes, r.size - 1, &parsed), OE_INCORRECT_REPORT_SIZE, "short");
    PT_EXPECT(oe_parse_report(r.bytes, 15, &parsed), OE_REPORT_PARSE_ERROR, "header only");
    r.bytes[0] = 2;
    PT_EXPECT(oe_parse_report(r.bytes, r.size, &parsed), OE_REPORT_PARSE_ERROR, "version 2");
    r.bytes[0] = 1;
    r.bytes[4] = 2; /* "remote", but no quote */
    PT_EXPECT(oe_parse_report(r.bytes, r.size, &parsed), OE_REPORT_PARSE_ERROR, "type");
    PT_EXPECT(oe_parse_report(NULL, r.size, &parsed), OE_INVALID_PARAMETER, "NULL");
    uint8_t *out = NULL;
    size_t out_size = 0;
    PT_EXPECT(oe_get_report(a1, 0, ti, 513, &out, &out_size), OE_INVALID_PARAMETER, "host ti");
}

/* The debug attribute follows how the enclave was created. */
static void debug_attribute(const char *path)
{
    oe_enclave_t *dbg = pt_create(path, NULL, true);
    uint8_t *r = NULL;
    size_t rs = 0;
    oe_report_t parsed;
    PT_EXPECT(oe_get_report(dbg, 0, NULL, 0, &r, &rs), OE_OK, "debug report");
    PT_EXPECT(oe_parse_report(r, rs, &parsed), OE_OK, "parse");
    PT_CHECK(parsed.identity.attributes & OE_REPORT_ATTRIBUTES_DEBUG, "debug not reported");
    oe_free_report(r);
    oe_terminate_enclave(dbg);
}

/* A report made on the other backend is not the platform's. */
static void other_backend(const char *path, oe_enclave_t *a1)
{
    const char *mine = pt_backend;
    uint8_t ti[512];
    target_of(a1, ti);
    pt_backend = strcmp(mine, "sim") == 0 ? "sandbox" : "sim";
    oe_enclave_t *other = pt_create(path, NULL, false);
    pt_backend = mine;
    report r;
    PT_EXPECT(make(other, ti, "x", &r), OE_OK, "other backend reports");
    uint8_t signer[32];
    uint32_t svn;
    PT_EXPECT(verify_in(a1, &r, signer, &svn), OE_VERIFY_FAILED_AES_CMAC_MISMATCH, "cross");
    oe_terminate_enclave(other);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s sandbox|sim WORKDIR\n", argv[0]);
        return 2;
    }
    pt_backend = argv[1];
    char dir[512];
    snprintf(dir, sizeof(dir), "%s/platform", argv[2]);
    setenv("KEEP_PLATFORM_DIR", dir, 1);
    oe_enclave_t *a1 = pt_create(PT_ENCLAVE_A1, NULL, false);
    oe_enclave_t *a2 = pt_create(PT_ENCLAVE_A2, NULL, false);
    oe_enclave_t *b1 = pt_create(PT_ENCLAVE_B1, NULL, false);
    local_reports(a1, a2, b1);
    argument_checks(a1);
    debug_attribute(PT_ENCLAVE_A1);
    other_backend(PT_ENCLAVE_B1, a1);
    oe_terminate_enclave(a1);
    oe_terminate_enclave(a2);
    oe_terminate_enclave(b1);
    printf("%s: local reports on %s\n", pt_failures ? "FAILED" : "ok", pt_backend);
    return pt_failures ? 1 : 0;
}
