/* MyStruct1 values both sides of struct.edl build and compare. Include
 * after all_t.h or all_u.h. */
#ifndef EDLTEST_STRUCT_VALUES_H
#define EDLTEST_STRUCT_VALUES_H

static inline MyStruct1 make1(int base)
{
    MyStruct1 s = {{base, base + 0.5}, {base + 1, base + 2, base + 3, base + 4}, 'q', 1ULL << 40};
    return s;
}

static inline int same1(const MyStruct1 *a, const MyStruct1 *b)
{
    for (int i = 0; i < 4; i++)
        if (a->arr[i] != b->arr[i])
            return 0;
    return a->s0.x == b->s0.x && a->s0.y == b->s0.y && a->c == b->c && a->big == b->big;
}

#endif
