/* Enclave side of pointer.edl. */
#include <string.h>

#include "all_t.h"
#include "edltest_check.h"

static int enc_static_value = 5;

void ecall_ptr_in(int *p1, int *c4, int *s16, int64_t *cn, size_t n, void *v, size_t sz)
{
    CHECK(p1 && *p1 == 1);
    for (int i = 0; i < 4; i++)
        CHECK(c4[i] == 10 + i && s16[i] == 20 + i);
    CHECK(n == 5);
    for (size_t i = 0; i < n; i++)
        CHECK(cn[i] == (int64_t)(i * 100));
    CHECK(sz == 6 && memcmp(v, "abcdef", 6) == 0);
    *p1 = 77; /* not copied back */
}

void ecall_ptr_out(int *p1, int *c4, int64_t *cn, size_t n, void *v, size_t sz)
{
    CHECK(*p1 == 0 && c4[3] == 0);
    *p1 = 11;
    for (int i = 0; i < 4; i++)
        c4[i] = -i;
    for (size_t i = 0; i < n; i++)
        cn[i] = (int64_t)i * -7;
    memset(v, 0x5a, sz);
}

void ecall_ptr_inout(int *p1, short *cn, uint32_t n)
{
    *p1 += 100;
    for (uint32_t i = 0; i < n; i++)
        cn[i] = (short)(cn[i] * 2);
}

void ecall_ptr_user_check(int *p)
{
    CHECK(p != NULL);
    if (EDLTEST_SHARED_MEMORY) {
        CHECK(*p == 1234);
        *p = 4321; /* user_check is the caller's own memory */
    }
}

int *ecall_ptr_return(int *p)
{
    return p ? p : &enc_static_value;
}

int ecall_ptr_nulls(int *a, int *b, int *c, int *d, size_t n)
{
    CHECK(n == 3);
    return (a == NULL) + (b == NULL) + (c == NULL) + (d == NULL);
}

void ecall_ptr_const(const uint16_t *p, const double *d)
{
    CHECK(p[0] == 0xbeef && p[1] == 0xcafe && *d == -0.5);
}

int ecall_ptr_run_ocalls(void)
{
    int before = edltest_failures;
    int p1 = 1, o1 = -1, c4[4] = {9, 9, 9, 9};
    int64_t cn[3] = {0, 100, 200}, on[3] = {0};
    short sn[2] = {5, -6};
    int *ret = NULL;

    char xyz[3] = {'x', 'y', 'z'};
    CHECK_OK(ocall_ptr_in(&p1, cn, 3, xyz, 3));
    CHECK(p1 == 1);
    CHECK_OK(ocall_ptr_out(&o1, c4, on, 3));
    CHECK(o1 == 11 && c4[0] == 0 && c4[3] == -3 && on[2] == 2);
    CHECK_OK(ocall_ptr_inout(&p1, sn, 2));
    CHECK(p1 == 101 && sn[0] == 10 && sn[1] == -12);
    CHECK_OK(ocall_ptr_return(&ret, &p1));
    CHECK(ret == &p1);
    return edltest_failures - before;
}
