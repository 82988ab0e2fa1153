/* Enclave half of the EDL test fixture: ECALL entry (copy in, dispatch,
 * move the deep-copy buffer out, copy back), OCALL exit (the mirror
 * image) and the enclave-side OE functions the generated code calls.
 *
 * "Enclave memory" is every live oe_malloc allocation, tracked in a small
 * map, so the generated code's oe_is_within_enclave() checks are real. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <openenclave/enclave.h>

#include "edltest_runtime.h"

extern oe_ecall_func_t oe_ecalls_table[];
extern size_t oe_ecalls_table_size;

int edltest_enclave_attach(const edltest_host_iface *host, edltest_enclave_iface *out)
    __attribute__((visibility("default")));

typedef struct edltest_block {
    uintptr_t start;
    size_t size;
} edltest_block;

/* The first members of every <f>_args_t. */
typedef struct edltest_return_args {
    oe_result_t result;
    uint8_t *deepcopy_out_buffer;
    size_t deepcopy_out_buffer_size;
} edltest_return_args;

static pthread_mutex_t edltest_lock = PTHREAD_MUTEX_INITIALIZER;
static edltest_block *edltest_blocks;
static size_t edltest_block_count, edltest_block_cap;
static edltest_host_iface edltest_host;

static int edltest_track(void *p, size_t size)
{
    int ok = 1;
    pthread_mutex_lock(&edltest_lock);
    if (edltest_block_count == edltest_block_cap) {
        size_t cap = edltest_block_cap ? edltest_block_cap * 2 : 64;
        edltest_block *grown = realloc(edltest_blocks, cap * sizeof(*grown));
        if (grown) {
            edltest_blocks = grown;
            edltest_block_cap = cap;
        }
        ok = grown != NULL;
    }
    if (ok)
        edltest_blocks[edltest_block_count++] = (edltest_block){(uintptr_t)p, size};
    pthread_mutex_unlock(&edltest_lock);
    return ok;
}

void *oe_malloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (p && !edltest_track(p, size ? size : 1)) {
        free(p);
        p = NULL;
    }
    return p;
}

/* Accepts pointers that were never tracked (user code's malloc), as free(). */
void oe_free(void *ptr)
{
    pthread_mutex_lock(&edltest_lock);
    for (size_t i = 0; i < edltest_block_count; i++) {
        if (edltest_blocks[i].start == (uintptr_t)ptr) {
            edltest_blocks[i] = edltest_blocks[--edltest_block_count];
            break;
        }
    }
    pthread_mutex_unlock(&edltest_lock);
    free(ptr);
}

/* 1: inside one enclave block; 0: overlaps none; -1: straddles. */
static int edltest_where(const void *ptr, size_t size)
{
    uintptr_t a = (uintptr_t)ptr;
    int found = 0;
    pthread_mutex_lock(&edltest_lock);
    for (size_t i = 0; i < edltest_block_count && found != 1; i++) {
        const edltest_block *b = &edltest_blocks[i];
        if (a >= b->start && size <= b->size && a - b->start <= b->size - size)
            found = 1;
        else if (a < b->start + b->size && b->start < a + size)
            found = -1;
    }
    pthread_mutex_unlock(&edltest_lock);
    return found;
}

bool oe_is_within_enclave(const void *ptr, size_t size)
{
    if (!ptr || (uintptr_t)ptr + size < (uintptr_t)ptr)
        return false;
    return edltest_where(ptr, size) == 1;
}

bool oe_is_outside_enclave(const void *ptr, size_t size)
{
    if (!ptr || (uintptr_t)ptr + size < (uintptr_t)ptr)
        return false;
    return edltest_where(ptr, size ? size : 1) == 0;
}

size_t oe_strlen(const char *s) { return strlen(s); }
size_t oe_wcslen(const wchar_t *s) { return wcslen(s); }
oe_result_t oe_get_enclave_status(void) { return OE_OK; }

void *oe_host_malloc(size_t size) { return edltest_host.host_malloc(size ? size : 1); }
void oe_host_free(void *ptr) { edltest_host.host_free(ptr); }

void *oe_host_calloc(size_t nmemb, size_t size)
{
    void *p = (size && nmemb > SIZE_MAX / size) ? NULL : oe_host_malloc(nmemb * size);
    if (p)
        memset(p, 0, nmemb * size);
    return p;
}

void *oe_allocate_ocall_buffer(size_t size) { return oe_host_malloc(size); }
void oe_free_ocall_buffer(void *buffer) { oe_host_free(buffer); }
void *oe_allocate_switchless_ocall_buffer(size_t size) { return oe_host_malloc(size); }
void oe_free_switchless_ocall_buffer(void *buffer) { oe_host_free(buffer); }

/* After an ECALL: the callee's deep-copy buffer moves to host memory. */
static oe_result_t edltest_export_deepcopy(edltest_return_args *header)
{
    void *host_copy;
    if (header->result != OE_OK || !header->deepcopy_out_buffer)
        return OE_OK;
    if (!oe_is_within_enclave(header->deepcopy_out_buffer, header->deepcopy_out_buffer_size))
        return OE_UNEXPECTED;
    if (!(host_copy = oe_host_malloc(header->deepcopy_out_buffer_size)))
        return OE_OUT_OF_MEMORY;
    memcpy(host_copy, header->deepcopy_out_buffer, header->deepcopy_out_buffer_size);
    oe_free(header->deepcopy_out_buffer);
    header->deepcopy_out_buffer = host_copy;
    return OE_OK;
}

/* The buffer the last OCALL brought in, until the wrapper takes it (as in
 * liboeenclave: the pointer never goes back through host memory). */
static __thread void *edltest_imported;
static __thread size_t edltest_imported_size;

void *oe_edger8r_take_deepcopy_out_buffer(size_t *size)
{
    void *buffer = edltest_imported;
    *size = edltest_imported_size;
    edltest_imported = NULL;
    edltest_imported_size = 0;
    return buffer;
}

/* After an OCALL: the host's deep-copy buffer moves into the enclave. The
 * header is read once; the new pointer is checked again by the wrapper. */
static oe_result_t edltest_import_deepcopy(void *out, size_t out_size)
{
    edltest_return_args header;
    void *copy;
    if (out_size < sizeof(header))
        return OE_UNEXPECTED;
    memcpy(&header, out, sizeof(header));
    if (!header.deepcopy_out_buffer)
        return OE_OK;
    if (!header.deepcopy_out_buffer_size ||
        !oe_is_outside_enclave(header.deepcopy_out_buffer, header.deepcopy_out_buffer_size))
        return OE_UNEXPECTED;
    if (!(copy = oe_malloc(header.deepcopy_out_buffer_size)))
        return OE_OUT_OF_MEMORY;
    memcpy(copy, header.deepcopy_out_buffer, header.deepcopy_out_buffer_size);
    oe_host_free(header.deepcopy_out_buffer);
    oe_free(edltest_imported);
    edltest_imported = copy;
    edltest_imported_size = header.deepcopy_out_buffer_size;
    return OE_OK;
}

static oe_result_t edltest_call_enclave(uint64_t id, const void *in, size_t in_size, void *out,
                                        size_t out_size, size_t *written)
{
    uint8_t *enc_in = NULL, *enc_out = NULL;
    size_t n = 0;
    oe_result_t r = OE_OK;
    if (id >= oe_ecalls_table_size || !oe_ecalls_table[id])
        return OE_NOT_FOUND;
    if (!in || !out || !written || out_size < sizeof(edltest_return_args) ||
        in_size % OE_EDGER8R_BUFFER_ALIGNMENT || out_size % OE_EDGER8R_BUFFER_ALIGNMENT ||
        !oe_is_outside_enclave(in, in_size) || !oe_is_outside_enclave(out, out_size))
        return OE_INVALID_PARAMETER;
    enc_in = oe_malloc(in_size);
    enc_out = oe_malloc(out_size);
    if (!enc_in || !enc_out) {
        r = OE_OUT_OF_MEMORY;
        goto out;
    }
    memcpy(enc_in, in, in_size);
    memset(enc_out, 0, out_size);
    oe_ecalls_table[id](enc_in, in_size, enc_out, out_size, &n);
    if ((r = edltest_export_deepcopy((edltest_return_args *)(void *)enc_out)) != OE_OK)
        goto out;
    memcpy(out, enc_out, out_size);
    *written = n;
out:
    oe_free(enc_in);
    oe_free(enc_out);
    return r;
}

oe_result_t oe_call_host_function(size_t function_id, const void *input_buffer,
                                  size_t input_buffer_size, void *output_buffer,
                                  size_t output_buffer_size, size_t *output_bytes_written)
{
    int saved = errno; /* the host's errno is not the enclave's */
    oe_result_t r;
    if (!input_buffer || !output_buffer || !output_bytes_written ||
        !oe_is_outside_enclave(input_buffer, input_buffer_size) ||
        !oe_is_outside_enclave(output_buffer, output_buffer_size))
        return OE_INVALID_PARAMETER;
    r = edltest_host.call_host(edltest_host.ctx, function_id, input_buffer, input_buffer_size,
                               output_buffer, output_buffer_size, output_bytes_written);
    errno = saved;
    if (r == OE_OK)
        r = edltest_import_deepcopy(output_buffer, output_buffer_size);
    return r;
}

static size_t edltest_sl_count;

oe_result_t oe_switchless_call_host_function(size_t function_id, const void *input_buffer,
                                             size_t input_buffer_size, void *output_buffer,
                                             size_t output_buffer_size,
                                             size_t *output_bytes_written)
{
    edltest_sl_count++;
    return oe_call_host_function(function_id, input_buffer, input_buffer_size, output_buffer,
                                 output_buffer_size, output_bytes_written);
}

/* How many switchless OCALLs this enclave made (for the enclave tests). */
size_t edltest_enclave_switchless_ocalls(void);
size_t edltest_enclave_switchless_ocalls(void)
{
    return edltest_sl_count;
}

/* The map itself goes with the image (dlclose). */
__attribute__((destructor)) static void edltest_enclave_fini(void)
{
    free(edltest_blocks);
    edltest_blocks = NULL;
    edltest_block_count = edltest_block_cap = 0;
}

int edltest_enclave_attach(const edltest_host_iface *host, edltest_enclave_iface *out)
{
    edltest_host = *host;
    out->ecall_count = oe_ecalls_table_size;
    out->call_enclave = edltest_call_enclave;
    return 0;
}
