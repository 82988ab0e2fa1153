/* Platform messages on a SOCK_SEQPACKET socket (src/common/platform_wire.h):
 * one message as consecutive records of at most KEEP_PLATFORM_MAX_RECORD
 * bytes. The receiver learns the total from the header in the first
 * record and checks it against KEEP_PLATFORM_MAX_MESSAGE before reading
 * on; it receives into a caller's fixed buffer, so a peer can never make
 * it allocate. Both ends hold their lock (or are single-threaded) for a
 * whole message, so records of two messages never interleave. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "internal.h"

int keep_platform_send(int fd, const uint8_t *message, size_t size)
{
    if (size < sizeof(keep_platform_request_header) || size > KEEP_PLATFORM_MAX_MESSAGE)
        return -1;
    for (size_t done = 0; done < size;) {
        size_t n = size - done < KEEP_PLATFORM_MAX_RECORD ? size - done : KEEP_PLATFORM_MAX_RECORD;
        struct iovec iov = {(void *)(message + done), n};
        struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
        ssize_t sent = sendmsg(fd, &msg, MSG_NOSIGNAL);
        if (sent < 0 && errno == EINTR)
            continue;
        if (sent != (ssize_t)n)
            return -1;
        done += n;
    }
    return 0;
}

/* One record of at most `room` bytes at buf: its size, 0 at the end of
 * the stream, -1 when it did not fit or the socket failed. */
static ssize_t record(int fd, uint8_t *buf, size_t room)
{
    struct iovec iov = {buf, room};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
    ssize_t got;
    do
        got = recvmsg(fd, &msg, 0);
    while (got < 0 && errno == EINTR);
    if (got > 0 && (msg.msg_flags & MSG_TRUNC))
        return -1;
    return got;
}

ssize_t keep_platform_recv(int fd, uint8_t buf[KEEP_PLATFORM_MAX_MESSAGE])
{
    ssize_t got = record(fd, buf, KEEP_PLATFORM_MAX_RECORD);
    if (got <= 0)
        return got;
    uint32_t payload;
    if ((size_t)got < sizeof(keep_platform_request_header))
        return -1;
    memcpy(&payload, buf + KEEP_PLATFORM_SIZE_OFFSET, sizeof(payload));
    if (payload > KEEP_PLATFORM_MAX_PAYLOAD)
        return -1;
    size_t total = sizeof(keep_platform_request_header) + payload, have = (size_t)got;
    if (have > total)
        return -1;
    while (have < total) {
        size_t room = total - have < KEEP_PLATFORM_MAX_RECORD ? total - have
                                                               : KEEP_PLATFORM_MAX_RECORD;
        got = record(fd, buf + have, room);
        if (got <= 0)
            return -1; /* the stream ended inside a message, or a record overran it */
        have += (size_t)got;
    }
    return (ssize_t)total;
}
