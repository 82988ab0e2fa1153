/* One host I/O request: staged in arena memory, sent on the calling
 * enclave thread's slot as KEEP_OCALL_SYSCALL, and the answer read once and
 * checked before any of it reaches the enclave. */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>

#include "hostio.h"
#include "runner.h"

/* Each enclave thread keeps one arena block for its requests, grown to the
 * largest one it has sent and never given back (the arena goes with the
 * enclave): a request then costs one round trip, not three (allocate,
 * call, free). While a request is in flight the block is busy; an ECALL
 * the host runs meanwhile on this thread gets blocks of its own. The block
 * is the host's memory like any other in the arena: the request is written
 * to it and the answer read from it once, as before. */
static __thread uint8_t *thread_block;
static __thread size_t thread_block_size;
static __thread bool thread_block_busy;

#define BLOCK_ALIGN 64u

static size_t align_up(size_t size)
{
    return (size + BLOCK_ALIGN - 1) & ~(size_t)(BLOCK_ALIGN - 1);
}

static uint8_t *block_get(size_t size, bool *own)
{
    const keep_host_ops *ops = &keep_the_runner.ops;
    *own = false;
    if (thread_block_busy)
        return ops->host_malloc(ops->ctx, size);
    if (size > thread_block_size) {
        /* Larger than the thread's scratch memory, which host_malloc would
         * otherwise hand out and which must stay free for other OCALLs. */
        size_t floor = (size_t)keep_the_runner.setup.scratch_size + BLOCK_ALIGN;
        const size_t cap = KEEP_HOSTIO_IN_MAX + KEEP_HOSTIO_OUT_MAX;
        size_t grown = 2 * thread_block_size < cap ? 2 * thread_block_size : cap;
        grown = grown > floor ? grown : floor;
        grown = grown > align_up(size) ? grown : align_up(size); /* never below the need */
        uint8_t *fresh = ops->host_malloc(ops->ctx, grown);
        if (!fresh)
            return NULL;
        ops->host_free(ops->ctx, thread_block);
        thread_block = fresh;
        thread_block_size = grown;
    }
    thread_block_busy = *own = true;
    return thread_block;
}

static void block_put(uint8_t *block, bool own)
{
    const keep_host_ops *ops = &keep_the_runner.ops;
    if (own)
        thread_block_busy = false;
    else
        ops->host_free(ops->ctx, block);
}

static size_t path_size(const char *path)
{
    return path ? strnlen(path, KEEP_HOSTIO_PATH_MAX - 1) + 1 : 0;
}

static size_t put_bytes(uint8_t *in, size_t off, const void *bytes, size_t size, bool string)
{
    if (!size)
        return off;
    memcpy(in + off, bytes, size);
    if (string)
        in[off + size - 1] = '\0';
    return off + size;
}

/* The request's size: header, paths, prefix, data. */
static size_t request_size(keep_hostio_call *call)
{
    keep_hostio_request *request = &call->request;
    request->path_size = (uint32_t)path_size(call->path);
    request->path2_size = (uint32_t)path_size(call->path2);
    return sizeof(*request) + request->path_size + request->path2_size + request->data_size;
}

/* Lays the request out in `in` (request_size() bytes). The payload is
 * the prefix (e.g. an address) followed by the caller's data, copied
 * straight from the caller's buffer. */
static void stage_request(uint8_t *in, keep_hostio_call *call)
{
    keep_hostio_request *request = &call->request;
    size_t off = sizeof(*request);
    off = put_bytes(in, off, call->path, request->path_size, true);
    off = put_bytes(in, off, call->path2, request->path2_size, true);
    off = put_bytes(in, off, call->prefix, call->prefix_size, false);
    put_bytes(in, off, call->data, request->data_size - call->prefix_size, false);
    memcpy(in, request, sizeof(*request));
}

long keep_hostio_transact(keep_hostio_call *call)
{
    call->answer_size = 0;
    if (call->request.data_size > KEEP_HOSTIO_DATA_MAX ||
        call->answer_max > KEEP_HOSTIO_DATA_MAX || call->prefix_size > call->request.data_size ||
        (call->answer_head && call->answer_head_size > call->answer_max))
        return -EINVAL;
    size_t in_size = request_size(call);
    size_t out_offset = align_up(in_size);
    size_t out_size = sizeof(keep_hostio_response) + call->answer_max;
    bool own;
    uint8_t *block = block_get(out_offset + out_size, &own);
    if (!block)
        return -ENOMEM;
    stage_request(block, call);
    uint8_t *out = block + out_offset;
    uint64_t written = 0;
    oe_result_t result = keep_runner_request(KEEP_OCALL_SYSCALL, 0, (uint64_t)(uintptr_t)block,
                                             in_size, (uint64_t)(uintptr_t)out, out_size,
                                             &written);
    long rc = -ENOSYS; /* not an enclave thread */
    if (result == OE_OK)
        rc = keep_hostio_read_answer(call, out, (size_t)written);
    else if (result != OE_UNEXPECTED)
        rc = -EIO;
    block_put(block, own);
    return rc;
}
