/* libFuzzer harness for the enclave's check of a host I/O answer's
 * framing (src/runner/hostio_answer.c), as the host wrote it into the
 * arena. The first 3 bytes shape the call: byte 0 bit 0, an address head
 * (as RECVFROM and RECVMSG ask); bytes 1-2, answer_max (little-endian,
 * at most 4096 and at least the head); the rest is the answer. The
 * payload buffers are exactly as large as asked for, so any copy past
 * them shows under ASan. An accepted answer fits what was asked for, and
 * an error answer carries nothing. The recvmsg flags check is run on the
 * head's reserved word. The last 16 bytes (when there are that many)
 * are also a write-behind ring's words (the enclave's head and tail, the
 * host's head and error), whose check is compared with a reference in
 * 64-bit arithmetic without wrap-around. With byte 0 bit 1, the
 * payload after the response header is also checked as a NAMEINFO
 * answer, for a host size from bytes 1-2 and a service size from byte
 * 0's upper bits: an accepted answer's names are NUL-terminated within
 * what was asked (the answer is in a buffer of its exact size, so an
 * overread shows under ASan). */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/runner/hostio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ANSWER_MAX 4096u

static void check_flags(const keep_hostio_sockaddr *a, long rc, size_t want)
{
    if (!keep_hostio_recv_flags_plausible(a->reserved, (size_t)rc, want))
        return;
    if ((a->reserved & ~(uint32_t)(KEEP_HOSTIO_MSG_TRUNC | KEEP_HOSTIO_MSG_CTRUNC)) ||
        ((a->reserved & KEEP_HOSTIO_MSG_TRUNC) && (size_t)rc != want))
        __builtin_trap();
}

/* The reference: the host's head lies among the queued bytes' ends, the
 * counters unwrapped into 64 bits. */
static void check_ring(const uint8_t *words)
{
    uint32_t w[4];
    memcpy(w, words, sizeof(w));
    int32_t error = (int32_t)w[3];
    uint64_t head = w[0], end = head + (uint32_t)(w[1] - w[0]);
    uint64_t host_head = w[2] >= w[0] ? w[2] : (uint64_t)w[2] + ((uint64_t)1 << 32);
    bool expected = host_head <= end && error >= 0 && error <= KEEP_HOSTIO_ERRNO_MAX;
    if (keep_hostio_ring_plausible(w[0], w[1], w[2], error) != expected)
        __builtin_trap();
}

static void check_nameinfo(const uint8_t *data, size_t size)
{
    const size_t skip = 3 + sizeof(keep_hostio_response);
    if (size < skip)
        return;
    keep_hostio_name_query *q = calloc(1, sizeof(*q));
    uint8_t *answer = malloc(size - skip ? size - skip : 1);
    if (!q || !answer)
        goto out;
    memcpy(answer, data + skip, size - skip);
    uint32_t host_asked = ((uint32_t)data[1] | (uint32_t)data[2] << 8) % (KEEP_HOSTIO_NI_HOST_MAX + 1);
    uint32_t serv_asked = (uint32_t)(data[0] >> 2) % (KEEP_HOSTIO_NI_SERV_MAX + 1);
    q->host_size = host_asked;
    q->serv_size = serv_asked;
    long rc = keep_hostio_nameinfo_check(q, answer, size - skip);
    if (rc != 0 && rc != -EIO)
        __builtin_trap();
    if (rc == 0 && q->eai == 0) {
        if (q->host_size > host_asked || q->serv_size > serv_asked ||
            (host_asked && (q->host_size == 0 || strlen(q->host) != q->host_size - 1)) ||
            (serv_asked && (q->serv_size == 0 || strlen(q->serv) != q->serv_size - 1)))
            __builtin_trap();
    } else if (rc == 0 && !keep_hostio_eai_plausible(q->eai)) {
        __builtin_trap();
    }
out:
    free(q);
    free(answer);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size >= 16)
        check_ring(data + size - 16);
    if (size < 3)
        return 0;
    if (data[0] & 2)
        check_nameinfo(data, size);
    bool with_head = data[0] & 1;
    const size_t head = with_head ? sizeof(keep_hostio_sockaddr) : 0;
    size_t answer_max = ((size_t)data[1] | (size_t)data[2] << 8) % (ANSWER_MAX + 1);
    if (answer_max < head)
        answer_max = head;
    keep_hostio_sockaddr *a = with_head ? malloc(head) : NULL;
    uint8_t *body = malloc(answer_max - head ? answer_max - head : 1);
    uint8_t *out = malloc(size - 3 ? size - 3 : 1);
    if ((with_head && !a) || !body || !out)
        goto out;
    memcpy(out, data + 3, size - 3);
    keep_hostio_call call = {.answer_head = a, .answer_head_size = head, .answer = body,
                             .answer_max = answer_max};
    long rc = keep_hostio_read_answer(&call, out, size - 3);
    if (rc < -KEEP_HOSTIO_ERRNO_MAX || (rc < 0 && call.answer_size) ||
        call.answer_size > answer_max || (rc >= 0 && call.answer_size < head))
        __builtin_trap();
    if (rc >= 0 && with_head && call.answer_size - head == (size_t)rc)
        check_flags(a, rc, answer_max - head);
out:
    free(a);
    free(body);
    free(out);
    return 0;
}
