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

#define CHECK(cond, what)                                   \
    do {                                                    \
        if (!(cond)) {                                      \
            fprintf(stderr, "FAIL %d: %s\n", __LINE__, what); \
            failures++;                                     \
        }                                                   \
    } while (0)

static uint32_t get_key(const keep_platform_subject *s, const keep_sgx_key_request *r,
                        uint8_t key[32])
{
    uint8_t request[16 + sizeof(*r)], response[KEEP_PLATFORM_MAX_MESSAGE];
    keep_platform_request_header h = {KEEP_PLATFORM_WIRE_MAGIC, KEEP_PLATFORM_WIRE_VERSION,
                                      KEEP_PLATFORM_OP_GET_KEY, sizeof(*r), 0};
    memcpy(request, &h, 16);
    memcpy(request + 16, r, sizeof(*r));
    size_t n = keep_platform_serve(sim, s, request, sizeof(request), response);
    keep_platform_response_header a;
    memcpy(&a, response, sizeof(a));
    if (a.result == OE_OK && n == 16 + 32)
        memcpy(key, response + 16, 32);
    return a.result;
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

int main(void)
{
    if (keep_platform_open_sim(&sim) != OE_OK)
        return 2;
    known_answers();
    sensitivity();
    keep_platform_close(sim);
    printf("%s: platform key derivation\n", failures ? "FAILED" : "ok");
    return failures ? 1 : 0;
}
