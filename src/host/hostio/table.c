/* One enclave's host descriptors and mounted host directories. The
 * enclave names descriptors only by handle, an index in this table, so it
 * can never reach a descriptor the host opened for anything else. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hostio.h"

int keep_hostio_table_dup(keep_hostio *hostio, uint32_t handle)
{
    if (handle >= KEEP_HOSTIO_MAX_FDS)
        return -EBADF;
    pthread_mutex_lock(&hostio->lock);
    int fd = hostio->fds[handle];
    /* A duplicate, so that a CLOSE on another enclave thread cannot free
     * the number for the host to reuse while this operation runs. */
    int dup = fd < 0 ? -EBADF : fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (dup < 0 && fd >= 0)
        dup = -errno;
    pthread_mutex_unlock(&hostio->lock);
    return dup;
}

int64_t keep_hostio_table_add(keep_hostio *hostio, int fd)
{
    int64_t handle = -EMFILE;
    pthread_mutex_lock(&hostio->lock);
    for (uint32_t i = 0; i < KEEP_HOSTIO_MAX_FDS; i++) {
        if (hostio->fds[i] < 0) {
            hostio->fds[i] = fd;
            handle = i;
            break;
        }
    }
    pthread_mutex_unlock(&hostio->lock);
    if (handle < 0)
        close(fd);
    return handle;
}

/* The lowest free handle >= min, or exactly `exact`. Locked. */
static int64_t free_handle_locked(keep_hostio *hostio, int64_t min, int64_t exact)
{
    if (exact >= 0)
        return hostio->fds[exact] < 0 ? exact : -EBUSY;
    for (int64_t i = min; i < (int64_t)KEEP_HOSTIO_MAX_FDS; i++)
        if (hostio->fds[i] < 0)
            return i;
    return -EMFILE;
}

int64_t keep_hostio_table_dup_into(keep_hostio *hostio, uint32_t handle, int64_t min,
                                   int64_t exact)
{
    if (min < 0 || min >= (int64_t)KEEP_HOSTIO_MAX_FDS || exact < -1 ||
        exact >= (int64_t)KEEP_HOSTIO_MAX_FDS)
        return -EINVAL;
    int fd = keep_hostio_table_dup(hostio, handle);
    if (fd < 0)
        return fd;
    pthread_mutex_lock(&hostio->lock);
    int64_t fresh = free_handle_locked(hostio, min, exact);
    if (fresh >= 0)
        hostio->fds[fresh] = fd;
    pthread_mutex_unlock(&hostio->lock);
    if (fresh < 0)
        close(fd);
    return fresh;
}

int64_t keep_hostio_table_close(keep_hostio *hostio, uint32_t handle)
{
    if (handle >= KEEP_HOSTIO_MAX_FDS)
        return -EBADF;
    pthread_mutex_lock(&hostio->lock);
    int fd = hostio->fds[handle];
    hostio->fds[handle] = -1;
    pthread_mutex_unlock(&hostio->lock);
    if (fd < 0)
        return -EBADF;
    return close(fd) == 0 ? 0 : -errno;
}

/* Normalised: absolute, no empty, "." or ".." components, no trailing '/'. */
static bool normalised(const char *path)
{
    if (path[0] != '/')
        return false;
    if (path[1] == '\0')
        return true;
    for (const char *c = path; *c;) {
        c++; /* past '/' */
        size_t n = strcspn(c, "/");
        if (n == 0 || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
            return false;
        c += n;
    }
    return true;
}

static bool under(const char *source, const char *path)
{
    size_t n = strlen(source);
    if (n == 1)
        return true; /* "/" */
    return strncmp(source, path, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

bool keep_hostio_path_allowed(keep_hostio *hostio, const char *path)
{
    if (!path || !normalised(path))
        return false;
    bool allowed = false;
    pthread_mutex_lock(&hostio->lock);
    for (size_t i = 0; i < KEEP_HOSTIO_MAX_MOUNTS && !allowed; i++)
        allowed = hostio->sources[i] && under(hostio->sources[i], path);
    pthread_mutex_unlock(&hostio->lock);
    return allowed;
}

static int64_t add_source(keep_hostio *hostio, char *copy)
{
    for (size_t i = 0; i < KEEP_HOSTIO_MAX_MOUNTS; i++) {
        if (!hostio->sources[i]) {
            hostio->sources[i] = copy;
            return 0;
        }
    }
    free(copy);
    return -ENOMEM;
}

static int64_t remove_source(keep_hostio *hostio, const char *source)
{
    for (size_t i = 0; i < KEEP_HOSTIO_MAX_MOUNTS; i++) {
        if (hostio->sources[i] && strcmp(hostio->sources[i], source) == 0) {
            free(hostio->sources[i]);
            hostio->sources[i] = NULL;
            return 0;
        }
    }
    return -EINVAL;
}

int64_t keep_hostio_mount(keep_hostio *hostio, const char *source, bool add)
{
    if (!source || !normalised(source))
        return -EINVAL;
    char *copy = add ? strdup(source) : NULL;
    if (add && !copy)
        return -ENOMEM;
    pthread_mutex_lock(&hostio->lock);
    int64_t rc = add ? add_source(hostio, copy) : remove_source(hostio, source);
    pthread_mutex_unlock(&hostio->lock);
    return rc;
}

void keep_hostio_free(keep_hostio *hostio)
{
    if (!hostio)
        return;
    keep_hostio_rings_stop(hostio); /* before the descriptors they send on */
    for (size_t i = 0; i < KEEP_HOSTIO_MAX_FDS; i++)
        if (hostio->fds[i] >= 0)
            close(hostio->fds[i]);
    for (size_t i = 0; i < KEEP_HOSTIO_MAX_MOUNTS; i++)
        free(hostio->sources[i]);
    pthread_mutex_destroy(&hostio->lock);
    free(hostio);
}
