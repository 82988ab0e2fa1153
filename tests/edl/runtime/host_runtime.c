/* Host half of the EDL test fixture: enclave lifecycle, OE's ECALL
 * name -> global id -> local id mapping (reference §1.5) and OCALL
 * dispatch by index into the table given at creation. */
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <openenclave/host.h>

#include "edltest_runtime.h"

struct _oe_enclave {
    void *handle;
    edltest_enclave_iface iface;
    edltest_host_iface host;
    const oe_ocall_func_t *ocalls;
    uint32_t ocall_count;
    uint64_t *local_ids; /* indexed by global id; OE_UINT64_MAX = absent */
    size_t local_id_count;
};

static pthread_mutex_t edltest_ids_lock = PTHREAD_MUTEX_INITIALIZER;
static char **edltest_names;
static size_t edltest_name_count;
static edltest_tamper_fn edltest_ocall_tamper;
static edltest_tamper_fn edltest_ecall_tamper;
static edltest_input_tamper_fn edltest_input_tamper;
static size_t edltest_sl_ecalls;
static size_t edltest_sl_ocalls;

void edltest_set_ocall_tamper(edltest_tamper_fn fn) { edltest_ocall_tamper = fn; }
void edltest_set_ecall_tamper(edltest_tamper_fn fn) { edltest_ecall_tamper = fn; }
void edltest_set_ecall_input_tamper(edltest_input_tamper_fn fn) { edltest_input_tamper = fn; }
size_t edltest_switchless_ecalls(void) { return edltest_sl_ecalls; }
size_t edltest_switchless_ocalls(void) { return edltest_sl_ocalls; }

/* The process-wide id of `name`, added on first sight. */
static oe_result_t edltest_global_id(const char *name, uint64_t *id)
{
    oe_result_t r = OE_OK;
    size_t i;
    pthread_mutex_lock(&edltest_ids_lock);
    for (i = 0; i < edltest_name_count; i++)
        if (strcmp(edltest_names[i], name) == 0)
            break;
    if (i == edltest_name_count) {
        char **grown = realloc(edltest_names, (i + 1) * sizeof(*grown));
        char *copy = strdup(name);
        if (grown)
            edltest_names = grown;
        if (!grown || !copy) {
            free(copy);
            r = OE_OUT_OF_MEMORY;
        } else {
            edltest_names[edltest_name_count++] = copy;
        }
    }
    *id = i;
    pthread_mutex_unlock(&edltest_ids_lock);
    return r;
}

static oe_result_t edltest_register_ecalls(oe_enclave_t *e, const oe_ecall_info_t *names,
                                           uint32_t count)
{
    for (uint32_t local = 0; local < count; local++) {
        uint64_t global;
        oe_result_t r = edltest_global_id(names[local].name, &global);
        if (r != OE_OK)
            return r;
        if (global >= e->local_id_count) {
            uint64_t *grown = realloc(e->local_ids, (global + 1) * sizeof(*grown));
            if (!grown)
                return OE_OUT_OF_MEMORY;
            for (size_t k = e->local_id_count; k <= global; k++)
                grown[k] = OE_UINT64_MAX;
            e->local_ids = grown;
            e->local_id_count = global + 1;
        }
        e->local_ids[global] = local;
    }
    return OE_OK;
}

/* OCALL: the host function works on its own copies of the buffers. */
static oe_result_t edltest_call_host(void *ctx, size_t id, const void *in, size_t in_size,
                                     void *out, size_t out_size, size_t *written)
{
    oe_enclave_t *e = ctx;
    uint8_t *in_copy, *out_copy;
    size_t n = 0;
    if (id >= e->ocall_count || !e->ocalls[id])
        return OE_NOT_FOUND;
    in_copy = malloc(in_size ? in_size : 1);
    out_copy = calloc(1, out_size ? out_size : 1);
    if (!in_copy || !out_copy) {
        free(in_copy);
        free(out_copy);
        return OE_OUT_OF_MEMORY;
    }
    memcpy(in_copy, in, in_size);
    e->ocalls[id](in_copy, in_size, out_copy, out_size, &n);
    if (edltest_ocall_tamper)
        edltest_ocall_tamper(id, out_copy, out_size, &n);
    memcpy(out, out_copy, out_size);
    *written = n;
    free(in_copy);
    free(out_copy);
    return OE_OK;
}

static void edltest_destroy(oe_enclave_t *e)
{
    if (e->handle)
        dlclose(e->handle);
    free(e->local_ids);
    free(e);
}

oe_result_t oe_create_enclave(const char *path, oe_enclave_type_t type, uint32_t flags,
                              const oe_enclave_setting_t *settings, uint32_t setting_count,
                              const oe_ocall_func_t *ocall_table, uint32_t ocall_count,
                              const oe_ecall_info_t *ecall_name_table, uint32_t ecall_count,
                              oe_enclave_t **enclave)
{
    oe_enclave_t *e;
    edltest_attach_fn attach;
    oe_result_t r;
    (void)type;
    (void)flags;
    if (enclave)
        *enclave = NULL;
    if (!path || !enclave || (settings == NULL) != (setting_count == 0))
        return OE_INVALID_PARAMETER;
    if (!(e = calloc(1, sizeof(*e))))
        return OE_OUT_OF_MEMORY;
    e->ocalls = ocall_table;
    e->ocall_count = ocall_count;
    e->host = (edltest_host_iface){e, edltest_call_host, malloc, free};
    e->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    attach = e->handle ? (edltest_attach_fn)dlsym(e->handle, EDLTEST_ATTACH_SYMBOL) : NULL;
    if (!attach || attach(&e->host, &e->iface) != 0) {
        edltest_destroy(e);
        return OE_INVALID_IMAGE;
    }
    if ((r = edltest_register_ecalls(e, ecall_name_table, ecall_count)) != OE_OK) {
        edltest_destroy(e);
        return r;
    }
    *enclave = e;
    return OE_OK;
}

oe_result_t oe_terminate_enclave(oe_enclave_t *enclave)
{
    if (!enclave)
        return OE_INVALID_PARAMETER;
    edltest_destroy(enclave);
    return OE_OK;
}

/* An ECALL whose input the hostile-host hook has rewritten. */
static oe_result_t edltest_call_tampered(oe_enclave_t *e, uint64_t local, const void *in,
                                         size_t in_size, void *out, size_t out_size,
                                         size_t *written)
{
    uint8_t *copy = malloc(in_size ? in_size : 1);
    oe_result_t r;
    if (!copy)
        return OE_OUT_OF_MEMORY;
    memcpy(copy, in, in_size);
    edltest_input_tamper(copy, &in_size);
    r = e->iface.call_enclave(local, copy, in_size, out, out_size, written);
    free(copy);
    return r;
}

oe_result_t oe_call_enclave_function(oe_enclave_t *enclave, uint64_t *global_id,
                                     const char *name, const void *input_buffer,
                                     size_t input_buffer_size, void *output_buffer,
                                     size_t output_buffer_size, size_t *output_bytes_written)
{
    oe_result_t r;
    uint64_t local;
    if (!enclave || !global_id || !name || !output_bytes_written)
        return OE_INVALID_PARAMETER;
    if (*global_id == OE_GLOBAL_ECALL_ID_NULL && (r = edltest_global_id(name, global_id)) != OE_OK)
        return r;
    if (*global_id >= enclave->local_id_count || enclave->local_ids[*global_id] == OE_UINT64_MAX)
        return OE_NOT_FOUND;
    local = enclave->local_ids[*global_id];
    if (edltest_input_tamper)
        return edltest_call_tampered(enclave, local, input_buffer, input_buffer_size,
                                     output_buffer, output_buffer_size, output_bytes_written);
    r = enclave->iface.call_enclave(local, input_buffer, input_buffer_size, output_buffer,
                                    output_buffer_size, output_bytes_written);
    if (r == OE_OK && edltest_ecall_tamper)
        edltest_ecall_tamper((size_t)local, output_buffer, output_buffer_size,
                             output_bytes_written);
    return r;
}

oe_result_t oe_switchless_call_enclave_function(oe_enclave_t *enclave, uint64_t *global_id,
                                                const char *name, const void *input_buffer,
                                                size_t input_buffer_size, void *output_buffer,
                                                size_t output_buffer_size,
                                                size_t *output_bytes_written)
{
    edltest_sl_ecalls++;
    return oe_call_enclave_function(enclave, global_id, name, input_buffer, input_buffer_size,
                                    output_buffer, output_buffer_size, output_bytes_written);
}

/* The fixture's enclave shares the host's memory: call buffers are plain
 * heap blocks. */
void *oe_edger8r_allocate_ecall_buffer(oe_enclave_t *enclave, size_t size)
{
    (void)enclave;
    return malloc(size);
}

void oe_edger8r_free_ecall_buffer(oe_enclave_t *enclave, void *buffer)
{
    (void)enclave;
    free(buffer);
}
