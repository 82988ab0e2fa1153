/* Relocating deep-copy-out buffers across the boundary.
 *
 * A callee that fills `[out]` deep-copied structures packs their nested
 * buffers into one buffer on its own heap and names it in the output
 * header (keep_call_return_args). The runtime moves that buffer to
 * the other side's memory before the caller reads it. */
#include <stdlib.h>
#include <string.h>

#include <openenclave/enclave.h>

#include "enclave_state.h"

oe_result_t keep_export_deepcopy_buffer(void *out_args, size_t out_size)
{
    keep_call_return_args *header = out_args;
    if (out_size < sizeof(*header) || !header->deepcopy_out_buffer)
        return OE_OK;
    void *enclave_buffer = header->deepcopy_out_buffer;
    size_t size = header->deepcopy_out_buffer_size;
    if (!size || !oe_is_within_enclave(enclave_buffer, size))
        return OE_UNEXPECTED;
    void *host_buffer = oe_host_malloc(size);
    if (!host_buffer)
        return OE_OUT_OF_MEMORY;
    memcpy(host_buffer, enclave_buffer, size);
    free(enclave_buffer);
    header->deepcopy_out_buffer = host_buffer;
    return OE_OK;
}

/* The buffer the last OCALL on this thread brought in, until the generated
 * wrapper takes it. It never passes through host memory: a pointer written
 * back into the host's output buffer could be swapped by a racing host
 * thread for another enclave allocation, which the wrapper would then read
 * and free. */
static __thread void *imported_buffer;
static __thread size_t imported_size;

void keep_discard_deepcopy_buffer(void)
{
    free(imported_buffer);
    imported_buffer = NULL;
    imported_size = 0;
}

void *oe_edger8r_take_deepcopy_out_buffer(size_t *size)
{
    void *buffer = imported_buffer;
    *size = imported_size;
    imported_buffer = NULL;
    imported_size = 0;
    return buffer;
}

oe_result_t keep_import_deepcopy_buffer(void *out_args, size_t out_size)
{
    keep_call_return_args *host_header = out_args;
    keep_discard_deepcopy_buffer();
    if (out_size < sizeof(*host_header))
        return OE_OK;
    /* Read the host's fields once. */
    void *host_buffer = host_header->deepcopy_out_buffer;
    size_t size = host_header->deepcopy_out_buffer_size;
    if (!host_buffer)
        return OE_OK;
    if (!size || !keep_in_arena(host_buffer, size))
        return OE_UNEXPECTED;
    void *enclave_buffer = malloc(size);
    if (!enclave_buffer)
        return OE_OUT_OF_MEMORY;
    memcpy(enclave_buffer, host_buffer, size);
    oe_host_free(host_buffer);
    imported_buffer = enclave_buffer;
    imported_size = size;
    return OE_OK;
}
