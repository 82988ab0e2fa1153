/* The platform state directory: where it is, and reading and writing its
 * files without following links or widening permissions. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "internal.h"

bool keep_pf_path(char *buf, size_t size, const char *dir, const char *name)
{
    int n = snprintf(buf, size, "%s/%s", dir, name);
    return n > 0 && (size_t)n < size;
}

static oe_result_t read_all(int fd, uint8_t *data, size_t size)
{
    for (size_t done = 0; done < size;) {
        ssize_t got = read(fd, data + done, size - done);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return OE_READ_FAILED;
        done += (size_t)got;
    }
    return OE_OK;
}

oe_result_t keep_pf_read(uint8_t **data, size_t *size, const char *dir, const char *name,
                         keep_why *why)
{
    *data = NULL;
    *size = 0;
    char path[KEEP_PLATFORM_PATH_MAX + 64];
    if (!keep_pf_path(path, sizeof(path), dir, name))
        return OE_INVALID_PARAMETER;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        keep_why_set(why, "platform file %s: %s", path, strerror(errno));
        return OE_NOT_FOUND;
    }
    struct stat st;
    oe_result_t result = OE_READ_FAILED;
    uint8_t *buf = NULL;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > KEEP_PLATFORM_MAX_FILE) {
        keep_why_set(why, "platform file %s: not a regular file of a plausible size", path);
        goto out;
    }
    buf = malloc((size_t)st.st_size + 1);
    if (!buf) {
        result = OE_OUT_OF_MEMORY;
        goto out;
    }
    result = read_all(fd, buf, (size_t)st.st_size);
    if (result != OE_OK) {
        keep_why_set(why, "platform file %s: cannot read", path);
        goto out;
    }
    buf[st.st_size] = '\0'; /* PEM and JSON readers want a terminator */
    *data = buf;
    *size = (size_t)st.st_size;
    buf = NULL;
out:
    if (buf) {
        OPENSSL_cleanse(buf, (size_t)st.st_size);
        free(buf);
    }
    close(fd);
    return result;
}

oe_result_t keep_pf_write(const char *dir, const char *name, const void *data, size_t size,
                          keep_why *why)
{
    char path[KEEP_PLATFORM_PATH_MAX + 64];
    if (!keep_pf_path(path, sizeof(path), dir, name))
        return OE_INVALID_PARAMETER;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        keep_why_set(why, "cannot create %s: %s", path, strerror(errno));
        return OE_FAILURE;
    }
    const uint8_t *p = data;
    oe_result_t result = OE_OK;
    for (size_t done = 0; done < size && result == OE_OK;) {
        ssize_t n = write(fd, p + done, size - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            result = OE_FAILURE;
        else
            done += (size_t)n;
    }
    if (result == OE_OK && fsync(fd) != 0)
        result = OE_FAILURE;
    if (close(fd) != 0)
        result = OE_FAILURE;
    if (result != OE_OK)
        keep_why_set(why, "cannot write %s: %s", path, strerror(errno));
    return result;
}
