/* Enclave side of deepcopy.edl. */
#include <stdlib.h>

#include "all_t.h"
#include "edltest_check.h"

uint64_t deepcopy_in(CountStruct *s)
{
    uint64_t sum = 0;
    CHECK(s->count == 3 && oe_is_within_enclave(s->ptr, 3 * sizeof(uint64_t)));
    for (size_t i = 0; i < s->count; i++)
        sum += s->ptr[i];
    s->ptr[0] = 99; /* [in]: not copied back */
    return sum;
}

void deepcopy_size_inout(SizeStruct *s)
{
    CHECK(s->size == 4);
    for (size_t i = 0; i < s->size; i++) {
        CHECK(s->ptr[i] == i + 1);
        s->ptr[i] = (uint8_t)(s->ptr[i] * 2);
    }
}

uint32_t deepcopy_countsize(CountSizeStruct *s)
{
    uint32_t sum = 0;
    CHECK(s->count == 2 && s->size == 8);
    for (size_t i = 0; i < 4; i++) /* count * size bytes = 4 uint32_t */
        sum += s->ptr[i];
    return sum;
}

void deepcopy_const_count(ConstCountStruct *s)
{
    for (int i = 0; i < 4; i++)
        s->fixed[i] += 1;
    s->tag = 'Z';
}

void deepcopy_inout(CountStruct *s)
{
    for (size_t i = 0; i < s->count; i++)
        s->ptr[i] *= 10;
    s->count = 2; /* shrinking is allowed, and the caller keeps its count */
}

void deepcopy_grow(CountStruct *s)
{
    s->count += 10; /* growing is not: the caller must see an error */
}

void deepcopy_nested(NestedStruct *n)
{
    CHECK(n->plain == 1 && n->three[2] == 3 && n->one->count == 2 && n->one->ptr[1] == 6);
    CHECK(n->n == 2 && n->many[0].count == 1 && n->many[0].ptr[0] == 7);
    CHECK(n->many[1].count == 0 && n->many[1].ptr == NULL);
    n->plain = 2;
    for (int i = 0; i < 3; i++)
        n->three[i] *= 10;
    n->one->ptr[1] = 60;
    n->many[0].ptr[0] = 70;
}

uint64_t deepcopy_array(CountStruct *arr)
{
    uint64_t sum = 0;
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < arr[k].count; i++)
            sum += arr[k].ptr[i];
    return sum;
}

static uint64_t *enc_values(size_t n, uint64_t base)
{
    uint64_t *p = malloc(n * sizeof(*p));
    for (size_t i = 0; p && i < n; i++)
        p[i] = base + i;
    return p;
}

void deepcopy_out(CountStruct *s)
{
    CHECK(s->count == 0 && s->ptr == NULL);
    s->count = 4;
    s->ptr = enc_values(4, 1000);
}

void deepcopy_out_nested(NestedStruct *n)
{
    n[0].plain = 5;
    n[0].three = malloc(3 * sizeof(int));
    for (int i = 0; i < 3; i++)
        n[0].three[i] = 30 + i;
    n[0].one = malloc(sizeof(CountStruct));
    n[0].one->count = 2;
    n[0].one->ptr = enc_values(2, 500);
    n[0].n = 1;
    n[0].many = malloc(sizeof(CountStruct));
    n[0].many[0].count = 1;
    n[0].many[0].ptr = enc_values(1, 700);
    n[1].plain = 6; /* every pointer NULL */
}

void deepcopy_shallow(ShallowStruct *s)
{
    CHECK(s->value == (uint64_t)(uintptr_t)s->raw);
}

int deepcopy_null(CountStruct *s, NestedStruct *n)
{
    CHECK(n == NULL || (n->three == NULL && n->one == NULL && n->many == NULL));
    return (s == NULL) + (n == NULL);
}

int deepcopy_run_ocalls(void)
{
    int before = edltest_failures;
    uint64_t sum = 0, vals[2] = {1, 2}, many_vals[1] = {3};
    int three[3] = {4, 5, 6};
    CountStruct one = {2, vals}, many = {1, many_vals}, io = {2, vals}, out = {0, NULL};
    NestedStruct n = {0, three, &one, 1, &many}, outn[2];

    CHECK_OK(ocall_deepcopy_in(&sum, &n));
    CHECK(sum == 1 + 2 + 3 + 4 + 5 + 6);
    CHECK_OK(ocall_deepcopy_inout(&io));
    CHECK(io.count == 2 && io.ptr == vals && vals[0] == 101 && vals[1] == 102);
    CHECK_OK(ocall_deepcopy_out(&out));
    CHECK(out.count == 3 && out.ptr && oe_is_within_enclave(out.ptr, 3 * sizeof(uint64_t)));
    CHECK(out.ptr && out.ptr[0] == 40 && out.ptr[2] == 42);
    oe_free(out.ptr);
    CHECK_OK(ocall_deepcopy_out_nested(outn));
    CHECK(outn[0].plain == 8 && outn[0].three == NULL && outn[0].many == NULL);
    CHECK(outn[0].one && outn[0].one->count == 1 && outn[0].one->ptr[0] == 77);
    CHECK(outn[0].one && oe_is_within_enclave(outn[0].one->ptr, sizeof(uint64_t)));
    CHECK(outn[1].plain == 9 && outn[1].one == NULL);
    if (outn[0].one)
        oe_free(outn[0].one->ptr);
    oe_free(outn[0].one);
    return edltest_failures - before;
}
