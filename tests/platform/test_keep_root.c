/* Keep roots held in memory (src/verify/keep_roots.h): the path a process
 * that cannot read files verifies Keep quotes with. A quote from the
 * published simulation platform and one from a fresh platform (its
 * exported files read into memory) verify with keep_verify_quote under
 * their own root only; a flipped byte, the other root or a missing file
 * fail. Root names; lists of roots and the trusted-roots/ entries of a
 * platform's configuration (malformed and invalidly named ones skipped).
 * No enclave: quotes come from keep_platform_serve. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../src/common/platform_wire.h"
#include "../../src/common/sim_root.h"
#include "../../src/platform/platform.h"
#include "keep_roots.h"

static int failures;

#define CHECK(cond, what)                                     \
    do {                                                      \
        if (!(cond)) {                                        \
            fprintf(stderr, "FAIL %d: %s\n", __LINE__, what); \
            failures++;                                       \
        }                                                     \
    } while (0)

static const char *const files[KEEP_ROOT_FILE_COUNT] = {
    "root-ca.pem",         "platform-ca.pem", "tcb-signing.pem", "root-ca.crl.pem",
    "platform-ca.crl.pem", "tcb-info.json",   "qe-identity.json"};

/* A quote of a fixed subject; its size, 0 on failure. */
static size_t quote(const keep_platform *p, uint8_t *out)
{
    keep_platform_subject s = {.isv_prod_id = 7, .isv_svn = 3, .flags = 0x5, .xfrm = 0x3};
    memset(s.mr_enclave, 0x11, 32);
    uint8_t request[16 + KEEP_SGX_REPORT_DATA_SIZE], response[KEEP_PLATFORM_MAX_MESSAGE];
    keep_platform_request_header h = {KEEP_PLATFORM_WIRE_MAGIC, KEEP_PLATFORM_WIRE_VERSION,
                                      KEEP_PLATFORM_OP_QUOTE, KEEP_SGX_REPORT_DATA_SIZE, 0};
    memcpy(request, &h, 16);
    memset(request + 16, 0x44, KEEP_SGX_REPORT_DATA_SIZE);
    size_t n = keep_platform_serve(p, &s, request, sizeof(request), response);
    keep_platform_response_header a;
    memcpy(&a, response, sizeof(a));
    if (a.result != OE_OK || n <= 16)
        return 0;
    memcpy(out, response + 16, n - 16);
    return n - 16;
}

static void sim_files(keep_root_files *f)
{
    const char *const blobs[KEEP_ROOT_FILE_COUNT] = {
        keep_sim_root_pem,     keep_sim_platform_ca_pem, keep_sim_tcb_signing_pem,
        keep_sim_root_crl_pem, keep_sim_pck_crl_pem,     keep_sim_tcb_info_json,
        keep_sim_qe_identity_json};
    for (size_t i = 0; i < KEEP_ROOT_FILE_COUNT; i++) {
        f->data[i] = (const uint8_t *)blobs[i];
        f->size[i] = strlen(blobs[i]);
    }
}

static int read_files(keep_root_files *f, const char *dir)
{
    char path[1200];
    for (size_t i = 0; i < KEEP_ROOT_FILE_COUNT; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
        FILE *in = fopen(path, "rb");
        uint8_t *buf = malloc(65536);
        f->size[i] = in && buf ? fread(buf, 1, 65536, in) : 0;
        f->data[i] = buf;
        if (in)
            fclose(in);
        if (!f->size[i])
            return -1;
    }
    return 0;
}

/* Verifies; OE_FAILURE when it verified under another anchor than `name`. */
static oe_result_t verify_named(const keep_root *root, const uint8_t *q, size_t n, int allow,
                                const char *name)
{
    keep_verify_result_t *res = calloc(1, sizeof(*res));
    oe_result_t r = res ? keep_root_verify(res, root, q, n, 0, allow) : OE_OUT_OF_MEMORY;
    if (r == OE_OK && (!res->anchor_name || strcmp(res->anchor_name, name) != 0 ||
                       res->identity.mrenclave[0] != 0x11))
        r = OE_FAILURE;
    free(res);
    return r;
}

static oe_result_t verify(const keep_root *root, const uint8_t *q, size_t n, int allow)
{
    return verify_named(root, q, n, allow, "test root");
}

static void names(void)
{
    static const struct {
        const char *name;
        int ok;
    } cases[] = {
        {"lab-b", 1}, {"a.b_c-1", 1}, {"A", 1}, {"", 0}, {".hidden", 0}, {"..", 0},
        {"a/b", 0},   {"a b", 0},     {"ä", 0}, {"1234567890123456789012345678901234567890123456789012345678901234", 1},
        {"12345678901234567890123456789012345678901234567890123456789012345", 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        CHECK(keep_root_name_ok(cases[i].name) == cases[i].ok, cases[i].name);
    CHECK(!keep_root_name_ok(NULL), "NULL name");
}

/* Lists: the first root that verifies anchors; trusted-roots/ entries
 * load in name order, a malformed one is skipped with a reason, names
 * that are not valid are not read. */
static void lists(const char *platform, const uint8_t *dev_q, size_t dn, keep_root_files *sf)
{
    char cfg[1200], entry[1300], why[512], found[4][KEEP_ROOT_NAME_MAX + 1];
    keep_root *list = NULL, *bad = NULL;
    snprintf(cfg, sizeof(cfg), "%s-config", platform);
    snprintf(entry, sizeof(entry), "rm -rf '%s'", cfg); /* a fresh one on every run */
    CHECK(system(entry) == 0, entry);
    snprintf(entry, sizeof(entry), "%s/%s", cfg, KEEP_TRUSTED_ROOTS_DIR);
    CHECK(keep_platform_init(cfg, NULL, NULL) == OE_OK, "init config platform");
    mkdir(entry, 0700);
    static const char *const dirs[] = {"zz-good", "aa-bad", ".hidden", "bad name"};
    for (size_t i = 0; i < 4; i++) {
        snprintf(entry, sizeof(entry), "%s/%s/%s", cfg, KEEP_TRUSTED_ROOTS_DIR, dirs[i]);
        CHECK(keep_platform_export_root(platform, entry, NULL) == OE_OK, dirs[i]);
    }
    snprintf(entry, sizeof(entry), "%s/%s/aa-bad/qe-identity.json", cfg, KEEP_TRUSTED_ROOTS_DIR);
    FILE *f = fopen(entry, "w");
    CHECK(f && fputs("{\"enclaveIdentity\": 1", f) >= 0 && fclose(f) == 0, "damage aa-bad");
    CHECK(keep_root_trusted_names(found, 4, cfg) == 2 && !strcmp(found[0], "aa-bad") &&
              !strcmp(found[1], "zz-good"),
          "trusted names: sorted, valid only");
    snprintf(entry, sizeof(entry), "%s/%s/aa-bad", cfg, KEEP_TRUSTED_ROOTS_DIR);
    CHECK(keep_root_new_dir(&bad, entry, "x", why, sizeof(why)) != OE_OK && !bad &&
              strstr(why, "qe-identity.json"),
          "a malformed entry names its file");
    CHECK(keep_root_new(&list, sf, 1, "sim") == OE_OK, "sim root");
    CHECK(verify_named(list, dev_q, dn, 1, "x") != OE_OK, "platform quote, sim root only");
    CHECK(keep_root_append_trusted(list, cfg) == 1, "one trusted root loads");
    CHECK(verify_named(list, dev_q, dn, 1, "Keep platform root (trusted-roots/zz-good)") == OE_OK,
          "the second root of a list anchors, named after its entry");
    keep_root_free(list);
}

int main(int argc, char **argv)
{
    if (argc != 2)
        return 2;
    static uint8_t sim_q[KEEP_PLATFORM_MAX_MESSAGE], dev_q[KEEP_PLATFORM_MAX_MESSAGE];
    keep_platform *sim = NULL, *dev = NULL;
    keep_root *sim_root = NULL, *dev_root = NULL, *wrong = NULL;
    keep_root_files sf, df;
    memset(&df, 0, sizeof(df));
    sim_files(&sf);
    CHECK(keep_platform_open_sim(&sim) == OE_OK, "open sim");
    CHECK(keep_platform_init(argv[1], NULL, NULL) == OE_OK, "init");
    CHECK(keep_platform_open(&dev, argv[1], NULL) == OE_OK, "open");
    CHECK(read_files(&df, argv[1]) == 0, "read the platform's public files");
    size_t sn = sim ? quote(sim, sim_q) : 0, dn = dev ? quote(dev, dev_q) : 0;
    CHECK(sn && dn, "quotes");
    CHECK(keep_root_new(&sim_root, &sf, 1, "test root") == OE_OK, "sim root");
    CHECK(keep_root_new(&dev_root, &df, 0, "test root") == OE_OK, "platform root");
    CHECK(keep_root_new(&wrong, &sf, 0, "test root") == OE_OK, "sim files, sandbox vendor");
    CHECK(verify(sim_root, sim_q, sn, 1) == OE_OK, "sim quote, sim root");
    CHECK(verify(sim_root, sim_q, sn, 0) == OE_VERIFY_FAILED, "sim quote, not allowed");
    CHECK(verify(dev_root, dev_q, dn, 1) == OE_OK, "platform quote, its root");
    CHECK(verify(dev_root, sim_q, sn, 1) != OE_OK, "sim quote, platform root");
    CHECK(verify(sim_root, dev_q, dn, 1) != OE_OK, "platform quote, sim root");
    CHECK(verify(wrong, sim_q, sn, 1) != OE_OK, "sim quote, wrong QE vendor id");
    for (size_t at = 0; at < dn; at += 97) {
        dev_q[at] ^= 1;
        CHECK(verify(dev_root, dev_q, dn, 1) != OE_OK, "flipped byte");
        dev_q[at] ^= 1;
    }
    CHECK(verify(dev_root, dev_q, dn, 1) == OE_OK, "restored");
    names();
    lists(argv[1], dev_q, dn, &sf);
    keep_root *none = NULL;
    sf.data[5] = NULL;
    CHECK(keep_root_new(&none, &sf, 1, "x") == OE_INVALID_PARAMETER && !none, "missing file");
    sf.size[0] = 0;
    CHECK(keep_root_new(&none, &sf, 1, "x") == OE_INVALID_PARAMETER && !none, "empty root");
    keep_root_free(sim_root), keep_root_free(dev_root), keep_root_free(wrong);
    for (size_t i = 0; i < KEEP_ROOT_FILE_COUNT; i++)
        free((void *)df.data[i]);
    keep_platform_close(sim), keep_platform_close(dev);
    if (!failures)
        printf("keep roots in memory: ok\n");
    return failures ? 1 : 0;
}
