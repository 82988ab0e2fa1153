/* Enclave side of array.edl. */
#include "all_t.h"
#include "edltest_check.h"

void ecall_array_in(int a[4], int b[2][3], int c[2][2][2])
{
    for (int i = 0; i < 4; i++)
        CHECK(a[i] == i + 1);
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 3; j++)
            CHECK(b[i][j] == 10 * i + j);
    for (int i = 0; i < 8; i++)
        CHECK(c[i / 4][(i / 2) % 2][i % 2] == 100 + i);
    a[0] = -1; /* an [in] change must not come back */
}

void ecall_array_out(int a[4], double b[2][3])
{
    if (!a)
        return; /* the NULL-array case */
    for (int i = 0; i < 4; i++)
        CHECK(a[i] == 0); /* [out] starts zeroed, never with caller data */
    for (int i = 0; i < 4; i++)
        a[i] = 40 + i;
    for (int i = 0; i < 6; i++)
        b[i / 3][i % 3] = i * 0.5;
}

void ecall_array_inout(int a[4], uint64_t c[2][2][2])
{
    for (int i = 0; i < 4; i++) {
        CHECK(a[i] == i);
        a[i] *= 3;
    }
    for (int i = 0; i < 8; i++)
        c[i / 4][(i / 2) % 2][i % 2] += 1000;
}

void ecall_array_user_check(int a[4])
{
    /* The fixture runs in one process, so the host's pointer is usable. */
    CHECK(a != NULL && (!EDLTEST_SHARED_MEMORY || a[3] == 33));
}

void ecall_array_default(char a[3])
{
    CHECK(a[0] == 'x' && a[1] == 'y' && a[2] == 'z');
}

int ecall_array_run_ocalls(void)
{
    int before = edltest_failures;
    int a[4] = {1, 2, 3, 4};
    int b[2][3] = {{0, 1, 2}, {10, 11, 12}};
    int c[2][2][2] = {{{100, 101}, {102, 103}}, {{104, 105}, {106, 107}}};
    int out_a[4] = {9, 9, 9, 9};
    double out_b[2][3] = {{0}};
    uint64_t io[2][2][2] = {{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}};
    int io_a[4] = {0, 1, 2, 3};

    CHECK_OK(ocall_array_in(a, b, c));
    CHECK(a[0] == 1);
    CHECK_OK(ocall_array_out(out_a, out_b));
    for (int i = 0; i < 4; i++)
        CHECK(out_a[i] == 40 + i);
    CHECK(out_b[1][2] == 2.5);
    CHECK_OK(ocall_array_inout(io_a, io));
    for (int i = 0; i < 4; i++)
        CHECK(io_a[i] == 3 * i);
    CHECK(io[1][1][1] == 1008);
    CHECK_OK(ocall_array_user_check(a));
    return edltest_failures - before;
}
