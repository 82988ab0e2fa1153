/* Host side of array.edl. */
#include "all_u.h"
#include "edltest_check.h"
#include "host_tests.h"

void ocall_array_in(int a[4], int b[2][3], int c[2][2][2])
{
    for (int i = 0; i < 4; i++)
        CHECK(a[i] == i + 1);
    CHECK(b[1][2] == 12 && c[1][1][1] == 107);
    a[0] = -1;
}

void ocall_array_out(int a[4], double b[2][3])
{
    for (int i = 0; i < 4; i++) {
        CHECK(a[i] == 0);
        a[i] = 40 + i;
    }
    for (int i = 0; i < 6; i++)
        b[i / 3][i % 3] = i * 0.5;
}

void ocall_array_inout(int a[4], uint64_t c[2][2][2])
{
    for (int i = 0; i < 4; i++)
        a[i] *= 3;
    for (int i = 0; i < 8; i++)
        c[i / 4][(i / 2) % 2][i % 2] += 1000;
}

void ocall_array_user_check(int a[4])
{
    CHECK(a != NULL && (!EDLTEST_SHARED_MEMORY || a[0] == 1));
}

void test_array(oe_enclave_t *e)
{
    int a[4] = {1, 2, 3, 4};
    int b[2][3] = {{0, 1, 2}, {10, 11, 12}};
    int c[2][2][2] = {{{100, 101}, {102, 103}}, {{104, 105}, {106, 107}}};
    int out_a[4] = {7, 7, 7, 7};
    double out_b[2][3] = {{0}};
    int io_a[4] = {0, 1, 2, 3};
    uint64_t io_c[2][2][2] = {{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}};
    int uc[4] = {0, 0, 0, 33};
    char def[3] = {'x', 'y', 'z'};
    int failures = -1;

    CHECK_OK(ecall_array_in(e, a, b, c));
    CHECK(a[0] == 1);
    CHECK_OK(ecall_array_out(e, out_a, out_b));
    for (int i = 0; i < 4; i++)
        CHECK(out_a[i] == 40 + i);
    CHECK(out_b[0][1] == 0.5 && out_b[1][2] == 2.5);
    CHECK_OK(ecall_array_inout(e, io_a, io_c));
    for (int i = 0; i < 4; i++)
        CHECK(io_a[i] == 3 * i);
    CHECK(io_c[0][0][0] == 1001 && io_c[1][1][1] == 1008);
    CHECK_OK(ecall_array_user_check(e, uc));
    CHECK_OK(ecall_array_default(e, def));
    /* NULL arrays travel as NULL. */
    CHECK_OK(ecall_array_out(e, NULL, out_b));
    CHECK_OK(ecall_array_run_ocalls(e, &failures));
    CHECK(failures == 0);
}
