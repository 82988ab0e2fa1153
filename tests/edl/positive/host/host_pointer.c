/* Host side of pointer.edl. */
#include <string.h>

#include "all_u.h"
#include "edltest_check.h"
#include "host_tests.h"

void ocall_ptr_in(int *p1, int64_t *cn, size_t n, void *v, size_t sz)
{
    CHECK(*p1 == 1 && n == 3 && cn[2] == 200);
    CHECK(sz == 3 && memcmp(v, "xyz", 3) == 0);
    *p1 = 55;
}

void ocall_ptr_out(int *p1, int *c4, int64_t *cn, size_t n)
{
    CHECK(*p1 == 0);
    *p1 = 11;
    for (int i = 0; i < 4; i++)
        c4[i] = -i;
    for (size_t i = 0; i < n; i++)
        cn[i] = (int64_t)i;
}

void ocall_ptr_inout(int *p1, short *cn, uint32_t n)
{
    *p1 += 100;
    for (uint32_t i = 0; i < n; i++)
        cn[i] = (short)(cn[i] * 2);
}

int *ocall_ptr_return(int *p)
{
    return p;
}

void test_pointer(oe_enclave_t *e)
{
    int p1 = 1, c4[4] = {10, 11, 12, 13}, s16[4] = {20, 21, 22, 23};
    int64_t cn[5] = {0, 100, 200, 300, 400}, on[2] = {1, 1};
    int o1 = -1, oc4[4] = {8, 8, 8, 8};
    unsigned char v[5] = {0};
    short sn[3] = {1, 2, -3};
    int uc = 1234, *ret = NULL, nulls = -1, failures = -1;
    uint16_t cp[2] = {0xbeef, 0xcafe};
    double cd = -0.5;

    char abc[6] = {'a', 'b', 'c', 'd', 'e', 'f'};
    CHECK_OK(ecall_ptr_in(e, &p1, c4, s16, cn, 5, abc, 6));
    CHECK(p1 == 1);
    CHECK_OK(ecall_ptr_out(e, &o1, oc4, on, 2, v, sizeof(v)));
    CHECK(o1 == 11 && oc4[0] == 0 && oc4[3] == -3 && on[0] == 0 && on[1] == -7);
    CHECK(v[0] == 0x5a && v[4] == 0x5a);
    CHECK_OK(ecall_ptr_inout(e, &p1, sn, 3));
    CHECK(p1 == 101 && sn[0] == 2 && sn[2] == -6);
    CHECK_OK(ecall_ptr_user_check(e, &uc));
    CHECK(!EDLTEST_SHARED_MEMORY || uc == 4321);
    CHECK_OK(ecall_ptr_return(e, &ret, &uc));
    CHECK(ret == &uc);
    CHECK_OK(ecall_ptr_nulls(e, &nulls, NULL, NULL, NULL, NULL, 3));
    CHECK(nulls == 4);
    CHECK_OK(ecall_ptr_nulls(e, &nulls, &p1, &o1, &uc, c4, 3));
    CHECK(nulls == 0);
    CHECK_OK(ecall_ptr_const(e, cp, &cd));
    CHECK_OK(ecall_ptr_run_ocalls(e, &failures));
    CHECK(failures == 0);
}
