/* Checks shared by the host and enclave halves of the EDL suite. A failed
 * check is printed and counted; each side reports its count at the end. */
#ifndef EDLTEST_CHECK_H
#define EDLTEST_CHECK_H

#include <stdio.h>

extern int edltest_failures;

#define CHECK(cond)                                                                   \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            edltest_failures++;                                                       \
        }                                                                             \
    } while (0)

#define CHECK_RESULT(expr, want)                                                        \
    do {                                                                                \
        oe_result_t _r = (expr);                                                        \
        if (_r != (want)) {                                                             \
            fprintf(stderr, "%s:%d: %s returned %s, expected %s\n", __FILE__, __LINE__, \
                    #expr, oe_result_str(_r), oe_result_str(want));                     \
            edltest_failures++;                                                         \
        }                                                                               \
    } while (0)

#define CHECK_OK(expr) CHECK_RESULT(expr, OE_OK)

/* Whether host and enclave share one address space, as in the test
 * fixture. On Keep's real backends a [user_check] pointer is only a value
 * to the other side and must not be dereferenced there. */
#ifdef EDLTEST_REAL_RUNTIME
#define EDLTEST_SHARED_MEMORY 0
#else
#define EDLTEST_SHARED_MEMORY 1
#endif

/* The values every basic-type call carries, so both sides agree. */
#define V_CHAR 'a'
#define V_SHORT ((short)-2)
#define V_INT 3
#define V_LONG (-4L)
#define V_LLONG 5000000000LL
#define V_UCHAR ((unsigned char)250)
#define V_USHORT ((unsigned short)65000)
#define V_UINT 4000000000u
#define V_ULONG 9000000000UL
#define V_ULLONG 18000000000000000000ULL
#define V_FLOAT 11.5f
#define V_DOUBLE 12.25
#define V_LDOUBLE 13.75L
#define V_BOOL true
#define V_WCHAR L'W'
#define V_SIZE ((size_t)14)
#define V_I8 ((int8_t)-15)
#define V_I16 ((int16_t)-16)
#define V_I32 ((int32_t)-17)
#define V_I64 ((int64_t)-18)
#define V_U8 ((uint8_t)19)
#define V_U16 ((uint16_t)20)
#define V_U32 ((uint32_t)21)
#define V_U64 ((uint64_t)22)
#define V_UNSIGNED 23u

#define BASIC_VALUES                                                                       \
    V_CHAR, V_SHORT, V_INT, V_LONG, V_LLONG, V_UCHAR, V_USHORT, V_UINT, V_ULONG, V_ULLONG, \
        V_FLOAT, V_DOUBLE, V_LDOUBLE, V_BOOL, V_WCHAR, V_SIZE, V_I8, V_I16, V_I32, V_I64,   \
        V_U8, V_U16, V_U32, V_U64, V_UNSIGNED

#define BASIC_PARAMS                                                                      \
    char c, short s, int i, long l, long long ll, unsigned char uc, unsigned short us,    \
        unsigned int ui, unsigned long ul, unsigned long long ull, float f, double d,     \
        long double ld, bool b, wchar_t wc, size_t sz, int8_t i8, int16_t i16, int32_t i32, \
        int64_t i64, uint8_t u8, uint16_t u16, uint32_t u32, uint64_t u64, unsigned u

/* True when every basic parameter arrived with its expected value. */
#define BASIC_CHECK_ALL()                                                                 \
    do {                                                                                  \
        CHECK(c == V_CHAR && s == V_SHORT && i == V_INT && l == V_LONG && ll == V_LLONG); \
        CHECK(uc == V_UCHAR && us == V_USHORT && ui == V_UINT && ul == V_ULONG);          \
        CHECK(ull == V_ULLONG && f == V_FLOAT && d == V_DOUBLE && ld == V_LDOUBLE);       \
        CHECK(b == V_BOOL && wc == V_WCHAR && sz == V_SIZE && i8 == V_I8);                \
        CHECK(i16 == V_I16 && i32 == V_I32 && i64 == V_I64 && u8 == V_U8);                \
        CHECK(u16 == V_U16 && u32 == V_U32 && u64 == V_U64 && u == V_UNSIGNED);           \
    } while (0)

#endif
