/* Runtime interface that oeedger8r-generated enclave code (<name>_t.c)
 * calls, provided by liboeenclave. Internals of the generated code;
 * applications use <openenclave/enclave.h>. */
#ifndef _OE_EDGER8R_ENCLAVE_H
#define _OE_EDGER8R_ENCLAVE_H

#ifdef _OE_EDGER8R_HOST_H
#error "edger8r/enclave.h and edger8r/host.h must not be included in the same compilation unit."
#endif

#include <openenclave/bits/defs.h>
#include <openenclave/bits/result.h>
#include <openenclave/bits/types.h>
#include <openenclave/edger8r/common.h>

OE_EXTERNC_BEGIN

/* One entry of oe_ecalls_table, which the generated <name>_t.c defines and
 * the runtime indexes by the ECALL's local id. The runtime passes buffers it
 * has copied into enclave memory; the function may modify the input copy. */
typedef void (*oe_ecall_func_t)(const uint8_t* input_buffer, size_t input_buffer_size,
                                uint8_t* output_buffer, size_t output_buffer_size,
                                size_t* output_bytes_written);

/* Calls host function `function_id` of the table given at enclave creation.
 * Both buffers must be outside the enclave (see oe_allocate_ocall_buffer).
 * The result reports the transport only (OE_NOT_FOUND for an unknown id);
 * the function's status is in the output buffer, which the caller must
 * treat as untrusted. */
oe_result_t oe_call_host_function(size_t function_id, const void* input_buffer,
                                  size_t input_buffer_size, void* output_buffer,
                                  size_t output_buffer_size, size_t* output_bytes_written);

/* The same for `transition_using_threads` OCALLs. */
oe_result_t oe_switchless_call_host_function(size_t function_id, const void* input_buffer,
                                             size_t input_buffer_size, void* output_buffer,
                                             size_t output_buffer_size,
                                             size_t* output_bytes_written);

/* Host memory for one OCALL's buffers; NULL when none is available. The
 * host can read and change it at any time. */
void* oe_allocate_ocall_buffer(size_t size);
void oe_free_ocall_buffer(void* buffer);
void* oe_allocate_switchless_ocall_buffer(size_t size);
void oe_free_switchless_ocall_buffer(void* buffer);

/* Enclave heap and string helpers the generated code calls. Memory from
 * oe_malloc is enclave memory and may be released with free(). */
void* oe_malloc(size_t size);
void oe_free(void* ptr);
size_t oe_strlen(const char* s);
size_t oe_wcslen(const wchar_t* s);

/* Hands the generated OCALL wrapper the deep-copy-out buffer its call
 * brought in (now in enclave memory, owned by the caller, freed with
 * oe_free), or NULL; *size is its size. Each buffer is handed out once. */
void* oe_edger8r_take_deepcopy_out_buffer(size_t* size);

/* OE_OK while the enclave runs; OE_ENCLAVE_ABORTING once it is going down,
 * so new OCALLs fail at once. */
oe_result_t oe_get_enclave_status(void);

/* For enclaves that define no ECALLs of their own. */
#define OE_DEFINE_EMPTY_ECALL_TABLE()                         \
    oe_ecall_func_t oe_ecalls_table[] = {(oe_ecall_func_t)0}; \
    size_t oe_ecalls_table_size = 0

/* Speculation barrier between checking untrusted sizes and using them. */
#if defined(__x86_64__) || defined(_M_X64)
#define oe_lfence() __builtin_ia32_lfence()
#else
#define oe_lfence() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#endif

OE_EXTERNC_END

#endif
