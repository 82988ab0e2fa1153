/* Enclave side of struct.edl and enum.edl. */
#include "all_t.h"
#include "edltest_check.h"
#include "struct_values.h"

MyStruct1 ecall_struct_value(MyStruct1 s, struct MyStruct0 t, MyUnion u)
{
    MyStruct1 want = make1(1);
    CHECK(same1(&s, &want));
    CHECK(t.x == 7 && t.y == 7.5 && u.u == 0x1122334455667788ULL);
    return make1(2);
}

void ecall_struct_ptr(const MyStruct1 *in_s, MyStruct1 *out_s, MyStruct1 *io_s)
{
    MyStruct1 want = make1(3);
    CHECK(same1(in_s, &want));
    *out_s = make1(4);
    io_s->s0.x += 1;
    io_s->arr[3] = -1;
}

void ecall_struct_array(MyStruct0 a[3], MyStruct0 *b, size_t n)
{
    for (int i = 0; i < 3; i++)
        CHECK(a[i].x == i && a[i].y == i * 2.0);
    for (size_t i = 0; i < n; i++)
        b[i].x += 10;
}

MyUnion ecall_union_ptr(MyUnion *u)
{
    MyUnion r;
    CHECK(u->i == 5);
    u->f = 2.5f;
    r.u = 99;
    return r;
}

int ecall_struct_run_ocalls(void)
{
    int before = edltest_failures;
    MyStruct1 ret, in = make1(5), out = make1(0), io = make1(6), want;
    MyUnion u;
    MyStruct0 b[2] = {{1, 0}, {2, 0}};
    u.u = 3;
    CHECK_OK(ocall_struct_value(&ret, in, u));
    want = make1(8);
    CHECK(same1(&ret, &want));
    CHECK_OK(ocall_struct_ptr(&in, &out, &io));
    want = make1(9);
    CHECK(same1(&out, &want) && io.s0.x == 7 && io.arr[0] == 0);
    CHECK_OK(ocall_struct_array(b, 2));
    CHECK(b[0].x == 101 && b[1].x == 102);
    return edltest_failures - before;
}

Color ecall_enum(Color c, enum Color a[3], Color *o, Color *io)
{
    CHECK(c == Blue && a[0] == Red && a[1] == Green && a[2] == Blue && *io == Green);
    CHECK(ANON_SECOND == 8);
    *o = Green;
    *io = Blue;
    return Red;
}

int ecall_enum_run_ocalls(void)
{
    int before = edltest_failures;
    Color a[3] = {Blue, Blue, Red}, o = Red, io = Red, r = Red;
    CHECK_OK(ocall_enum(&r, Green, a, &o, &io));
    CHECK(r == Blue && o == Blue && io == Green);
    return edltest_failures - before;
}
