/* Enclave side of foreign.edl, errno.edl, aliasing.edl and switchless.edl. */
#include <errno.h>

#include "all_t.h"
#include "edltest_check.h"

/* Provided by the test fixture's runtime only; absent (NULL) elsewhere. */
size_t edltest_enclave_switchless_ocalls(void) __attribute__((weak));

static size_t switchless_ocalls(void)
{
    return edltest_enclave_switchless_ocalls ? edltest_enclave_switchless_ocalls() : 0;
}

my_handle_t ecall_foreign(my_handle_t h, my_pair_t p, my_pair_t *pin, my_pair_t *pout,
                          my_array4_t arr, my_array4_t arr_io, my_pair_ptr_t pp,
                          my_pair_ptr_t pp_out)
{
    CHECK(h == 0xabcd && p.a == 1 && p.b == 2 && pin->a == 3 && pin->b == 4);
    CHECK(arr[0] == 10 && arr[3] == 13 && arr_io[1] == 21 && pp->a == 5 && pp->b == 6);
    pout[0].a = 100;
    pout[1].b = 200;
    arr_io[2] = -22;
    pp_out->a = 300;
    return h + 1;
}

int ecall_foreign_run_ocalls(void)
{
    int before = edltest_failures;
    my_array4_t arr = {1, 2, 3, 4};
    my_pair_t in = {7, 8}, out[3] = {{0, 0}, {0, 0}, {0, 0}};
    my_handle_t h = 0;
    CHECK_OK(ocall_foreign(&h, 41, arr, &in, out, 3));
    CHECK(h == 42 && arr[0] == -1 && arr[3] == 4 && out[2].a == 9 && out[2].b == 10);
    return edltest_failures - before;
}

static bool errno_isolated = true;

void ecall_errno_set_isolated(bool isolated)
{
    errno_isolated = isolated;
}

int ecall_errno_run_ocalls(void)
{
    int before = edltest_failures;
    int r = 0, seen = 0;
    errno = 0;
    CHECK_OK(ocall_errno_propagated(&r, EACCES));
    CHECK(r == -1 && errno == EACCES);
    errno = 123;
    CHECK_OK(ocall_errno_not_propagated(&r, ENOENT));
    CHECK(r == -1 && (errno == 123 || !errno_isolated));
    errno = 0;
    CHECK_OK(ocall_errno_void(&seen));
    CHECK(seen == 1 && errno == ERANGE);
    return edltest_failures - before;
}

void ecall_alias(int *a, int *b, size_t n)
{
    /* Each parameter has its own copy, whatever the caller passed. */
    CHECK(a != b);
    for (size_t i = 0; i < n; i++) {
        a[i] += 1;
        b[i] += 10;
    }
}

void ecall_alias_in_out(int *in_p, int *out_p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out_p[i] = in_p[i] * 2;
}

void ecall_alias_user_check(char **pp)
{
    CHECK(pp != NULL);
    if (EDLTEST_SHARED_MEMORY) {
        CHECK(*pp && (*pp)[0] == 'u');
        *pp = NULL;
    }
}

int ecall_alias_run_ocalls(void)
{
    int before = edltest_failures;
    int buf[2] = {1, 2};
    /* Separate copies on the host (one shared copy would give 102, 103),
     * copied back in parameter order: b's copy lands last. */
    CHECK_OK(ocall_alias(buf, buf, 2));
    CHECK(buf[0] == 101 && buf[1] == 102);
    return edltest_failures - before;
}

int ecall_sum(int a, int b)
{
    return a + b;
}

int ecall_switchless_run_ocalls(void)
{
    int before = edltest_failures;
    int r = 0;
    size_t sl = switchless_ocalls(), step = edltest_enclave_switchless_ocalls ? 1 : 0;
    CHECK_OK(ocall_sum(&r, 2, 3));
    CHECK(r == 5 && switchless_ocalls() == sl + step);
    CHECK_OK(ocall_sum_regular(&r, 4, 5));
    CHECK(r == 9 && switchless_ocalls() == sl + step);
    return edltest_failures - before;
}
