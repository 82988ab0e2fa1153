/* The host I/O tests' link, truncate and flock calls (hf_host.c: test_link,
 * test_truncate, test_flock). hl_link_try's flags: -1 for link, else
 * linkat's. The same code runs on sandbox (through the
 * host) and sim (the kernel). hl_link and hl_truncate return 0 or the
 * failing line; the *_try helpers return 0 or -errno. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openenclave/enclave.h>

#include "hostfs_t.h"
#include "hs_enclave.h"

static int neg_errno(int rc)
{
    return rc < 0 ? -errno : rc;
}

/* The whole of a small file, compared with `want`. */
static int holds(const char *path, const char *want)
{
    char buf[64] = {0};
    int fd = open(path, O_RDONLY);
    CHECK(fd >= 0);
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    CHECK(n == (ssize_t)strlen(want) && memcmp(buf, want, (size_t)n) == 0);
    return 0;
}

static int put(const char *path, const char *text)
{
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);
    CHECK(fd >= 0);
    ssize_t n = write(fd, text, strlen(text));
    close(fd);
    CHECK(n == (ssize_t)strlen(text));
    return 0;
}

/* link, then both names read one file; a write through one shows through
 * the other; the link outlives the original name; linkat's flags. */
int hl_link(const char *dir)
{
    char a[300], b[300], c[300];
    snprintf(a, sizeof(a), "%s/link-a", dir);
    snprintf(b, sizeof(b), "%s/link-b", dir);
    snprintf(c, sizeof(c), "%s/link-c", dir);
    int rc;
    if ((rc = put(a, "linked")))
        return rc;
    CHECK(link(a, b) == 0);
    if ((rc = holds(b, "linked")) || (rc = holds(a, "linked")))
        return rc;
    struct stat st;
    CHECK(stat(a, &st) == 0 && st.st_nlink == 2);
    if ((rc = put(b, "changed")) || (rc = holds(a, "changed")))
        return rc;
    CHECK(link(a, b) == -1 && errno == EEXIST);
    CHECK(linkat(AT_FDCWD, a, AT_FDCWD, c, AT_SYMLINK_FOLLOW) == 0);
    CHECK(linkat(AT_FDCWD, a, AT_FDCWD, c, 0x10000) == -1 && errno == EINVAL);
    CHECK(unlink(a) == 0 && unlink(c) == 0);
    if ((rc = holds(b, "changed")))
        return rc;
    CHECK(unlink(b) == 0);
    return 0;
}

int hl_link_try(const char *old_path, const char *new_path, int flags)
{
    if (flags < 0)
        return neg_errno(link(old_path, new_path));
    return neg_errno(linkat(AT_FDCWD, old_path, AT_FDCWD, new_path, flags));
}

/* truncate shrinks (the rest gone) and grows (zeros). */
int hl_truncate(const char *path)
{
    int rc;
    if ((rc = put(path, "0123456789")))
        return rc;
    CHECK(truncate(path, 4) == 0);
    if ((rc = holds(path, "0123")))
        return rc;
    CHECK(truncate(path, 6) == 0);
    struct stat st;
    CHECK(stat(path, &st) == 0 && st.st_size == 6);
    char buf[8] = {0};
    int fd = open(path, O_RDONLY);
    CHECK(fd >= 0);
    ssize_t n = read(fd, buf, sizeof(buf));
    close(fd);
    CHECK(n == 6 && memcmp(buf, "0123\0\0", 6) == 0);
    CHECK(truncate(path, -1) == -1 && errno == EINVAL);
    return 0;
}

int hl_truncate_try(const char *path, int64_t length)
{
    return neg_errno(truncate(path, length));
}

/* flock(op) on a fresh descriptor of `path`, then its release. */
int hl_flock(const char *path, int op)
{
    int fd = open(path, O_RDWR);
    if (fd < 0)
        return -errno;
    int rc = neg_errno(flock(fd, op));
    close(fd);
    return rc;
}

/* flock on a descriptor number (none open: EBADF, or ENOSYS without the
 * module). */
int hl_flock_fd(int fd, int op)
{
    return neg_errno(flock(fd, op));
}
