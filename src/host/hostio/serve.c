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
    fresh->arena = &enclave->arena;
    for (size_t i = 0; i < KEEP_HOSTIO_MAX_FDS; i++)
        fresh->fds[i] = -1;
    if (__atomic_compare_exchange_n(&enclave->hostio, &hostio, fresh, false, __ATOMIC_ACQ_REL,
                                    __ATOMIC_ACQUIRE))
        return fresh;
    keep_hostio_free(fresh);
    return hostio;
}

/* Bulk bytes move between the kernel and the arena directly, saving a copy
 * of up to KEEP_HOSTIO_DATA_MAX bytes each way: the bytes a READ, PREAD,
 * RECVFROM or RECVMSG returns are read straight into the answer (the host writes
 * them and never reads them back), and the bytes of a WRITE or PWRITE are
 * handed to the kernel from the request, which reads them once; the host
 * does not interpret them, so an enclave changing them meanwhile changes
 * only what it writes. Everything the host does interpret (header, paths,
 * addresses, option values, poll and epoll arrays) is copied first. */
static bool answers_in_place(uint32_t op)
{
    return op == KEEP_HOSTIO_READ || op == KEEP_HOSTIO_PREAD || op == KEEP_HOSTIO_RECVFROM ||
           op == KEEP_HOSTIO_RECVMSG;
}

static bool writes_in_place(uint32_t op)
{
    return op == KEEP_HOSTIO_WRITE || op == KEEP_HOSTIO_PWRITE;
}

static oe_result_t answer(keep_hostio *hostio, const keep_hostio_parsed *parsed, uint8_t *out,
                          size_t out_size, size_t *out_written)
{
    size_t data_max = out_size - sizeof(keep_hostio_response);
    bool in_place = answers_in_place(parsed->request.op);
    uint8_t *data = in_place ? out + sizeof(keep_hostio_response) : malloc(data_max ? data_max : 1);
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
    if (!in_place) {
        memcpy(out + sizeof(response), data, size);
        free(data);
    }
    *out_written = sizeof(response) + size;
    return OE_OK;
}

/* Copies the request out of the arena once (a WRITE's or PWRITE's bytes
 * excepted, see above) and parses it. */
static bool copy_and_parse(keep_hostio_parsed *parsed, const uint8_t *in, size_t in_size,
                           uint8_t *copy)
{
    keep_hostio_request head;
    if (in_size < sizeof(head))
        return false;
    memcpy(&head, in, sizeof(head));
    size_t paths = (size_t)head.path_size + head.path2_size;
    if (writes_in_place(head.op) && head.data_size <= in_size - sizeof(head) &&
        paths == in_size - sizeof(head) - head.data_size) {
        size_t head_size = sizeof(head) + paths;
        memcpy(copy, &head, sizeof(head)); /* the header as read above */
        memcpy(copy + sizeof(head), in + sizeof(head), paths);
        return keep_hostio_parse_split(parsed, copy, head_size, in + head_size, head.data_size);
    }
    memcpy(copy, in, in_size);
    return keep_hostio_parse(parsed, copy, in_size);
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
    keep_hostio_parsed parsed;
    result = OE_INVALID_PARAMETER;
    if (!copy_and_parse(&parsed, in, in_size, copy)) {
        keep_error("host I/O: a malformed request from the enclave");
        goto out;
    }
    result = answer(hostio, &parsed, out, out_size, out_written);
out:
    free(copy);
    return result;
}
