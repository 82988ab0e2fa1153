/* Enclave side of basic.edl, the imports check and the failure counter. */
#include "all_t.h"
#include "edltest_check.h"

int edltest_failures;

int enc_failures(void) { return edltest_failures; }
#ifdef EDLTEST_DEFINED
int enc_only_if_defined(void) { return 1; }
#else
int enc_only_if_not_defined(void) { return 2; }
#endif

int enc_selected(SelectiveType t) { return t.v * 2; }

MyOther ecall_other(MyOther o)
{
    MyOther r = o;
    MyOther back;
    r.ki += 1;
    CHECK_OK(ocall_other(&back, o));
    CHECK(back.ki == o.ki * 10 && back.kd == o.kd);
    return r;
}

void ecall_basic_params(BASIC_PARAMS)
{
    BASIC_CHECK_ALL();
}

char ecall_ret_char(void) { return V_CHAR; }
short ecall_ret_short(void) { return V_SHORT; }
int ecall_ret_int(int x) { return x + 1; }
long long ecall_ret_llong(void) { return V_LLONG; }
unsigned long ecall_ret_ulong(void) { return V_ULONG; }
float ecall_ret_float(void) { return V_FLOAT; }
double ecall_ret_double(double x) { return x * 2; }
long double ecall_ret_ldouble(void) { return V_LDOUBLE; }
bool ecall_ret_bool(bool x) { return !x; }
wchar_t ecall_ret_wchar(void) { return V_WCHAR; }
size_t ecall_ret_size(void) { return V_SIZE; }
int8_t ecall_ret_int8(void) { return V_I8; }
uint64_t ecall_ret_uint64(uint64_t x) { return x ^ 0xffffffffffffffffULL; }
void ecall_void_void(void) {}

int ecall_basic_run_ocalls(void)
{
    int before = edltest_failures;
    int ri = 0;
    double rd = 0;
    long double rld = 0;
    uint64_t ru = 0;
    bool rb = false;
    int selected = 0;
    CHECK_OK(ocall_basic_params(BASIC_VALUES));
    CHECK_OK(ocall_ret_int(&ri, 41));
    CHECK(ri == 42);
    CHECK_OK(ocall_ret_double(&rd));
    CHECK(rd == V_DOUBLE);
    CHECK_OK(ocall_ret_ldouble(&rld));
    CHECK(rld == V_LDOUBLE);
    CHECK_OK(ocall_ret_uint64(&ru));
    CHECK(ru == V_U64);
    CHECK_OK(ocall_ret_bool(&rb));
    CHECK(rb == true);
    CHECK_OK(ocall_void_void());
    CHECK_OK(host_selected(&selected, 5));
    CHECK(selected == 15);
    /* A NULL _retval is allowed: the value is dropped. */
    CHECK_OK(ocall_ret_int(NULL, 1));
    return edltest_failures - before;
}
