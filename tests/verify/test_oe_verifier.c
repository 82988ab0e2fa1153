/* OE's verifier API on the phala vector: endorsements in OE's
 * oe_endorsements_t layout, raw and SGX_ECDSA formats, claims, policies. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <openenclave/attestation/sgx/evidence.h>
#include <openenclave/attestation/verifier.h>
#include <openenclave/host_verify.h>

#include "vectors.h"

typedef struct buf {
    uint8_t* p;
    size_t n;
} buf_t;

static void put32(uint8_t* p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static buf_t file(const char* name)
{
    buf_t b;
    b.p = vec_read(PHALA, name, &b.n);
    return b;
}

/* {"<key>":<body>,"signature":"<hex>"}, as PCS serves it. */
static buf_t response(const char* key, const char* body_file,
                      const char* sig_file)
{
    buf_t body = file(body_file), sig = file(sig_file);
    buf_t out = {malloc(body.n + 256), 0};
    out.n = (size_t)sprintf((char*)out.p, "{\"%s\":%.*s,\"signature\":\"%.128s\"}",
                            key, (int)body.n, (char*)body.p, (char*)sig.p);
    out.p[out.n++] = '\0'; /* OE items are NUL-terminated */
    free(body.p);
    free(sig.p);
    return out;
}

static buf_t endorsements(const char* created)
{
    buf_t items[9];
    uint8_t version[4];
    put32(version, 1);
    items[0] = (buf_t){version, 4};
    items[1] = response("tcbInfo", "tcb_info.json", "tcb_info.sig.hex");
    items[2] = file("tcb_info_issuer_chain.pem");
    items[3] = file("pck_crl.der");
    items[4] = file("root_ca_crl.der");
    items[5] = file("pck_crl_issuer_chain.pem");
    items[6] = response("enclaveIdentity", "qe_identity.json",
                        "qe_identity.sig.hex");
    items[7] = file("qe_identity_issuer_chain.pem");
    items[8] = (buf_t){(uint8_t*)created, strlen(created) + 1};
    size_t data = 0;
    for (int i = 0; i < 9; i++)
        data += items[i].n;
    buf_t out = {calloc(1, 16 + 36 + data), 16 + 36 + data};
    put32(out.p, 1);
    put32(out.p + 4, 2);
    put32(out.p + 8, (uint32_t)(36 + data));
    put32(out.p + 12, 9);
    size_t off = 0;
    for (int i = 0; i < 9; i++) {
        put32(out.p + 16 + 4 * i, (uint32_t)off);
        memcpy(out.p + 52 + off, items[i].p, items[i].n);
        off += items[i].n;
        if (i >= 1 && i <= 7)
            free(items[i].p);
    }
    return out;
}

static const uint8_t* claim(const oe_claim_t* c, size_t n, const char* name,
                            size_t* size)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(c[i].name, name) == 0) {
            *size = c[i].value_size;
            return c[i].value;
        }
    fail_msg("claim %s missing", name);
    return NULL;
}

static void raw_quote_claims(void** state)
{
    static const oe_uuid_t raw = {OE_FORMAT_UUID_RAW_SGX_QUOTE_ECDSA};
    buf_t q = file("quote.bin"), e = endorsements(PHALA_TIME);
    oe_claim_t* claims = NULL;
    size_t n = 0, size = 0;
    (void)state;
    /* ConfigurationAndSWHardeningNeeded: OE returns TCB_LEVEL_INVALID with
     * the claims. */
    assert_int_equal(oe_verify_evidence(&raw, q.p, q.n, e.p, e.n, NULL, 0,
                                        &claims, &n),
                     OE_TCB_LEVEL_INVALID);
    assert_non_null(claims);
    assert_true(n >= OE_REQUIRED_CLAIMS_COUNT + OE_SGX_REQUIRED_CLAIMS_COUNT);
    for (size_t i = 0; i < OE_REQUIRED_CLAIMS_COUNT; i++)
        claim(claims, n, OE_REQUIRED_CLAIMS[i], &size);
    const uint8_t* v = claim(claims, n, OE_CLAIM_UNIQUE_ID, &size);
    assert_int_equal(size, 32);
    assert_int_equal(v[0], 0x33);
    v = claim(claims, n, OE_CLAIM_TCB_STATUS, &size);
    assert_int_equal(*(const uint32_t*)v,
                     OE_SGX_TCB_STATUS_CONFIGURATION_AND_SW_HARDENING_NEEDED);
    v = claim(claims, n, OE_CLAIM_FORMAT_UUID, &size);
    assert_memory_equal(v, raw.b, 16);
    v = claim(claims, n, OE_CLAIM_SGX_REPORT_DATA, &size);
    assert_memory_equal(v, "Hello, world!", 13);
    v = claim(claims, n, OE_CLAIM_ATTRIBUTES, &size);
    assert_int_equal(*(const uint64_t*)v, OE_EVIDENCE_ATTRIBUTES_SGX_REMOTE);
    v = claim(claims, n, OE_CLAIM_SGX_IS_MODE64BIT, &size);
    assert_int_equal(*v, 1);
    assert_int_equal(oe_free_claims(claims, n), OE_OK);
    free(q.p);
    free(e.p);
}

static void header_and_policy_time(void** state)
{
    buf_t q = file("quote.bin"), e = endorsements("2030-01-01T00:00:00Z");
    static const oe_uuid_t ecdsa = {OE_FORMAT_UUID_SGX_ECDSA};
    uint8_t* ev = calloc(1, 32 + q.n);
    (void)state;
    put32(ev, 3);
    memcpy(ev + 4, ecdsa.b, 16);
    put32(ev + 24, (uint32_t)q.n);
    memcpy(ev + 32, q.p, q.n);
    /* The creation time (2030) is outside every window... */
    assert_int_not_equal(oe_verify_evidence(NULL, ev, 32 + q.n, e.p, e.n, NULL,
                                            0, NULL, NULL),
                         OE_OK);
    /* ...unless a policy sets the time. */
    oe_datetime_t t = {2025, 6, 20, 0, 0, 0};
    oe_policy_t p = {OE_POLICY_ENDORSEMENTS_TIME, &t, sizeof(t)};
    assert_int_equal(oe_verify_evidence(NULL, ev, 32 + q.n, e.p, e.n, &p, 1,
                                        NULL, NULL),
                     OE_TCB_LEVEL_INVALID);
    /* Custom claims must hash to the report data. */
    uint8_t* with = malloc(q.n + 5);
    memcpy(with, q.p, q.n);
    memcpy(with + q.n, "nonce", 5);
    assert_int_equal(oe_verify_evidence(&ecdsa, with, q.n + 5, e.p, e.n, &p, 1,
                                        NULL, NULL),
                     OE_QUOTE_HASH_MISMATCH);
    /* A header with the wrong size is refused. */
    put32(ev + 24, (uint32_t)q.n + 1);
    assert_int_equal(oe_verify_evidence(NULL, ev, 32 + q.n, e.p, e.n, &p, 1,
                                        NULL, NULL),
                     OE_INVALID_PARAMETER);
    free(with);
    free(ev);
    free(q.p);
    free(e.p);
}

static void formats(void** state)
{
    oe_uuid_t* ids = NULL;
    size_t n = 0;
    uint8_t* settings = (uint8_t*)1;
    size_t settings_size = 1;
    static const oe_uuid_t ecdsa = {OE_FORMAT_UUID_SGX_ECDSA};
    static const oe_uuid_t local = {OE_FORMAT_UUID_SGX_LOCAL_ATTESTATION};
    (void)state;
    assert_int_equal(oe_verifier_initialize(), OE_OK);
    assert_int_equal(oe_verifier_get_formats(&ids, &n), OE_OK);
    assert_int_equal(n, 3); /* SGX_ECDSA, RAW_SGX_QUOTE_ECDSA, LEGACY_REPORT_REMOTE */
    assert_memory_equal(&ids[0], &ecdsa, 16);
    oe_verifier_free_formats(ids);
    assert_int_equal(oe_verifier_get_format_settings(&ecdsa, &settings,
                                                     &settings_size),
                     OE_OK);
    assert_null(settings);
    assert_int_equal(settings_size, 0);
    uint8_t q[8] = {0};
    assert_int_equal(oe_verify_evidence(&local, q, sizeof(q), NULL, 0, NULL, 0,
                                        NULL, NULL),
                     OE_NOT_FOUND);
    assert_int_equal(oe_verifier_shutdown(), OE_OK);
}

static void bad_endorsements(void** state)
{
    static const oe_uuid_t raw = {OE_FORMAT_UUID_RAW_SGX_QUOTE_ECDSA};
    buf_t q = file("quote.bin"), e = endorsements(PHALA_TIME);
    (void)state;
    /* Every truncation of the endorsements fails cleanly. */
    for (size_t len = 0; len < e.n; len += 7) {
        uint8_t* cut = malloc(len ? len : 1);
        memcpy(cut, e.p, len);
        assert_int_not_equal(oe_verify_evidence(&raw, q.p, q.n, len ? cut : NULL,
                                                len, NULL, 0, NULL, NULL),
                             OE_OK);
        free(cut);
    }
    free(q.p);
    free(e.p);
}

int main(void)
{
    if (!vec_available("test_verify_oe_verifier"))
        return SKIP_CODE;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(raw_quote_claims),
        cmocka_unit_test(header_and_policy_time),
        cmocka_unit_test(formats),
        cmocka_unit_test(bad_endorsements),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
