/* Host side of basic.edl and of the selective/other imports. */
#include "all_u.h"
#include "edltest_check.h"
#include "host_tests.h"

/* The strong symbol behind the weak `ecall_ret_int' (not in the header). */
oe_result_t all_ecall_ret_int(oe_enclave_t *enclave, int *_retval, int x);

void ocall_basic_params(BASIC_PARAMS)
{
    BASIC_CHECK_ALL();
}

int ocall_ret_int(int x) { return x + 1; }
double ocall_ret_double(void) { return V_DOUBLE; }
long double ocall_ret_ldouble(void) { return V_LDOUBLE; }
uint64_t ocall_ret_uint64(void) { return V_U64; }
bool ocall_ret_bool(void) { return true; }
void ocall_void_void(void) {}
int host_selected(int v) { return v * 3; }

MyOther ocall_other(MyOther o)
{
    o.ki *= 10;
    return o;
}

void test_basic(oe_enclave_t *e)
{
    char c = 0;
    short s = 0;
    int i = 0;
    long long ll = 0;
    unsigned long ul = 0;
    float f = 0;
    double d = 0;
    long double ld = 0;
    bool b = true;
    wchar_t wc = 0;
    size_t sz = 0;
    int8_t i8 = 0;
    uint64_t u64 = 0;
    int failures = -1;
    SelectiveType t = {21};

    CHECK_OK(ecall_basic_params(e, BASIC_VALUES));
    CHECK_OK(ecall_ret_char(e, &c));
    CHECK(c == V_CHAR);
    CHECK_OK(ecall_ret_short(e, &s));
    CHECK(s == V_SHORT);
    CHECK_OK(ecall_ret_int(e, &i, 99));
    CHECK(i == 100);
    CHECK_OK(ecall_ret_llong(e, &ll));
    CHECK(ll == V_LLONG);
    CHECK_OK(ecall_ret_ulong(e, &ul));
    CHECK(ul == V_ULONG);
    CHECK_OK(ecall_ret_float(e, &f));
    CHECK(f == V_FLOAT);
    CHECK_OK(ecall_ret_double(e, &d, 1.5));
    CHECK(d == 3.0);
    CHECK_OK(ecall_ret_ldouble(e, &ld));
    CHECK(ld == V_LDOUBLE);
    CHECK_OK(ecall_ret_bool(e, &b, true));
    CHECK(b == false);
    CHECK_OK(ecall_ret_wchar(e, &wc));
    CHECK(wc == V_WCHAR);
    CHECK_OK(ecall_ret_size(e, &sz));
    CHECK(sz == V_SIZE);
    CHECK_OK(ecall_ret_int8(e, &i8));
    CHECK(i8 == V_I8);
    CHECK_OK(ecall_ret_uint64(e, &u64, 1));
    CHECK(u64 == 0xfffffffffffffffeULL);
    CHECK_OK(ecall_void_void(e));
    /* The strong symbol and the weak alias are the same function. */
    CHECK_OK(all_ecall_ret_int(e, &i, 1));
    CHECK(i == 2);
    CHECK_OK(enc_selected(e, &i, t));
    CHECK(i == 42);
    CHECK_OK(ecall_basic_run_ocalls(e, &failures));
    CHECK(failures == 0);
}
