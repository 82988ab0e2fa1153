/* The enclave's way out: OCALLs, host-shared memory, and the boundary
 * checks every other piece of liboeenclave relies on. */
#include <stdlib.h>
#include <string.h>

#include <openenclave/enclave.h>

#include "enclave_state.h"

bool keep_in_arena(const void *ptr, size_t size)
{
    if (!ptr || !keep_enclave_host)
        return false;
    uintptr_t start = (uintptr_t)ptr;
    uintptr_t arena = keep_enclave_host->arena_start;
    if (start < arena)
        return false;
    size_t offset = start - arena;
    return offset <= keep_enclave_host->arena_size &&
           size <= keep_enclave_host->arena_size - offset;
}

bool oe_is_outside_enclave(const void *ptr, size_t size)
{
    uintptr_t start = (uintptr_t)ptr;
    if (!ptr || start + size < start)
        return false;
    return keep_in_arena(ptr, size);
}

bool oe_is_within_enclave(const void *ptr, size_t size)
{
    uintptr_t start = (uintptr_t)ptr;
    if (!ptr || start + size < start || !keep_enclave_host)
        return false;
    /* Enclave memory is everything the enclave can address except the
     * arena: the range must not touch the arena at all. */
    uintptr_t arena = keep_enclave_host->arena_start;
    uintptr_t arena_end = arena + keep_enclave_host->arena_size;
    return start + size <= arena || start >= arena_end;
}

void *keep_host_alloc(size_t size)
{
    return keep_enclave_host ? keep_enclave_host->host_malloc(keep_enclave_host->ctx, size)
                             : NULL;
}

/* An application's host memory is a block of its own, never the thread's
 * scratch block (a part of a runtime region, not an arena block): the host
 * may keep it past the call and free() it, as OE allows; deep-copy outputs
 * use it too, since the host takes those over. Asking to
 * resize nothing is how the runtime asks for such a block. */
void *oe_host_malloc(size_t size)
{
    return keep_enclave_host ? keep_enclave_host->host_realloc(keep_enclave_host->ctx, NULL, size)
                             : NULL;
}

void *oe_host_calloc(size_t nmemb, size_t size)
{
    size_t total;
    if (__builtin_mul_overflow(nmemb, size, &total))
        return NULL;
    void *ptr = oe_host_malloc(total);
    if (ptr)
        memset(ptr, 0, total);
    return ptr;
}

void *oe_host_realloc(void *ptr, size_t size)
{
    if (!keep_enclave_host)
        return NULL;
    return keep_enclave_host->host_realloc(keep_enclave_host->ctx, ptr, size);
}

void oe_host_free(void *ptr)
{
    if (ptr && keep_enclave_host)
        keep_enclave_host->host_free(keep_enclave_host->ctx, ptr);
}

char *oe_host_strndup(const char *str, size_t n)
{
    if (!str)
        return NULL;
    size_t len = strnlen(str, n);
    char *copy = oe_host_malloc(len + 1);
    if (copy) {
        memcpy(copy, str, len);
        copy[len] = '\0';
    }
    return copy;
}

void *oe_allocate_ocall_buffer(size_t size)
{
    return keep_host_alloc(size);
}

void oe_free_ocall_buffer(void *buffer)
{
    oe_host_free(buffer);
}

void *oe_allocate_switchless_ocall_buffer(size_t size)
{
    return keep_host_alloc(size);
}

void oe_free_switchless_ocall_buffer(void *buffer)
{
    oe_host_free(buffer);
}

/* The checks both OCALL paths make before the host sees the buffers. */
static oe_result_t check_ocall_buffers(const void *input_buffer, size_t input_buffer_size,
                                       const void *output_buffer, size_t output_buffer_size,
                                       const size_t *output_bytes_written)
{
    if (!keep_enclave_host)
        return OE_UNEXPECTED;
    if (!output_bytes_written)
        return OE_INVALID_PARAMETER;
    if ((input_buffer_size && !keep_in_arena(input_buffer, input_buffer_size)) ||
        (output_buffer_size && !keep_in_arena(output_buffer, output_buffer_size)))
        return OE_INVALID_PARAMETER;
    return OE_OK;
}

/* What both OCALL paths do with the host's answer, which is not trusted:
 * it may not claim more than asked. */
static oe_result_t finish_ocall(oe_result_t result, size_t written, void *output_buffer,
                                size_t output_buffer_size, size_t *output_bytes_written)
{
    if (result != OE_OK)
        return result;
    if (written > output_buffer_size)
        return OE_UNEXPECTED;
    if (output_buffer_size >= sizeof(keep_call_return_args)) {
        result = keep_import_deepcopy_buffer(output_buffer, output_buffer_size);
        if (result != OE_OK)
            return result;
    }
    *output_bytes_written = written;
    return OE_OK;
}

oe_result_t oe_call_host_function(size_t function_id, const void *input_buffer,
                                  size_t input_buffer_size, void *output_buffer,
                                  size_t output_buffer_size, size_t *output_bytes_written)
{
    oe_result_t result = check_ocall_buffers(input_buffer, input_buffer_size, output_buffer,
                                             output_buffer_size, output_bytes_written);
    if (result != OE_OK)
        return result;
    size_t written = 0;
    result = keep_enclave_host->call_host(keep_enclave_host->ctx, KEEP_OCALL_USER, function_id,
                                          input_buffer, input_buffer_size, output_buffer,
                                          output_buffer_size, &written);
    return finish_ocall(result, written, output_buffer, output_buffer_size,
                        output_bytes_written);
}

oe_result_t oe_switchless_call_host_function(size_t function_id, const void *input_buffer,
                                             size_t input_buffer_size, void *output_buffer,
                                             size_t output_buffer_size,
                                             size_t *output_bytes_written)
{
    oe_result_t result = check_ocall_buffers(input_buffer, input_buffer_size, output_buffer,
                                             output_buffer_size, output_bytes_written);
    if (result != OE_OK)
        return result;
    size_t written = 0;
    bool served = false;
    result = keep_switchless_ocall(function_id, input_buffer, input_buffer_size, output_buffer,
                                   output_buffer_size, &written, &served);
    /* No host worker free (or none configured): the regular path, as OE. */
    if (!served)
        return oe_call_host_function(function_id, input_buffer, input_buffer_size,
                                     output_buffer, output_buffer_size, output_bytes_written);
    return finish_ocall(result, written, output_buffer, output_buffer_size,
                        output_bytes_written);
}
