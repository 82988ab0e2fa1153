/* Basic definitions shared by every Open Enclave header: linkage, export,
 * alignment and attribute macros. Names and meanings follow OE's
 * <openenclave/bits/defs.h>. */
#ifndef _OE_BITS_DEFS_H
#define _OE_BITS_DEFS_H

#ifndef OE_API_VERSION
#define OE_API_VERSION 2
#endif
#if OE_API_VERSION < 2
#error "Keep supports OE_API_VERSION 2 and later"
#endif

#ifdef __cplusplus
#define OE_EXTERNC extern "C"
#define OE_EXTERNC_BEGIN extern "C" {
#define OE_EXTERNC_END }
#else
#define OE_EXTERNC
#define OE_EXTERNC_BEGIN
#define OE_EXTERNC_END
#endif

#define OE_EXPORT __attribute__((visibility("default")))
#define OE_EXPORT_CONST OE_EXPORT extern const
#define OE_ALIGNED(BYTES) __attribute__((aligned(BYTES)))
#define OE_UNUSED(P) (void)(P)
#define OE_INLINE static __inline__
#define OE_ALWAYS_INLINE __attribute__((always_inline))
#define OE_NEVER_INLINE __attribute__((noinline))
#define OE_NO_RETURN __attribute__((__noreturn__))
#define OE_PRINTF_FORMAT(N, M) __attribute__((format(printf, N, M)))
#define OE_DEPRECATED(FUNC, MSG) FUNC __attribute__((deprecated(MSG)))
#define OE_USED __attribute__((__used__))
#define OE_WEAK __attribute__((weak))
#define OE_WEAK_ALIAS(OLD, NEW) extern __typeof(OLD) NEW __attribute__((__weak__, alias(#OLD)))
#define OE_ZERO_SIZED_ARRAY /* empty */
#define OE_PACK_BEGIN _Pragma("pack(push, 1)")
#define OE_PACK_END _Pragma("pack(pop)")

#define OE_COUNTOF(ARR) (sizeof(ARR) / sizeof((ARR)[0]))
#define OE_OFFSETOF(TYPE, MEMBER) __builtin_offsetof(TYPE, MEMBER)
#define OE_FIELD_SIZE(TYPE, FIELD) (sizeof(((TYPE*)0)->FIELD))

#define OE_CONCAT_IMPL(X, Y) X##Y
#define OE_CONCAT(X, Y) OE_CONCAT_IMPL(X, Y)

#ifdef __cplusplus
#define OE_STATIC_ASSERT(COND) static_assert(COND, #COND)
#else
#define OE_STATIC_ASSERT(COND) _Static_assert(COND, #COND)
#endif
#define OE_CHECK_SIZE(N, M) OE_STATIC_ASSERT((N) == (M))

#define OE_ENUM_MAX 0xffffffff
#define OE_PAGE_SIZE 0x1000

#endif
