/* See file_pass.h. */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "file_pass.h"

/* Moves `size` bytes between `buf` and fd; 0, or -errno. */
static int move(int fd, int write_it, unsigned char *buf, size_t size)
{
    for (size_t done = 0; done < size;) {
        ssize_t n = write_it ? write(fd, buf + done, size - done)
                             : read(fd, buf + done, size - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -errno;
        if (n == 0)
            return -EIO; /* end of file before `total` */
        done += (size_t)n;
    }
    return 0;
}

int hio_file_pass(int write_it, const char *path, uint64_t total, uint32_t chunk,
                  unsigned char *buf)
{
    if (chunk == 0)
        return -EINVAL;
    int fd = write_it ? open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)
                      : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    int rc = 0;
    for (uint64_t done = 0; done < total && rc == 0; done += chunk) {
        uint64_t left = total - done;
        rc = move(fd, write_it, buf, left < chunk ? (size_t)left : chunk);
    }
    if (close(fd) != 0 && rc == 0)
        rc = -errno;
    return rc;
}

int hio_write_loop(const char *path, uint32_t count)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    int rc = 0;
    for (uint32_t i = 0; i < count && rc == 0; i++)
        if (write(fd, "x", 1) != 1)
            rc = errno ? -errno : -EIO;
    if (close(fd) != 0 && rc == 0)
        rc = -errno;
    return rc;
}
