/* Helpers that oeedger8r-generated code uses on both sides of the enclave
 * boundary. These are internals of the generated code, not an API for
 * applications; they may change with the generator.
 *
 * Layout rule they implement: the caller packs one flat input buffer and one
 * flat output buffer. Each starts with the function's <f>_args_t and every
 * pointer/array parameter's data follows in a section whose size is rounded
 * up to OE_EDGER8R_BUFFER_ALIGNMENT, in parameter order. Every size is
 * computed with overflow checks, and every section the callee takes is
 * checked against the buffer size before a pointer to it is formed. */
#ifndef _OE_EDGER8R_COMMON_H
#define _OE_EDGER8R_COMMON_H

#include <openenclave/bits/defs.h>
#include <openenclave/bits/result.h>
#include <openenclave/bits/types.h>

#include <errno.h>
#include <string.h>
#include <wchar.h>

OE_EXTERNC_BEGIN

/* Sections are aligned for any standard C type, as malloc aligns. */
#define OE_EDGER8R_BUFFER_ALIGNMENT (2 * sizeof(void*))

/* What a callee leaves in a deep-copied [out] struct's pointer field once
 * the pointed-to data has moved into the deep-copy buffer: non-NULL means
 * "data follows in the buffer"; the value itself means nothing and never
 * reveals a callee address. */
#define OE_EDGER8R_DEEPCOPY_PRESENT ((uintptr_t)1)

/* *total += size rounded up to the alignment; OE_INTEGER_OVERFLOW if either
 * step wraps (then *total is unchanged). */
OE_INLINE oe_result_t oe_add_size(size_t* total, size_t size)
{
    size_t align = OE_EDGER8R_BUFFER_ALIGNMENT;
    size_t rounded;
    if (size > SIZE_MAX - (align - 1))
        return OE_INTEGER_OVERFLOW;
    rounded = (size + align - 1) & ~(align - 1);
    if (rounded > SIZE_MAX - *total)
        return OE_INTEGER_OVERFLOW;
    *total += rounded;
    return OE_OK;
}

/* *bytes = count * size, or OE_INTEGER_OVERFLOW. */
OE_INLINE oe_result_t oe_edger8r_mul(size_t* bytes, size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size)
        return OE_INTEGER_OVERFLOW;
    *bytes = count * size;
    return OE_OK;
}

/* Adds one section of count elements of size bytes to a buffer size. */
OE_INLINE oe_result_t oe_edger8r_add_arg_size(size_t* total, size_t count, size_t size)
{
    size_t bytes = 0;
    oe_result_t r = oe_edger8r_mul(&bytes, count, size);
    return r != OE_OK ? r : oe_add_size(total, bytes);
}

/* Takes the next section of count*size bytes from buffer[0, buffer_size)
 * at *offset: on success *where points at it and *offset moves past it.
 * Fails with OE_BUFFER_TOO_SMALL when the section does not fit. */
OE_INLINE oe_result_t oe_edger8r_reserve(uint8_t* buffer, size_t buffer_size, size_t* offset,
                                         size_t count, size_t size, void** where)
{
    size_t bytes = 0;
    size_t end = *offset;
    oe_result_t r = oe_edger8r_mul(&bytes, count, size);
    if (r != OE_OK)
        return r;
    if ((r = oe_add_size(&end, bytes)) != OE_OK)
        return r;
    if (!buffer || end > buffer_size)
        return OE_BUFFER_TOO_SMALL;
    *where = buffer + *offset;
    *offset = end;
    return OE_OK;
}

/* Caller side: appends a copy of src (count*size bytes) as the next
 * section; *where receives the section's address. */
OE_INLINE oe_result_t oe_edger8r_write(uint8_t* buffer, size_t buffer_size, size_t* offset,
                                       const void* src, size_t count, size_t size, void** where)
{
    oe_result_t r = oe_edger8r_reserve(buffer, buffer_size, offset, count, size, where);
    size_t bytes = count * size; /* cannot wrap: reserve checked it */
    if (r == OE_OK && bytes != 0)
        memcpy(*where, src, bytes);
    return r;
}

/* Caller side: copies the next section into dst. */
OE_INLINE oe_result_t oe_edger8r_read(void* dst, uint8_t* buffer, size_t buffer_size,
                                      size_t* offset, size_t count, size_t size)
{
    void* where = NULL;
    oe_result_t r = oe_edger8r_reserve(buffer, buffer_size, offset, count, size, &where);
    size_t bytes = count * size;
    if (r == OE_OK && bytes != 0)
        memcpy(dst, where, bytes);
    return r;
}

/* Callee side, [in,out]: copies the data at *where (already checked in the
 * input buffer) into the next output section; *where becomes that section. */
OE_INLINE oe_result_t oe_edger8r_move_to(uint8_t* buffer, size_t buffer_size, size_t* offset,
                                         size_t count, size_t size, void** where)
{
    const void* src = *where;
    return oe_edger8r_write(buffer, buffer_size, offset, src, count, size, where);
}

/* Caller side, deep-copy [out]: allocates a private copy of the next
 * section of the deep-copy buffer (the caller owns it; free with free()). */
OE_INLINE oe_result_t oe_edger8r_take_copy(void** dst, uint8_t* buffer, size_t buffer_size,
                                           size_t* offset, size_t count, size_t size,
                                           void* (*alloc)(size_t))
{
    void* where = NULL;
    void* copy;
    size_t bytes;
    oe_result_t r = oe_edger8r_reserve(buffer, buffer_size, offset, count, size, &where);
    if (r != OE_OK)
        return r;
    bytes = count * size;
    /* A present but empty array still gets a non-NULL pointer. */
    copy = alloc(bytes != 0 ? bytes : 1);
    if (!copy)
        return OE_OUT_OF_MEMORY;
    if (bytes != 0)
        memcpy(copy, where, bytes);
    *dst = copy;
    return OE_OK;
}

/* A present string must end with its NUL inside the transferred length. */
OE_INLINE oe_result_t oe_edger8r_check_string(const char* str, size_t len)
{
    if (str && (len == 0 || str[len - 1] != '\0'))
        return OE_INVALID_PARAMETER;
    return OE_OK;
}

OE_INLINE oe_result_t oe_edger8r_check_wstring(const wchar_t* str, size_t len)
{
    if (str && (len == 0 || str[len - 1] != L'\0'))
        return OE_INVALID_PARAMETER;
    return OE_OK;
}

OE_EXTERNC_END

#endif
