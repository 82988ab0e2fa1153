/* Host side of foreign.edl, errno.edl, aliasing.edl and switchless.edl. */
#include <errno.h>
#include <string.h>

#include "all_u.h"
#include "edltest_check.h"
#include "host_tests.h"

/* Provided by the test fixture's runtime only; absent (NULL) elsewhere. */
size_t edltest_switchless_ecalls(void) __attribute__((weak));

static size_t switchless_ecalls(void)
{
    return edltest_switchless_ecalls ? edltest_switchless_ecalls() : 0;
}

my_handle_t ocall_foreign(my_handle_t h, my_array4_t arr_io, my_pair_ptr_t pp, my_pair_t *pout,
                          size_t n)
{
    CHECK(arr_io[1] == 2 && pp->a == 7 && pp->b == 8 && n == 3);
    arr_io[0] = -1;
    pout[n - 1].a = 9;
    pout[n - 1].b = 10;
    return h + 1;
}

int ocall_errno_propagated(int value)
{
    errno = value;
    return -1;
}

int ocall_errno_not_propagated(int value)
{
    errno = value;
    return -1;
}

void ocall_errno_void(int *seen)
{
    *seen = 1;
    errno = ERANGE;
}

void ocall_alias(int *a, int *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        a[i] = b[i] + 1;
        b[i] += 100;
    }
}

int ocall_sum(int a, int b)
{
    return a + b;
}

int ocall_sum_regular(int a, int b)
{
    return a + b;
}

void test_foreign(oe_enclave_t *e)
{
    my_pair_t p = {1, 2}, in = {3, 4}, out[2] = {{0, 0}, {0, 0}}, pp = {5, 6}, pp_out = {0, 0};
    my_array4_t arr = {10, 11, 12, 13}, arr_io = {20, 21, 22, 23};
    my_handle_t h = 0;
    int failures = -1;
    CHECK_OK(ecall_foreign(e, &h, 0xabcd, p, &in, out, arr, arr_io, &pp, &pp_out));
    CHECK(h == 0xabce && out[0].a == 100 && out[1].b == 200 && out[0].b == 0);
    CHECK(arr_io[2] == -22 && arr_io[3] == 23 && arr[0] == 10 && pp_out.a == 300);
    CHECK_OK(ecall_foreign_run_ocalls(e, &failures));
    CHECK(failures == 0);
}

void test_errno(oe_enclave_t *e, bool isolated)
{
    int failures = -1;
    if (!isolated)
        fprintf(stderr, "note: this backend does not isolate errno; not checked\n");
    CHECK_OK(ecall_errno_set_isolated(e, isolated));
    CHECK_OK(ecall_errno_run_ocalls(e, &failures));
    CHECK(failures == 0);
}

void test_aliasing(oe_enclave_t *e)
{
    int buf[3] = {1, 2, 3};
    int io[3] = {4, 5, 6};
    char u[] = "user";
    char *up = u;
    int failures = -1;
    /* Both copies go back in parameter order: the last one wins. */
    CHECK_OK(ecall_alias(e, buf, buf, 3));
    CHECK(buf[0] == 11 && buf[2] == 13);
    CHECK_OK(ecall_alias_in_out(e, io, io, 3));
    CHECK(io[0] == 8 && io[2] == 12);
    CHECK_OK(ecall_alias_user_check(e, &up));
    CHECK(!EDLTEST_SHARED_MEMORY || up == NULL);
    CHECK_OK(ecall_alias_run_ocalls(e, &failures));
    CHECK(failures == 0);
}

void test_switchless(oe_enclave_t *e)
{
    int r = 0, failures = -1;
    size_t before = switchless_ecalls(), step = edltest_switchless_ecalls ? 1 : 0;
    CHECK_OK(ecall_sum(e, &r, 20, 22));
    CHECK(r == 42 && switchless_ecalls() == before + step);
    CHECK_OK(ecall_switchless_run_ocalls(e, &failures));
    CHECK(failures == 0);
}
