/* Host I/O requests from an enclave: copied out of the arena once, parsed
 * with every length checked against the buffer, run, and answered. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../host_log.h"
#include "hostio.h"

void (*keep_hostio_test_hook)(uint32_t op, keep_hostio_response *response, uint8_t *data,
                              size_t data_max);

/* A path of `size` bytes at buf[*off]: NUL-terminated exactly at its end. */
static bool take_path(const uint8_t *buf, size_t len, size_t *off, uint32_t size,
                      const char **path)
{
    *path = NULL;
    if (size == 0)
        return true;
    if (size > KEEP_HOSTIO_PATH_MAX || size > len - *off)
        return false;
    const char *p = (const char *)buf + *off;
    if (strnlen(p, size) != size - 1)
        return false;
    *path = p;
    *off += size;
    return true;
}

static bool parse(keep_hostio_parsed *parsed, const uint8_t *buf, size_t len)
{
    if (len < sizeof(parsed->request))
        return false;
    memcpy(&parsed->request, buf, sizeof(parsed->request));
    const keep_hostio_request *r = &parsed->request;
    if (r->op == 0 || r->op >= KEEP_HOSTIO_OP_COUNT || r->reserved ||
        r->handle >= KEEP_HOSTIO_MAX_FDS || r->data_size > KEEP_HOSTIO_DATA_MAX)
        return false;
    size_t off = sizeof(*r);
    if (!take_path(buf, len, &off, r->path_size, &parsed->path) ||
        !take_path(buf, len, &off, r->path2_size, &parsed->path2))
        return false;
    if (r->data_size != len - off) /* also: no trailing bytes */
        return false;
    parsed->data = buf + off;
    return true;
}

static keep_hostio *hostio_of(oe_enclave_t *enclave)
{
    keep_hostio *hostio = __atomic_load_n(&enclave->hostio, __ATOMIC_ACQUIRE);
    if (hostio)
        return hostio;
    keep_hostio *fresh = calloc(1, sizeof(*fresh));
    if (!fresh)
        return NULL;
    pthread_mutex_init(&fresh->lock, NULL);
    for (size_t i = 0; i < KEEP_HOSTIO_MAX_FDS; i++)
        fresh->fds[i] = -1;
    if (__atomic_compare_exchange_n(&enclave->hostio, &hostio, fresh, false, __ATOMIC_ACQ_REL,
                                    __ATOMIC_ACQUIRE))
        return fresh;
    keep_hostio_free(fresh);
    return hostio;
}

static oe_result_t answer(keep_hostio *hostio, const keep_hostio_parsed *parsed, uint8_t *out,
                          size_t out_size, size_t *out_written)
{
    size_t data_max = out_size - sizeof(keep_hostio_response);
    uint8_t *data = malloc(data_max ? data_max : 1);
    if (!data)
        return OE_OUT_OF_MEMORY;
    size_t data_size = 0;
    keep_hostio_response response = {0};
    response.ret = keep_hostio_execute(hostio, parsed, data, data_max, &data_size);
    response.data_size = (uint32_t)data_size;
    if (keep_hostio_test_hook)
        keep_hostio_test_hook(parsed->request.op, &response, data, data_max);
    size_t size = response.data_size < data_max ? response.data_size : data_max;
    memcpy(out, &response, sizeof(response));
    memcpy(out + sizeof(response), data, size);
    *out_written = sizeof(response) + size;
    free(data);
    return OE_OK;
}

oe_result_t keep_hostio_serve(oe_enclave_t *enclave, const void *in, size_t in_size, void *out,
                              size_t out_size, size_t *out_written)
{
    *out_written = 0;
    if (in_size > KEEP_HOSTIO_IN_MAX || out_size < sizeof(keep_hostio_response) ||
        out_size > KEEP_HOSTIO_OUT_MAX)
        return OE_INVALID_PARAMETER;
    keep_hostio *hostio = hostio_of(enclave);
    uint8_t *copy = malloc(in_size ? in_size : 1);
    oe_result_t result = OE_OUT_OF_MEMORY;
    if (!hostio || !copy)
        goto out;
    memcpy(copy, in, in_size); /* read the enclave's request once */
    keep_hostio_parsed parsed;
    result = OE_INVALID_PARAMETER;
    if (!parse(&parsed, copy, in_size)) {
        keep_error("host I/O: a malformed request from the enclave");
        goto out;
    }
    result = answer(hostio, &parsed, out, out_size, out_written);
out:
    free(copy);
    return result;
}
