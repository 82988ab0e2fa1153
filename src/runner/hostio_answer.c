/* The framing of a host I/O answer (src/common/hostio_wire.h), checked
 * before any of it reaches the enclave, and the recvmsg flags an answer
 * may carry. No state: tests/fuzz/fuzz_hostio_answer.c runs this code on
 * arbitrary answers. */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>

#include "hostio.h"

/* Copies the answer's payload out: the first answer_head_size bytes to
 * answer_head (when set), the rest to answer. */
static void copy_answer(keep_hostio_call *call, const uint8_t *payload, size_t size)
{
    size_t head = call->answer_head ? call->answer_head_size : 0;
    /* An error answer has no payload, not even the head (checked below):
     * nothing to copy, and `size - head` must never wrap. */
    if (size == 0 || size < head)
        return;
    if (head) {
        memcpy(call->answer_head, payload, head);
        payload += head;
        size -= head;
    }
    if (size)
        memcpy(call->answer, payload, size);
}

long keep_hostio_read_answer(keep_hostio_call *call, const uint8_t *out, size_t written)
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
    if (call->answer_head && response.ret >= 0 && response.data_size < call->answer_head_size)
        return -EIO;
    copy_answer(call, out + sizeof(response), response.data_size);
    call->answer_size = response.data_size;
    return (long)response.ret;
}

bool keep_hostio_recv_flags_plausible(uint32_t flags, size_t count, size_t want)
{
    const uint32_t reported = KEEP_HOSTIO_MSG_TRUNC | KEEP_HOSTIO_MSG_CTRUNC;
    if (flags & ~reported)
        return false;
    /* A datagram longer than the buffer fills it. */
    return !(flags & KEEP_HOSTIO_MSG_TRUNC) || count == want;
}

bool keep_hostio_ring_plausible(uint32_t head, uint32_t tail, uint32_t host_head,
                                int32_t host_error)
{
    /* Modulo 2^32: the host may have sent any of the queued bytes, never
     * more, never fewer than before. */
    if (host_head - head > tail - head)
        return false;
    return host_error >= 0 && host_error <= KEEP_HOSTIO_ERRNO_MAX;
}
