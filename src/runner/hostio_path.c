/* Path normalisation for host I/O: the enclave's view of a path, before
 * the mount table maps it to the host's. Purely lexical, as OE's. The
 * enclave's current directory lives here too: relative paths start at it. */
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include "hostio.h"

/* The current directory (kept in the enclave, as OE keeps it): a
 * normalised enclave path, "/" at first, and the id of the mount that
 * covered it when chdir checked it (0 for "/", which needs none).
 * Process-wide, as the kernel's. Detached once that mount is unmounted:
 * the directory is gone from the enclave's view, so relative paths and
 * getcwd fail with ENOENT until a chdir to an absolute path. */
static pthread_mutex_t cwd_lock = PTHREAD_MUTEX_INITIALIZER;
static char cwd[KEEP_HOSTIO_PATH_MAX] = "/";
static long cwd_mount;
static bool cwd_detached;
static unsigned long cwd_detaches; /* how many times it was detached */

/* Copies the current directory into out as a prefix for a relative path:
 * *len bytes, none for "/". 0 or -ENOENT (detached). */
static long cwd_prefix(char out[KEEP_HOSTIO_PATH_MAX], size_t *len)
{
    pthread_mutex_lock(&cwd_lock);
    long rc = cwd_detached ? -ENOENT : 0;
    *len = rc == 0 && cwd[1] != '\0' ? strlen(cwd) : 0;
    memcpy(out, cwd, *len);
    pthread_mutex_unlock(&cwd_lock);
    return rc;
}

void keep_hostio_cwd_store(const char *normal, long mount)
{
    size_t len = strnlen(normal, KEEP_HOSTIO_PATH_MAX - 1);
    pthread_mutex_lock(&cwd_lock);
    memcpy(cwd, normal, len);
    cwd[len] = '\0';
    cwd_mount = mount;
    cwd_detached = false;
    pthread_mutex_unlock(&cwd_lock);
}

void keep_hostio_cwd_unmounted(long mount)
{
    pthread_mutex_lock(&cwd_lock);
    if (mount != 0 && cwd_mount == mount && !cwd_detached) {
        cwd_detached = true;
        cwd_detaches++;
    }
    pthread_mutex_unlock(&cwd_lock);
}

unsigned long keep_hostio_cwd_detaches(void)
{
    pthread_mutex_lock(&cwd_lock);
    unsigned long n = cwd_detaches;
    pthread_mutex_unlock(&cwd_lock);
    return n;
}

long keep_hostio_getcwd(char *buf, size_t size)
{
    if (!buf)
        return -EFAULT;
    pthread_mutex_lock(&cwd_lock);
    size_t len = strlen(cwd);
    long rc = cwd_detached ? -ENOENT : size <= len ? -ERANGE : (long)len + 1;
    if (rc > 0)
        memcpy(buf, cwd, len + 1);
    pthread_mutex_unlock(&cwd_lock);
    return rc;
}

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
    if (path[0] != '/') {
        long rc = cwd_prefix(out, &len);
        if (rc)
            return rc;
    }
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
