/* Host I/O requests from an enclave: copied out of the arena once, parsed
 * with every length checked against the buffer, run, and answered. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../host_log.h"
#include "hostio.h"

void (*keep_hostio_test_hook)(uint32_t op, keep_hostio_response *response, uint8_t *data,
                              size_t data_max);

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
    if (!keep_hostio_parse(&parsed, copy, in_size)) {
        keep_error("host I/O: a malformed request from the enclave");
        goto out;
    }
    result = answer(hostio, &parsed, out, out_size, out_written);
out:
    free(copy);
    return result;
}
