/* Path normalisation for host I/O: the enclave's view of a path, before
 * the mount table maps it to the host's. Purely lexical, as OE's. */
#include <errno.h>
#include <string.h>

#include "hostio.h"

/* Drops the last component of out[0..*len). */
static void pop_component(char *out, size_t *len)
{
    while (*len > 0 && out[*len - 1] != '/')
        (*len)--;
    if (*len > 0)
        (*len)--; /* the '/' before it */
}

static long push_component(char *out, size_t *len, const char *name, size_t name_len)
{
    if (name_len + 1 > KEEP_HOSTIO_PATH_MAX - 1 - *len)
        return -ENAMETOOLONG;
    out[(*len)++] = '/';
    memcpy(out + *len, name, name_len);
    *len += name_len;
    return 0;
}

long keep_hostio_normalize(char out[KEEP_HOSTIO_PATH_MAX], const char *path)
{
    size_t path_len = strnlen(path, KEEP_HOSTIO_PATH_MAX);
    if (path_len == KEEP_HOSTIO_PATH_MAX)
        return -ENAMETOOLONG;
    if (path_len == 0)
        return -ENOENT;
    size_t len = 0;
    for (size_t i = 0; i < path_len;) {
        while (i < path_len && path[i] == '/')
            i++;
        size_t start = i;
        while (i < path_len && path[i] != '/')
            i++;
        size_t n = i - start;
        if (n == 0 || (n == 1 && path[start] == '.'))
            continue;
        if (n == 2 && path[start] == '.' && path[start + 1] == '.') {
            pop_component(out, &len);
            continue;
        }
        long rc = push_component(out, &len, path + start, n);
        if (rc)
            return rc;
    }
    if (len == 0)
        out[len++] = '/';
    out[len] = '\0';
    return 0;
}
