/* Known answers for the platform's key derivation (docs/platform.md): a
 * sealed blob is only as durable as the derivation, so any change to it
 * must show up here. Runs on the published simulation platform through
 * keep_platform_serve (the request server both backends use), and checks
 * that every identity field, the policy and the key id move the key while
 * a masked-out attribute does not. */
#include <stdio.h>
#include <string.h>

#include "../../src/common/platform_wire.h"
#include "../../src/platform/platform.h"

static int failures;
static keep_platform *sim;

#define CHECK(cond, what)                                                                          \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "FAIL %d: %s\n", __LINE__, what);                                      \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

/* Sends `count` requests in one GET_KEY; returns the result and the size
 * of the answer's payload. */
static uint32_t get_keys(const keep_platform_subject *s, const keep_sgx_key_request *r,
                         size_t count, uint8_t *keys, size_t *payload)
{
    static uint8_t request[KEEP_PLATFORM_MAX_MESSAGE], response[KEEP_PLATFORM_MAX_MESSAGE];
    keep_platform_request_header h = {KEEP_PLATFORM_WIRE_MAGIC, KEEP_PLATFORM_WIRE_VERSION,
                                      KEEP_PLATFORM_OP_GET_KEY, (uint32_t)(count * sizeof(*r)), 0};
    memcpy(request, &h, 16);
    memcpy(request + 16, r, count * sizeof(*r));
    size_t n = keep_platform_serve(sim, s, request, 16 + count * sizeof(*r), response);
    keep_platform_response_header a;
    memcpy(&a, response, sizeof(a));
    *payload = n - 16;
    if (a.result == OE_OK)
        memcpy(keys, response + 16, *payload);
    return a.result;
}

static uint32_t get_key(const keep_platform_subject *s, const keep_sgx_key_request *r,
                        uint8_t key[32])
{
    size_t payload = 0;
    uint8_t answer[32];
    uint32_t result = get_keys(s, r, 1, answer, &payload);
    if (result == OE_OK && payload == 32)
        memcpy(key, answer, 32);
    return result;
}

static void subject(keep_platform_subject *s)
{
    memset(s, 0, sizeof(*s));
    memset(s->mr_enclave, 0x11, 32);
    memset(s->mr_signer, 0x22, 32);
    s->isv_prod_id = 7;
    s->isv_svn = 3;
    s->flags = 0x5; /* INITTED | MODE64BIT */
    s->xfrm = 0x3;
}

static void request(keep_sgx_key_request *r, uint16_t policy)
{
    memset(r, 0, sizeof(*r));
    r->key_name = KEEP_SGX_KEYSELECT_SEAL;
    r->key_policy = policy;
    r->isv_svn = 3;
    memset(r->cpu_svn, 1, sizeof(r->cpu_svn));
    r->attribute_mask.flags = 0xFF0000000000000Bull;
    r->misc_mask = 0xF0000000u;
    memset(r->key_id, 0x33, sizeof(r->key_id));
}

static void hex(char *out, const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", b[i]);
}

/* The pinned values, also computed independently (Python's hmac, RFC 5869
 * HKDF over the info layout in docs/platform.md). Change them only with a
 * deliberate, documented change to the derivation: it orphans every
 * sealed blob. */
static const char *const known_product =
    "bcc40c98935d19a8d5c0a9279a37827a119841bebfffce0369ebe840afc1ca71";
static const char *const known_unique =
    "2a130517dd3bb45d20e655085e84f7ea3af147ab4d405d1ef1e3d6a23dc1acd9";

static void known_answers(void)
{
    keep_platform_subject s;
    keep_sgx_key_request r;
    uint8_t key[32];
    char text[65];
    subject(&s);
    request(&r, KEEP_SGX_KEYPOLICY_MRSIGNER);
    CHECK(get_key(&s, &r, key) == OE_OK, "PRODUCT key");
    hex(text, key, 32);
    if (strcmp(text, known_product) != 0)
        fprintf(stderr, "PRODUCT key %s\n", text);
    CHECK(strcmp(text, known_product) == 0, "PRODUCT known answer");
    request(&r, KEEP_SGX_KEYPOLICY_MRENCLAVE);
    CHECK(get_key(&s, &r, key) == OE_OK, "UNIQUE key");
    hex(text, key, 32);
    if (strcmp(text, known_unique) != 0)
        fprintf(stderr, "UNIQUE key %s\n", text);
    CHECK(strcmp(text, known_unique) == 0, "UNIQUE known answer");
}

/* Each change to the inputs gives another key (or a refusal). */
static void sensitivity(void)
{
    keep_platform_subject s, t;
    keep_sgx_key_request r, q;
    uint8_t base[32], key[32];
    subject(&s);
    request(&r, KEEP_SGX_KEYPOLICY_MRSIGNER | KEEP_SGX_KEYPOLICY_MRENCLAVE);
    CHECK(get_key(&s, &r, base) == OE_OK, "base");
    t = s, t.mr_enclave[31] ^= 1;
    CHECK(get_key(&t, &r, key) == OE_OK && memcmp(key, base, 32), "MRENCLAVE");
    t = s, t.mr_signer[0] ^= 1;
    CHECK(get_key(&t, &r, key) == OE_OK && memcmp(key, base, 32), "MRSIGNER");
    t = s, t.isv_prod_id = 8;
    CHECK(get_key(&t, &r, key) == OE_OK && memcmp(key, base, 32), "ISVPRODID");
    t = s, t.flags |= KEEP_SGX_FLAGS_DEBUG;
    CHECK(get_key(&t, &r, key) == OE_OK && memcmp(key, base, 32), "DEBUG");
    t = s, t.isv_svn = 4; /* a newer enclave derives its older version's key */
    CHECK(get_key(&t, &r, key) == OE_OK && !memcmp(key, base, 32), "newer ISVSVN, same key");
    q = r, q.isv_svn = 4;
    CHECK(get_key(&s, &q, key) == OE_INVALID_ISVSVN, "newer ISVSVN refused");
    q = r, q.key_id[0] ^= 1;
    CHECK(get_key(&s, &q, key) == OE_OK && memcmp(key, base, 32), "key id");
    q = r, q.cpu_svn[0] = 2;
    CHECK(get_key(&s, &q, key) == OE_INVALID_CPUSVN, "newer CPUSVN refused");
    q = r, q.key_name = KEEP_SGX_KEYSELECT_REPORT;
    CHECK(get_key(&s, &q, key) == OE_INVALID_KEYNAME, "report key refused");
    q = r, q.key_policy = 0x0008;
    CHECK(get_key(&s, &q, key) == OE_INVALID_PARAMETER, "KSS policy refused");
    q = r, q.reserved2[0] = 1;
    CHECK(get_key(&s, &q, key) == OE_INVALID_PARAMETER, "reserved bytes");
    t = s, t.flags |= 0x10; /* PROVISION_KEY: outside the mask */
    CHECK(get_key(&t, &r, key) == OE_OK && !memcmp(key, base, 32), "masked-out attribute");
}

/* A batch answers exactly what the single requests do, in order; one
 * refused request refuses the batch; the batch size is bounded. */
static void batches(void)
{
    keep_platform_subject s;
    keep_sgx_key_request r[KEEP_PLATFORM_MAX_KEY_BATCH + 1];
    uint8_t keys[(KEEP_PLATFORM_MAX_KEY_BATCH + 1) * 32], one[32];
    size_t payload = 0;
    subject(&s);
    for (size_t i = 0; i <= KEEP_PLATFORM_MAX_KEY_BATCH; i++) {
        request(&r[i], i % 2 ? KEEP_SGX_KEYPOLICY_MRENCLAVE : KEEP_SGX_KEYPOLICY_MRSIGNER);
        r[i].key_id[0] = (uint8_t)i;
    }
    CHECK(get_keys(&s, r, 3, keys, &payload) == OE_OK && payload == 96, "batch of 3");
    for (size_t i = 0; i < 3; i++)
        CHECK(get_key(&s, &r[i], one) == OE_OK && memcmp(one, keys + 32 * i, 32) == 0,
              "batch key equals the single request's");
    CHECK(get_keys(&s, r, KEEP_PLATFORM_MAX_KEY_BATCH, keys, &payload) == OE_OK &&
              payload == KEEP_PLATFORM_MAX_KEY_BATCH * 32,
          "largest batch");
    CHECK(get_keys(&s, r, KEEP_PLATFORM_MAX_KEY_BATCH + 1, keys, &payload) ==
                  OE_INVALID_PARAMETER &&
              payload == 0,
          "batch over the bound refused");
    r[1].isv_svn = 4; /* newer than the enclave's: SGX refuses it */
    CHECK(get_keys(&s, r, 3, keys, &payload) == OE_INVALID_ISVSVN && payload == 0,
          "one refused request refuses the batch, no key bytes");
}

int main(void)
{
    if (keep_platform_open_sim(&sim) != OE_OK)
        return 2;
    known_answers();
    sensitivity();
    batches();
    keep_platform_close(sim);
    printf("%s: platform key derivation\n", failures ? "FAILED" : "ok");
    return failures ? 1 : 0;
}
