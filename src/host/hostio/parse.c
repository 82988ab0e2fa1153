/* Parsing a host I/O request the enclave wrote (src/common/hostio_wire.h):
 * every length is checked against the buffer before use, paths end with
 * their NUL exactly at their stated size, and no byte may trail. */
#include <string.h>

#include "hostio.h"

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

/* The request in buf[0..len) (header and paths), its data either after
 * them in buf or, when `data` is set, the data_size bytes there. */
static bool parse_parts(keep_hostio_parsed *parsed, const uint8_t *buf, size_t len,
                        const uint8_t *data, size_t data_size)
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
    if (data) {
        if (r->data_size != data_size || off != len) /* no trailing bytes */
            return false;
        parsed->data = data;
        return true;
    }
    if (r->data_size != len - off) /* also: no trailing bytes */
        return false;
    parsed->data = buf + off;
    return true;
}

bool keep_hostio_parse(keep_hostio_parsed *parsed, const uint8_t *buf, size_t len)
{
    return parse_parts(parsed, buf, len, NULL, 0);
}

bool keep_hostio_parse_split(keep_hostio_parsed *parsed, const uint8_t *head, size_t head_size,
                             const uint8_t *data, size_t data_size)
{
    return data && parse_parts(parsed, head, head_size, data, data_size);
}
