/* One host I/O request: staged in arena memory, sent on the calling
 * enclave thread's slot as KEEP_OCALL_SYSCALL, and the answer read once and
 * checked before any of it reaches the enclave. */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>

#include "hostio.h"
#include "runner.h"

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

/* Lays the request out in `in`: header, paths, data. Returns its size. */
static size_t stage_request(uint8_t *in, keep_hostio_call *call)
{
    keep_hostio_request *request = &call->request;
    request->path_size = (uint32_t)path_size(call->path);
    request->path2_size = (uint32_t)path_size(call->path2);
    size_t off = sizeof(*request);
    off = put_bytes(in, off, call->path, request->path_size, true);
    off = put_bytes(in, off, call->path2, request->path2_size, true);
    off = put_bytes(in, off, call->data, request->data_size, false);
    memcpy(in, request, sizeof(*request));
    return off;
}

/* The host's value, or -EIO when the answer breaks the contract: its size
 * disagrees with the slot's count, its payload exceeds what was asked
 * for, or its errno is not one a system call returns. */
static long read_answer(keep_hostio_call *call, const uint8_t *out, size_t written)
{
    keep_hostio_response response;
    if (written < sizeof(response) || written > KEEP_HOSTIO_OUT_MAX)
        return -EIO;
    memcpy(&response, out, sizeof(response));
    if (response.data_size != written - sizeof(response) ||
        response.data_size > call->answer_max)
        return -EIO;
    if (response.ret < 0 && (response.ret < -KEEP_HOSTIO_ERRNO_MAX || response.data_size))
        return -EIO;
    if (response.data_size)
        memcpy(call->answer, out + sizeof(response), response.data_size);
    call->answer_size = response.data_size;
    return (long)response.ret;
}

long keep_hostio_transact(keep_hostio_call *call)
{
    call->answer_size = 0;
    if (call->request.data_size > KEEP_HOSTIO_DATA_MAX || call->answer_max > KEEP_HOSTIO_DATA_MAX)
        return -EINVAL;
    const keep_host_ops *ops = &keep_the_runner.ops;
    size_t out_size = sizeof(keep_hostio_response) + call->answer_max;
    uint8_t *block = ops->host_malloc(ops->ctx, KEEP_HOSTIO_IN_MAX + out_size);
    if (!block)
        return -ENOMEM;
    size_t in_size = stage_request(block, call);
    uint8_t *out = block + KEEP_HOSTIO_IN_MAX;
    uint64_t written = 0;
    oe_result_t result = keep_runner_request(KEEP_OCALL_SYSCALL, 0, (uint64_t)(uintptr_t)block,
                                             in_size, (uint64_t)(uintptr_t)out, out_size,
                                             &written);
    long rc = -ENOSYS; /* not an enclave thread */
    if (result == OE_OK)
        rc = read_answer(call, out, (size_t)written);
    else if (result != OE_UNEXPECTED)
        rc = -EIO;
    ops->host_free(ops->ctx, block);
    return rc;
}
