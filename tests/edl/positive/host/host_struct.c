/* Host side of struct.edl and enum.edl. */
#include "all_u.h"
#include "edltest_check.h"
#include "struct_values.h"
#include "host_tests.h"

MyStruct1 ocall_struct_value(MyStruct1 s, MyUnion u)
{
    MyStruct1 want = make1(5);
    CHECK(same1(&s, &want) && u.u == 3);
    return make1(8);
}

void ocall_struct_ptr(const MyStruct1 *in_s, MyStruct1 *out_s, MyStruct1 *io_s)
{
    MyStruct1 want = make1(5);
    CHECK(same1(in_s, &want));
    *out_s = make1(9);
    io_s->s0.x = 7;
    io_s->arr[0] = 0;
}

void ocall_struct_array(MyStruct0 *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        b[i].x += 100;
}

Color ocall_enum(Color c, Color a[3], Color *o, Color *io)
{
    CHECK(c == Green && a[0] == Blue && a[2] == Red && *io == Red);
    *o = Blue;
    *io = Green;
    return Blue;
}

void test_struct(oe_enclave_t *e)
{
    MyStruct1 ret, in = make1(3), out = make1(0), io = make1(6), want;
    struct MyStruct0 t = {7, 7.5};
    MyStruct0 a[3] = {{0, 0.0}, {1, 2.0}, {2, 4.0}}, b[2] = {{1, 0}, {2, 0}};
    MyUnion u, r;
    int failures = -1;

    u.u = 0x1122334455667788ULL;
    in = make1(1);
    CHECK_OK(ecall_struct_value(e, &ret, in, t, u));
    want = make1(2);
    CHECK(same1(&ret, &want));
    in = make1(3);
    CHECK_OK(ecall_struct_ptr(e, &in, &out, &io));
    want = make1(4);
    CHECK(same1(&out, &want) && io.s0.x == 7 && io.arr[3] == -1 && io.arr[0] == 7);
    CHECK_OK(ecall_struct_array(e, a, b, 2));
    CHECK(b[0].x == 11 && b[1].x == 12);
    u.i = 5;
    CHECK_OK(ecall_union_ptr(e, &r, &u));
    CHECK(u.f == 2.5f && r.u == 99);
    CHECK_OK(ecall_struct_run_ocalls(e, &failures));
    CHECK(failures == 0);
}

void test_enum(oe_enclave_t *e)
{
    Color a[3] = {Red, Green, Blue}, o = Red, io = Green, r = Blue;
    int failures = -1;
    CHECK_OK(ecall_enum(e, &r, Blue, a, &o, &io));
    CHECK(r == Red && o == Green && io == Blue);
    CHECK_OK(ecall_enum_run_ocalls(e, &failures));
    CHECK(failures == 0);
}
