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
 * 64-bit arithmetic without wrap-around. */
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size >= 16)
        check_ring(data + size - 16);
    if (size < 3)
        return 0;
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
