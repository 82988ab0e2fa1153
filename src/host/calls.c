/* ECALLs from the host and OCALLs from the enclave.
 *
 * Both directions keep their buffers in the arena. An ECALL whose generated
 * wrapper marshalled straight into an arena call buffer
 * (oe_edger8r_allocate_ecall_buffer) runs on that buffer in place; any other
 * ECALL's buffers are staged there by copy. An OCALL's buffers, which the
 * enclave wrote there, are copied out into host memory before the host
 * function reads them, so an enclave thread cannot change them under the
 * host's feet. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openenclave/edger8r/host.h>

#include "host_enclave.h"
#include "host_log.h"
#include "hostio/hostio.h"
#include "switchless.h"

#define KEEP_OCALL_WRITE_MAX ((size_t)1 << 20)

/* Moves a deep-copy-out buffer named by `header` from `from_arena` (true:
 * arena -> host heap; false: host heap -> arena). */
static oe_result_t relocate_deepcopy(oe_enclave_t *enclave, keep_call_return_args *header,
                                     bool from_arena)
{
    void *buffer = header->deepcopy_out_buffer;
    size_t size = header->deepcopy_out_buffer_size;
    if (!buffer)
        return OE_OK;
    if (!size || (from_arena && !keep_arena_contains(&enclave->arena, buffer, size)))
        return OE_UNEXPECTED;
    /* A block coming from the enclave must be one of its own; a block going
     * to it becomes its own (it frees it with oe_host_free). */
    void *moved = from_arena ? malloc(size)
                             : keep_arena_alloc_owned(&enclave->arena, size, KEEP_ARENA_ENCLAVE);
    if (!moved)
        return OE_OUT_OF_MEMORY;
    memcpy(moved, buffer, size);
    if (from_arena) {
        if (!keep_arena_free_owned(&enclave->arena, buffer, KEEP_ARENA_ENCLAVE)) {
            free(moved);
            return OE_UNEXPECTED;
        }
    } else {
        free(buffer);
    }
    header->deepcopy_out_buffer = moved;
    return OE_OK;
}

static oe_result_t check_call_sizes(size_t in_size, size_t out_size)
{
    if (in_size % OE_EDGER8R_BUFFER_ALIGNMENT || out_size % OE_EDGER8R_BUFFER_ALIGNMENT)
        return OE_INVALID_PARAMETER;
    if (out_size < sizeof(keep_call_return_args))
        return OE_INVALID_PARAMETER;
    return OE_OK;
}

/* The generated wrapper of an ECALL whose outputs are plain bytes (no
 * strings, no deep copies: nothing the host checks and then reads again)
 * marshals into this. Such a buffer needs no staging copy: the enclave
 * copies the input into its own memory anyway, and writes the output once,
 * after the call, where the wrapper reads each value once. Falls back to
 * host memory (staged as usual) when the arena has no room. */
void *oe_edger8r_allocate_ecall_buffer(oe_enclave_t *enclave, size_t size)
{
    void *buffer = NULL;
    if (keep_enclave_valid(enclave))
        buffer = keep_arena_alloc_owned(&enclave->arena, size, KEEP_ARENA_CALL);
    return buffer ? buffer : malloc(size);
}

void oe_edger8r_free_ecall_buffer(oe_enclave_t *enclave, void *buffer)
{
    if (keep_enclave_valid(enclave) && keep_arena_contains(&enclave->arena, buffer, 1)) {
        if (!keep_arena_free_owned(&enclave->arena, buffer, KEEP_ARENA_CALL))
            keep_error("oe_edger8r_free_ecall_buffer: %p is not an ECALL buffer", buffer);
        return;
    }
    free(buffer);
}

/* True when `in` starts an arena call buffer that holds both buffers, laid
 * out as the generated wrappers do: input, then output right after it. */
static bool is_call_buffer(oe_enclave_t *enclave, const void *in, size_t in_size, const void *out,
                           size_t out_size)
{
    size_t block_size = keep_arena_block_size(&enclave->arena, in, KEEP_ARENA_CALL);
    return block_size && (const uint8_t *)in + in_size == (const uint8_t *)out &&
           in_size <= block_size && out_size <= block_size - in_size;
}

/* Runs an ECALL whose buffers lie in the arena, on a switchless worker when
 * asked and one is free. */
static oe_result_t run_arena_ecall(oe_enclave_t *enclave, uint64_t local_id, const void *in,
                                   size_t in_size, void *out, size_t out_size, size_t *written,
                                   bool switchless)
{
    size_t enclave_written = 0;
    bool served = false;
    oe_result_t result = OE_OK;
    if (switchless)
        result = keep_switchless_ecall(enclave, local_id, in, in_size, out, out_size,
                                       &enclave_written, &served);
    if (!served)
        result = enclave->backend->ecall(enclave, KEEP_ECALL_USER, local_id, in, in_size, out,
                                         out_size, &enclave_written);
    if (result == OE_OK && enclave_written > out_size)
        result = OE_UNEXPECTED;
    if (result == OE_OK)
        *written = enclave_written;
    return result;
}

/* Both buffers share one arena block (in, then out): sizes are multiples of
 * OE_EDGER8R_BUFFER_ALIGNMENT, so `out` stays aligned, and one allocation
 * per call keeps the arena lock and search off the common path twice. */
static oe_result_t run_staged_ecall(oe_enclave_t *enclave, uint64_t local_id, const void *in,
                                    size_t in_size, void *out, size_t out_size, size_t *written,
                                    bool switchless)
{
    size_t staged_size;
    if (__builtin_add_overflow(in_size, out_size, &staged_size))
        return OE_OUT_OF_MEMORY;
    uint8_t *staged = keep_arena_alloc(&enclave->arena, staged_size);
    if (!staged)
        return OE_OUT_OF_MEMORY;
    uint8_t *arena_out = staged + in_size;
    /* arena_out is not zeroed: the enclave runtime overwrites all of it
     * before it returns OE_OK, and on any other result it is not read. */
    if (in_size) /* `in` may be NULL then, which memcpy does not allow */
        memcpy(staged, in, in_size);
    size_t enclave_written = 0;
    oe_result_t result = run_arena_ecall(enclave, local_id, in_size ? staged : NULL, in_size,
                                         arena_out, out_size, &enclave_written, switchless);
    if (result != OE_OK)
        goto out;
    memcpy(out, arena_out, out_size);
    result = relocate_deepcopy(enclave, out, true);
    *written = enclave_written;
out:
    keep_arena_free(&enclave->arena, staged);
    return result;
}

static oe_result_t call_enclave(oe_enclave_t *enclave, uint64_t *global_id, const char *name,
                                const void *input_buffer, size_t input_buffer_size,
                                void *output_buffer, size_t output_buffer_size,
                                size_t *output_bytes_written, bool switchless)
{
    if (!keep_enclave_valid(enclave) || !global_id || !output_buffer || !output_bytes_written ||
        (input_buffer_size && !input_buffer))
        return OE_INVALID_PARAMETER;
    oe_result_t result = check_call_sizes(input_buffer_size, output_buffer_size);
    if (result != OE_OK)
        return result;
    if (atomic_load(&enclave->aborting))
        return OE_ENCLAVE_ABORTING;
    uint64_t local_id;
    result = keep_lookup_ecall(enclave, global_id, name, &local_id);
    if (result != OE_OK) {
        keep_error("ECALL %s: not in this enclave's ECALL table", name ? name : "(unnamed)");
        return result;
    }
    if (is_call_buffer(enclave, input_buffer, input_buffer_size, output_buffer, output_buffer_size))
        return run_arena_ecall(enclave, local_id, input_buffer, input_buffer_size, output_buffer,
                               output_buffer_size, output_bytes_written, switchless);
    return run_staged_ecall(enclave, local_id, input_buffer, input_buffer_size, output_buffer,
                            output_buffer_size, output_bytes_written, switchless);
}

oe_result_t oe_call_enclave_function(oe_enclave_t *enclave, uint64_t *global_id, const char *name,
                                     const void *input_buffer, size_t input_buffer_size,
                                     void *output_buffer, size_t output_buffer_size,
                                     size_t *output_bytes_written)
{
    return call_enclave(enclave, global_id, name, input_buffer, input_buffer_size, output_buffer,
                        output_buffer_size, output_bytes_written, false);
}

oe_result_t oe_switchless_call_enclave_function(oe_enclave_t *enclave, uint64_t *global_id,
                                                const char *name, const void *input_buffer,
                                                size_t input_buffer_size, void *output_buffer,
                                                size_t output_buffer_size,
                                                size_t *output_bytes_written)
{
    return call_enclave(enclave, global_id, name, input_buffer, input_buffer_size, output_buffer,
                        output_buffer_size, output_bytes_written, true);
}

static oe_result_t run_user_ocall(oe_enclave_t *enclave, uint64_t function_id, const void *in,
                                  size_t in_size, void *out, size_t out_size, size_t *written)
{
    if (function_id >= enclave->ocall_count || !enclave->ocall_table[function_id])
        return OE_NOT_FOUND;
    oe_result_t result = check_call_sizes(in_size, out_size);
    if (result != OE_OK)
        return result;
    uint8_t *host_in = malloc(in_size ? in_size : 1);
    uint8_t *host_out = calloc(1, out_size);
    result = OE_OUT_OF_MEMORY;
    if (!host_in || !host_out)
        goto out;
    if (in_size)
        memcpy(host_in, in, in_size);
    size_t host_written = 0;
    enclave->ocall_table[function_id](host_in, in_size, host_out, out_size, &host_written);
    result = OE_UNEXPECTED;
    if (host_written > out_size)
        goto out;
    result = relocate_deepcopy(enclave, (keep_call_return_args *)host_out, false);
    if (result != OE_OK)
        goto out;
    memcpy(out, host_out, out_size);
    *written = host_written;
out:
    free(host_in);
    free(host_out);
    return result;
}

static oe_result_t run_write_ocall(uint64_t fd, const void *data, size_t size)
{
    if ((fd != STDOUT_FILENO && fd != STDERR_FILENO) || size > KEEP_OCALL_WRITE_MAX)
        return OE_INVALID_PARAMETER;
    FILE *stream = fd == STDOUT_FILENO ? stdout : stderr;
    if (size && fwrite(data, 1, size, stream) != size)
        return OE_FAILURE;
    fflush(stream);
    return OE_OK;
}

oe_result_t keep_dispatch_ocall(oe_enclave_t *enclave, keep_ocall_kind kind, uint64_t function_id,
                                const void *in, size_t in_size, void *out, size_t out_size,
                                size_t *out_written)
{
    *out_written = 0;
    switch (kind) {
    case KEEP_OCALL_USER:
        return run_user_ocall(enclave, function_id, in, in_size, out, out_size, out_written);
    case KEEP_OCALL_WRITE:
        return run_write_ocall(function_id, in, in_size);
    case KEEP_OCALL_SYSCALL:
        return keep_hostio_serve(enclave, in, in_size, out, out_size, out_written);
    case KEEP_OCALL_LOG:
        return keep_log_enclave_line(function_id, in, in_size);
    }
    return OE_INVALID_PARAMETER;
}
