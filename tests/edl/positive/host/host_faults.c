/* Hostile-host tests (fixture only: they need the test runtime's tamper
 * hooks). The host changes OCALL outputs after its function returned; the
 * enclave's generated wrapper must answer with an error, never a crash,
 * and must not leak what it had already unpacked (ASan checks that). */
#include <string.h>

#include "all_u.h"
#include "edltest_check.h"
#include "edltest_runtime.h"
#include "host_tests.h"

enum { PROBE_INT, PROBE_STRING, PROBE_DEEPCOPY, PROBE_DEEPCOPY_NESTED, PROBE_ARRAY };
enum { T_SHORT, T_LONG, T_RESULT, T_BOGUS_RESULT, T_LAST16, T_COUNT_HUGE, T_COUNT_SMALL,
       T_NESTED_COUNT };

static int tamper_kind;

static void tamper(size_t id, uint8_t *out, size_t out_size, size_t *written)
{
    (void)id;
    switch (tamper_kind) {
    case T_SHORT:
        *written -= 16;
        break;
    case T_LONG:
        *written += 16;
        break;
    case T_RESULT:
        ((oe_result_t *)(void *)out)[0] = OE_OUT_OF_MEMORY;
        break;
    case T_BOGUS_RESULT:
        memcpy(out, &(uint32_t){0x7fff1234u}, sizeof(uint32_t));
        break;
    case T_LAST16: /* overwrite the last section, e.g. a string's NUL */
        memset(out + out_size - 16, 'A', 16);
        break;
    case T_COUNT_HUGE: /* a CountStruct [out] is the last 16 bytes */
        *(size_t *)(void *)(out + out_size - 16) = (size_t)1 << 40;
        break;
    case T_COUNT_SMALL:
        *(size_t *)(void *)(out + out_size - 16) = 1;
        break;
    case T_NESTED_COUNT: {
        /* Claim nested data the deep-copy buffer does not hold, after the
         * enclave already unpacked n[0].one: that must be freed again. */
        NestedStruct *n = (NestedStruct *)(void *)(out + out_size - 2 * sizeof(NestedStruct));
        n[0].n = 5;
        n[0].many = (CountStruct *)OE_EDGER8R_DEEPCOPY_PRESENT;
        break;
    }
    }
}

static int probe(oe_enclave_t *e, int which, int kind)
{
    int r = -1;
    tamper_kind = kind;
    edltest_set_ocall_tamper(tamper);
    CHECK_OK(enc_fault_probe(e, &r, which));
    edltest_set_ocall_tamper(NULL);
    return r;
}

static void ecall_tamper_short(size_t id, uint8_t *out, size_t out_size, size_t *written)
{
    (void)id;
    (void)out;
    (void)out_size;
    *written -= 16;
}

/* Hostile inputs to ECALLs: the enclave's forwarder must refuse them
 * before the user function runs. */
static int input_kind;
enum { I_TRUNCATE, I_STRING_NUL, I_COUNT_HUGE, I_COUNT_OVERFLOW };

static void tamper_input(uint8_t *in, size_t *in_size)
{
    switch (input_kind) {
    case I_TRUNCATE: /* drop the last section */
        *in_size -= 16;
        break;
    case I_STRING_NUL: /* the string is the last section */
        memset(in + *in_size - 16, 'A', 16);
        break;
    case I_COUNT_HUGE:
    case I_COUNT_OVERFLOW:
        /* ecall_ptr_in's n (== 5) is the only size_t 5 in its args struct. */
        for (size_t off = 0; off + sizeof(size_t) <= 96; off += sizeof(size_t)) {
            size_t v;
            memcpy(&v, in + off, sizeof(v));
            if (v == 5) {
                v = input_kind == I_COUNT_HUGE ? (size_t)1 << 40 : SIZE_MAX / 4;
                memcpy(in + off, &v, sizeof(v));
                break;
            }
        }
        break;
    }
}

static oe_result_t hostile_input(oe_enclave_t *e, int kind)
{
    int p1 = 1, c4[4] = {10, 11, 12, 13}, s16[4] = {20, 21, 22, 23};
    int64_t cn[5] = {0, 100, 200, 300, 400};
    char abc[6] = {'a', 'b', 'c', 'd', 'e', 'f'};
    size_t n = 0;
    oe_result_t r;
    input_kind = kind;
    edltest_set_ecall_input_tamper(tamper_input);
    if (kind == I_STRING_NUL)
        r = ecall_str_in(e, &n, "hello enclave");
    else
        r = ecall_ptr_in(e, &p1, c4, s16, cn, 5, abc, 6);
    edltest_set_ecall_input_tamper(NULL);
    return r;
}

void test_faults(oe_enclave_t *e)
{
    int i = 0;
    CHECK(probe(e, PROBE_INT, T_SHORT) == OE_FAILURE);
    CHECK(probe(e, PROBE_INT, T_LONG) == OE_FAILURE);
    CHECK(probe(e, PROBE_INT, T_RESULT) == OE_OUT_OF_MEMORY);
    CHECK(probe(e, PROBE_INT, T_BOGUS_RESULT) == OE_UNEXPECTED);
    CHECK(probe(e, PROBE_ARRAY, T_SHORT) == OE_FAILURE);
    CHECK(probe(e, PROBE_STRING, T_LAST16) == OE_INVALID_PARAMETER);
    CHECK(probe(e, PROBE_DEEPCOPY, T_COUNT_HUGE) == OE_BUFFER_TOO_SMALL);
    CHECK(probe(e, PROBE_DEEPCOPY, T_COUNT_SMALL) == OE_FAILURE);
    CHECK(probe(e, PROBE_DEEPCOPY_NESTED, T_NESTED_COUNT) != OE_OK);
    /* Untampered, the same probes succeed. */
    CHECK(probe(e, PROBE_DEEPCOPY, -1) == OE_OK);
    CHECK(probe(e, PROBE_DEEPCOPY_NESTED, -1) == OE_OK);
    /* With oe_edger8r_secure_unserialize off, outputs are read in place:
     * the same answers, and the same refusals. */
    CHECK(probe(e, 100 + PROBE_STRING, -1) == OE_OK);
    CHECK(probe(e, 100 + PROBE_DEEPCOPY_NESTED, -1) == OE_OK);
    CHECK(probe(e, 100 + PROBE_INT, T_SHORT) == OE_FAILURE);
    CHECK(probe(e, 100 + PROBE_DEEPCOPY, T_COUNT_HUGE) == OE_BUFFER_TOO_SMALL);
    CHECK(probe(e, 100 + PROBE_DEEPCOPY_NESTED, T_NESTED_COUNT) != OE_OK);
    CHECK(hostile_input(e, I_TRUNCATE) == OE_BUFFER_TOO_SMALL);
    CHECK(hostile_input(e, I_STRING_NUL) == OE_INVALID_PARAMETER);
    CHECK(hostile_input(e, I_COUNT_HUGE) == OE_BUFFER_TOO_SMALL);
    CHECK(hostile_input(e, I_COUNT_OVERFLOW) == OE_INTEGER_OVERFLOW);
    /* The host wrapper checks `written` too. */
    edltest_set_ecall_tamper(ecall_tamper_short);
    CHECK_RESULT(ecall_ret_int(e, &i, 1), OE_FAILURE);
    edltest_set_ecall_tamper(NULL);
}
