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

#include "../common/spin.h"
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

typedef struct record_wait {
    int fd;
    struct msghdr *msg;
    ssize_t got;
} record_wait;

static bool record_arrived(void *ctx)
{
    record_wait *w = ctx;
    w->got = recvmsg(w->fd, w->msg, MSG_DONTWAIT);
    return w->got >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

/* One record of at most `room` bytes at buf: its size, 0 at the end of
 * the stream, -1 when it did not fit or the socket failed. Polls for up to
 * `spin_ns` before it blocks: the peer mostly answers within microseconds,
 * and waking a sleeping thread on an idle virtual CPU costs tens of them. */
static ssize_t record(int fd, uint8_t *buf, size_t room, uint64_t spin_ns)
{
    struct iovec iov = {buf, room};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
    record_wait w = {fd, &msg, -1};
    if (!spin_ns || !keep_spin_until(spin_ns, record_arrived, &w)) {
        do
            w.got = recvmsg(fd, &msg, 0);
        while (w.got < 0 && errno == EINTR);
    }
    if (w.got > 0 && (msg.msg_flags & MSG_TRUNC))
        return -1;
    return w.got;
}

ssize_t keep_platform_recv(int fd, uint8_t buf[KEEP_PLATFORM_MAX_MESSAGE], uint64_t spin_ns)
{
    ssize_t got = record(fd, buf, KEEP_PLATFORM_MAX_RECORD, spin_ns);
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
        size_t room =
            total - have < KEEP_PLATFORM_MAX_RECORD ? total - have : KEEP_PLATFORM_MAX_RECORD;
        got = record(fd, buf + have, room, KEEP_SPIN_NS); /* the rest is on its way */
        if (got <= 0)
            return -1; /* the stream ended inside a message, or a record overran it */
        have += (size_t)got;
    }
    return (ssize_t)total;
}
