/* The enclave's single inbound door: keep_enclave_entry.
 *
 * Every ECALL arrives here with its buffers in the arena. They are copied
 * into enclave memory before anything looks at them (the host may change the
 * arena at any time), the EDL forwarder runs on the copies, and only then is
 * the output copied back. */
#include <stdlib.h>
#include <string.h>

#include <openenclave/enclave.h>

#include "enclave_state.h"

/* Defined by the generated <name>_t.c of the application's EDL. */
extern oe_ecall_func_t oe_ecalls_table[];
extern size_t oe_ecalls_table_size;

const keep_host_ops *keep_enclave_host;
void *keep_enclave_host_handle;

/* Upper bound on one ECALL's buffers, so a hostile size cannot make the
 * enclave allocate without limit. */
#define KEEP_ECALL_MAX_BUFFER_SIZE ((size_t)1 << 30)

static oe_result_t bind(const keep_host_ops *ops, void *host_enclave_handle)
{
    if (keep_enclave_host)
        return OE_ALREADY_INITIALIZED;
    if (!ops || ops->abi_version != KEEP_ENCLAVE_ABI_VERSION)
        return OE_INVALID_PARAMETER;
    keep_enclave_host = ops;
    keep_enclave_host_handle = host_enclave_handle;
    return OE_OK;
}

static oe_result_t check_ecall_buffers(const void *host_in, size_t in_size, const void *host_out,
                                       size_t out_size)
{
    if (in_size > KEEP_ECALL_MAX_BUFFER_SIZE || out_size > KEEP_ECALL_MAX_BUFFER_SIZE)
        return OE_INVALID_PARAMETER;
    if (in_size % OE_EDGER8R_BUFFER_ALIGNMENT || out_size % OE_EDGER8R_BUFFER_ALIGNMENT)
        return OE_INVALID_PARAMETER;
    if (out_size < sizeof(keep_call_return_args))
        return OE_INVALID_PARAMETER;
    if ((in_size && !keep_in_arena(host_in, in_size)) || !keep_in_arena(host_out, out_size))
        return OE_INVALID_PARAMETER;
    return OE_OK;
}

oe_result_t keep_run_user_ecall(uint64_t function_id, const void *host_in, size_t in_size,
                                void *host_out, size_t out_size, size_t *out_written)
{
    oe_result_t result = check_ecall_buffers(host_in, in_size, host_out, out_size);
    if (result != OE_OK)
        return result;
    if (function_id >= oe_ecalls_table_size || !oe_ecalls_table[function_id])
        return OE_NOT_FOUND;

    uint8_t *in = malloc(in_size ? in_size : 1);
    uint8_t *out = calloc(1, out_size);
    if (!in || !out) {
        result = OE_OUT_OF_MEMORY;
        goto out;
    }
    if (in_size) /* the host may send no input at all: host_in is then NULL */
        memcpy(in, host_in, in_size);
    size_t written = 0;
    oe_lfence();
    oe_ecalls_table[function_id](in, in_size, out, out_size, &written);
    if (written > out_size) {
        result = OE_UNEXPECTED;
        goto out;
    }
    result = keep_export_deepcopy_buffer(out, out_size);
    if (result != OE_OK)
        goto out;
    memcpy(host_out, out, out_size);
    *out_written = written;
out:
    free(in);
    free(out);
    return result;
}

/* Runs the handlers registered with atexit() by enclave code. The enclave
 * shares the loader's C library, so its handlers are run by the loader when
 * the image is unloaded (dlclose runs them for the image); nothing to do
 * here beyond telling the host the call was understood. */
static oe_result_t ecall(keep_ecall_kind kind, uint64_t function_id, const void *in,
                         size_t in_size, void *out, size_t out_size, size_t *out_written)
{
    if (!keep_enclave_host)
        return OE_UNEXPECTED;
    switch (kind) {
    case KEEP_ECALL_INIT:
    case KEEP_ECALL_AT_EXIT:
        return OE_OK;
    case KEEP_ECALL_USER:
        return keep_run_user_ecall(function_id, in, in_size, out, out_size, out_written);
    case KEEP_ECALL_SWITCHLESS_INIT:
        return keep_switchless_init(function_id);
    case KEEP_ECALL_SWITCHLESS_WORKER:
        return keep_switchless_enclave_worker(function_id);
    case KEEP_ECALL_GET_REPORT:
    case KEEP_ECALL_VERIFY_REPORT:
        return keep_enclave_report_ecall(kind, function_id, in, in_size, out, out_size,
                                         out_written);
    }
    return OE_INVALID_PARAMETER;
}

OE_EXPORT const keep_enclave_entry_points keep_enclave_entry = {
    .abi_version = KEEP_ENCLAVE_ABI_VERSION,
    /* Also makes the linker bring in the default properties when the
     * application defines none. */
    .properties = &oe_enclave_properties_sgx,
    .bind = bind,
    .ecall = ecall,
};
