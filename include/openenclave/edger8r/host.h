/* Runtime interface that oeedger8r-generated host code (<name>_u.c) calls.
 * Internals of the generated code; applications use <openenclave/host.h>. */
#ifndef _OE_EDGER8R_HOST_H
#define _OE_EDGER8R_HOST_H

#ifdef _OE_EDGER8R_ENCLAVE_H
#error "edger8r/enclave.h and edger8r/host.h must not be included in the same compilation unit."
#endif

#include <openenclave/bits/defs.h>
#include <openenclave/bits/result.h>
#include <openenclave/bits/types.h>
#include <openenclave/edger8r/common.h>
#include <openenclave/host.h>

#include <stdlib.h>

OE_EXTERNC_BEGIN

/* The value of a wrapper's cached global ECALL id before its first call. */
#define OE_GLOBAL_ECALL_ID_NULL OE_UINT64_MAX
#define OE_ECALL_ID_NULL OE_UINT64_MAX

/* Calls the ECALL `name` in `enclave`.
 *
 * *global_id caches the process-wide id of `name` (it starts as
 * OE_GLOBAL_ECALL_ID_NULL and is filled on the first call); the runtime maps
 * it to this enclave's own table index. The buffers are laid out by the
 * generated code; on OE_OK *output_bytes_written says how much of the output
 * buffer the enclave filled. The result reports the transport only: the
 * function's own status is in the output buffer. OE_NOT_FOUND when the
 * enclave has no such ECALL. */
oe_result_t oe_call_enclave_function(oe_enclave_t* enclave, uint64_t* global_id,
                                     const char* name, const void* input_buffer,
                                     size_t input_buffer_size, void* output_buffer,
                                     size_t output_buffer_size, size_t* output_bytes_written);

/* The same for `transition_using_threads` ECALLs; falls back to an ordinary
 * call when no enclave worker is free. */
oe_result_t oe_switchless_call_enclave_function(oe_enclave_t* enclave, uint64_t* global_id,
                                                const char* name, const void* input_buffer,
                                                size_t input_buffer_size, void* output_buffer,
                                                size_t output_buffer_size,
                                                size_t* output_bytes_written);

/* Keep: the buffer a generated wrapper marshals an ECALL into when none of
 * the function's outputs is a string or a deep-copied struct. It lies in
 * memory the enclave can reach, so the call runs on it without a staging
 * copy; free it with oe_edger8r_free_ecall_buffer(). Never NULL for a
 * non-zero size unless memory is exhausted. Not part of OE's interface. */
void* oe_edger8r_allocate_ecall_buffer(oe_enclave_t* enclave, size_t size);
void oe_edger8r_free_ecall_buffer(oe_enclave_t* enclave, void* buffer);

/* Generated code is shared between the sides and names its allocator and
 * string helpers oe_*; on the host they are the C library's. */
OE_INLINE void* oe_malloc(size_t size)
{
    return malloc(size);
}

OE_INLINE void oe_free(void* ptr)
{
    free(ptr);
}

OE_INLINE void* oe_realloc(void* ptr, size_t size)
{
    return realloc(ptr, size);
}

OE_INLINE size_t oe_strlen(const char* s)
{
    return strlen(s);
}

OE_INLINE size_t oe_wcslen(const wchar_t* s)
{
    return wcslen(s);
}

OE_EXTERNC_END

#endif
