/* libFuzzer harness for the platform's socket transport
 * (keep_platform_recv, src/platform/transport.c): what the confined
 * platform child reads from the runner, and the runner from the child.
 * Input: records, each a 2-byte little-endian length and that many bytes
 * (the last one takes what is left), sent on a SOCK_SEQPACKET pair whose
 * sending end is then closed. A message received must be whole and
 * exactly the bytes sent in the records it took, with its header's size;
 * anything else must be refused, never read past. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../src/common/platform_wire.h"
#include "../../src/platform/platform.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t message[KEEP_PLATFORM_MAX_MESSAGE], stream[KEEP_PLATFORM_MAX_MESSAGE];

/* Sends the records; returns the bytes sent. At most 64 records, each
 * fitting the socket buffer without blocking. */
static size_t send_records(int fd, const uint8_t *data, size_t size)
{
    size_t off = 0, total = 0;
    for (int count = 0; off < size && count < 64; count++) {
        size_t len = size - off;
        if (len >= 2) {
            size_t want = (size_t)data[off] | (size_t)data[off + 1] << 8;
            off += 2;
            len = want < size - off ? want : size - off;
        }
        if (send(fd, data + off, len, MSG_DONTWAIT) != (ssize_t)len)
            break;
        memcpy(stream + total, data + off, len);
        total += len;
        off += len;
    }
    return total;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd[2];
    if (size > sizeof(stream) || socketpair(AF_UNIX, SOCK_SEQPACKET, 0, fd) != 0)
        return 0;
    size_t sent = send_records(fd[0], data, size);
    close(fd[0]);
    ssize_t n = keep_platform_recv(fd[1], message, 0);
    close(fd[1]);
    if (n <= 0)
        return 0;
    uint32_t payload;
    memcpy(&payload, message + KEEP_PLATFORM_SIZE_OFFSET, 4);
    if ((size_t)n < sizeof(keep_platform_request_header) || (size_t)n > sent ||
        payload != (size_t)n - sizeof(keep_platform_request_header) ||
        memcmp(message, stream, (size_t)n) != 0)
        __builtin_trap();
    return 0;
}
