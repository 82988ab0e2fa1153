/* The framing of a host I/O answer (src/common/hostio_wire.h), checked
 * before any of it reaches the enclave, the recvmsg flags an answer may
 * carry, and NAMEINFO's names. No state: tests/fuzz/fuzz_hostio_answer.c runs this code on
 * arbitrary answers. */
#define _GNU_SOURCE
#include <errno.h>
#include <netdb.h>
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

bool keep_hostio_eai_plausible(int32_t eai)
{
    return eai >= EAI_OVERFLOW && eai <= EAI_BADFLAGS && eai != EAI_SYSTEM;
}

/* A name of `size` bytes at `p`, answering a question for at most
 * `asked` bytes: none when none was asked, else NUL-terminated exactly at
 * its end and no longer than asked. */
static bool name_plausible(const uint8_t *p, uint32_t size, uint32_t asked)
{
    if (asked == 0 || size == 0)
        return size == 0 && asked == 0;
    return size <= asked && strnlen((const char *)p, size) == size - 1;
}

long keep_hostio_nameinfo_check(keep_hostio_name_query *q, const uint8_t *answer, size_t size)
{
    keep_hostio_nameinfo_head head;
    if (size < sizeof(head) || q->host_size > KEEP_HOSTIO_NI_HOST_MAX ||
        q->serv_size > KEEP_HOSTIO_NI_SERV_MAX)
        return -EIO;
    memcpy(&head, answer, sizeof(head));
    if (head.reserved)
        return -EIO;
    if (head.eai != 0) {
        if (!keep_hostio_eai_plausible(head.eai) || size != sizeof(head))
            return -EIO;
        q->eai = head.eai;
        return 0;
    }
    /* Each size is checked against what was asked (at most the maxima)
     * before the two are added, and the sum against the answer's size
     * before either name is read. */
    const uint8_t *host = answer + sizeof(head);
    if (head.host_size > q->host_size || head.serv_size > q->serv_size ||
        size - sizeof(head) != (size_t)head.host_size + head.serv_size ||
        !name_plausible(host, head.host_size, q->host_size) ||
        !name_plausible(host + head.host_size, head.serv_size, q->serv_size))
        return -EIO;
    memcpy(q->host, host, head.host_size);
    memcpy(q->serv, host + head.host_size, head.serv_size);
    q->host_size = head.host_size;
    q->serv_size = head.serv_size;
    q->eai = 0;
    return 0;
}
