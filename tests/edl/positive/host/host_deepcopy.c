/* Host side of deepcopy.edl. */
#include <stdlib.h>
#include <string.h>

#include "all_u.h"
#include "edltest_check.h"
#include "host_tests.h"

uint64_t ocall_deepcopy_in(NestedStruct *n)
{
    uint64_t sum = 0;
    for (size_t i = 0; i < n->one->count; i++)
        sum += n->one->ptr[i];
    sum += n->many[0].ptr[0];
    for (int i = 0; i < 3; i++)
        sum += (uint64_t)n->three[i];
    return sum;
}

void ocall_deepcopy_inout(CountStruct *s)
{
    for (size_t i = 0; i < s->count; i++)
        s->ptr[i] += 100;
}

void ocall_deepcopy_out(CountStruct *s)
{
    s->count = 3;
    s->ptr = malloc(3 * sizeof(uint64_t));
    for (int i = 0; i < 3; i++)
        s->ptr[i] = 40 + (uint64_t)i;
}

void ocall_deepcopy_out_nested(NestedStruct *n)
{
    memset(n, 0, 2 * sizeof(*n));
    n[0].plain = 8;
    n[0].one = malloc(sizeof(CountStruct));
    n[0].one->count = 1;
    n[0].one->ptr = malloc(sizeof(uint64_t));
    n[0].one->ptr[0] = 77;
    n[1].plain = 9;
}

static void test_deepcopy_inout(oe_enclave_t *e)
{
    uint8_t bytes[4] = {1, 2, 3, 4};
    SizeStruct ss = {4, bytes};
    int fixed[4] = {1, 2, 3, 4};
    ConstCountStruct cc = {fixed, 'a'};
    uint64_t v[3] = {1, 2, 3}, one_v[2] = {5, 6}, many_v[1] = {7};
    CountStruct cs = {3, v}, one = {2, one_v}, many[2] = {{1, many_v}, {0, NULL}};
    int three[3] = {1, 2, 3};
    NestedStruct n = {1, three, &one, 2, many};

    CHECK_OK(deepcopy_size_inout(e, &ss));
    CHECK(ss.ptr == bytes && bytes[0] == 2 && bytes[3] == 8);
    CHECK_OK(deepcopy_const_count(e, &cc));
    CHECK(cc.fixed == fixed && fixed[0] == 2 && fixed[3] == 5 && cc.tag == 'Z');
    CHECK_OK(deepcopy_inout(e, &cs));
    CHECK(cs.count == 3 && cs.ptr == v && v[0] == 10 && v[2] == 30);
    CHECK_RESULT(deepcopy_grow(e, &cs), OE_FAILURE);
    CHECK(cs.count == 3 && cs.ptr == v);
    CHECK_OK(deepcopy_nested(e, &n));
    CHECK(n.plain == 2 && n.three == three && three[0] == 10 && three[2] == 30);
    CHECK(n.one == &one && one_v[1] == 60 && n.many == many && many_v[0] == 70);
    CHECK(many[1].ptr == NULL && n.n == 2);
}

static void test_deepcopy_out(oe_enclave_t *e)
{
    CountStruct out = {0, NULL};
    NestedStruct n[2];
    memset(n, 0xee, sizeof(n)); /* [out]: the callee never sees this */
    CHECK_OK(deepcopy_out(e, &out));
    CHECK(out.count == 4 && out.ptr && out.ptr[0] == 1000 && out.ptr[3] == 1003);
    free(out.ptr);
    CHECK_OK(deepcopy_out_nested(e, n));
    CHECK(n[0].plain == 5 && n[0].three && n[0].three[2] == 32);
    CHECK(n[0].one && n[0].one->count == 2 && n[0].one->ptr[1] == 501);
    CHECK(n[0].n == 1 && n[0].many && n[0].many[0].ptr[0] == 700);
    CHECK(n[1].plain == 6 && !n[1].three && !n[1].one && !n[1].many);
    if (n[0].one)
        free(n[0].one->ptr);
    if (n[0].many)
        free(n[0].many[0].ptr);
    free(n[0].one);
    free(n[0].many);
    free(n[0].three);
}

void test_deepcopy(oe_enclave_t *e)
{
    uint64_t v[3] = {1, 2, 3}, w[2] = {10, 20}, sum = 0;
    uint32_t cs_v[4] = {1, 2, 3, 4}, sum32 = 0;
    CountStruct cs = {3, v}, arr[2] = {{3, v}, {2, w}};
    CountSizeStruct csz = {2, 8, cs_v};
    ShallowStruct sh = {0, &sum};
    NestedStruct empty = {0, NULL, NULL, 0, NULL};
    int nulls = -1, failures = -1;

    CHECK_OK(deepcopy_in(e, &sum, &cs));
    CHECK(sum == 6 && v[0] == 1);
    CHECK_OK(deepcopy_countsize(e, &sum32, &csz));
    CHECK(sum32 == 10);
    CHECK_OK(deepcopy_array(e, &sum, arr));
    CHECK(sum == 36);
    sh.value = (uint64_t)(uintptr_t)sh.raw;
    CHECK_OK(deepcopy_shallow(e, &sh));
    CHECK_OK(deepcopy_null(e, &nulls, NULL, NULL));
    CHECK(nulls == 2);
    CHECK_OK(deepcopy_null(e, &nulls, &cs, &empty));
    CHECK(nulls == 0);
    test_deepcopy_inout(e);
    test_deepcopy_out(e);
    CHECK_OK(deepcopy_run_ocalls(e, &failures));
    CHECK(failures == 0);
}
