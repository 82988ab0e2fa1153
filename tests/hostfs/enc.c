/* The host file system tests' enclave: plain POSIX and stdio calls, which
 * on sandbox go through the runner's syscall bridge to the host. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openenclave/enclave.h>

#include "hostfs_t.h"

OE_SET_ENCLAVE_SGX(1, 1, 1, 4096, 64, 4);

#define FAIL_UNLESS(cond) \
    do {                  \
        if (!(cond))      \
            return __LINE__; \
    } while (0)

static int neg_errno(int rc)
{
    return rc < 0 ? -errno : rc;
}

int hf_load_fs(void)
{
    return oe_load_module_host_file_system() == OE_OK ? 0 : -1;
}

int hf_mount(const char *source, const char *target, int read_only)
{
    return neg_errno(mount(source, target, OE_HOST_FILE_SYSTEM, read_only ? MS_RDONLY : 0, NULL));
}

int hf_umount(const char *target)
{
    return neg_errno(umount(target));
}

static void join(char *out, size_t size, const char *dir, const char *name)
{
    snprintf(out, size, "%s/%s", dir, name);
}

/* stdio through the host: fprintf, then fgets. */
static int stdio_roundtrip(const char *path)
{
    FILE *f = fopen(path, "w");
    FAIL_UNLESS(f);
    FAIL_UNLESS(fprintf(f, "hello %d\n", 42) == 9);
    FAIL_UNLESS(fclose(f) == 0);
    char line[32] = {0};
    f = fopen(path, "r");
    FAIL_UNLESS(f);
    FAIL_UNLESS(fgets(line, sizeof(line), f) && strcmp(line, "hello 42\n") == 0);
    FAIL_UNLESS(!fgets(line, sizeof(line), f) && feof(f));
    FAIL_UNLESS(fclose(f) == 0);
    return 0;
}

static unsigned char big[100000];

/* Descriptors: more than one request's worth of data, positioned I/O. */
static int fd_roundtrip(const char *path)
{
    for (size_t i = 0; i < sizeof(big); i++)
        big[i] = (unsigned char)(i * 7);
    int fd = open(path, O_CREAT | O_RDWR | O_TRUNC | O_CLOEXEC, 0600);
    FAIL_UNLESS(fd >= 0);
    for (size_t done = 0; done < sizeof(big);) {
        ssize_t n = write(fd, big + done, sizeof(big) - done);
        FAIL_UNLESS(n > 0);
        done += (size_t)n;
    }
    FAIL_UNLESS(pwrite(fd, "XY", 2, 5) == 2);
    char two[2];
    FAIL_UNLESS(pread(fd, two, 2, 5) == 2 && memcmp(two, "XY", 2) == 0);
    FAIL_UNLESS(lseek(fd, 0, SEEK_END) == (off_t)sizeof(big));
    FAIL_UNLESS(lseek(fd, 10, SEEK_SET) == 10);
    unsigned char back[64];
    FAIL_UNLESS(read(fd, back, sizeof(back)) == (ssize_t)sizeof(back));
    FAIL_UNLESS(memcmp(back, big + 10, sizeof(back)) == 0);
    struct stat st;
    FAIL_UNLESS(fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == (off_t)sizeof(big));
    FAIL_UNLESS(close(fd) == 0);
    FAIL_UNLESS(read(fd, back, 1) < 0 && errno == EBADF);
    return 0;
}

static int list_has(const char *dir, const char *a, const char *b)
{
    DIR *d = opendir(dir);
    FAIL_UNLESS(d);
    int found = 0;
    for (struct dirent *e; (e = readdir(d));)
        found += strcmp(e->d_name, a) == 0 || strcmp(e->d_name, b) == 0;
    FAIL_UNLESS(closedir(d) == 0);
    return found == 2 ? 0 : __LINE__;
}

int hf_roundtrip(const char *dir)
{
    char sub[512], a[600], b[600], c[600];
    join(sub, sizeof(sub), dir, "sub");
    join(a, sizeof(a), sub, "a.txt");
    join(b, sizeof(b), sub, "b.bin");
    join(c, sizeof(c), sub, "c.bin");
    FAIL_UNLESS(mkdir(sub, 0700) == 0);
    int rc = stdio_roundtrip(a);
    if (rc == 0)
        rc = fd_roundtrip(b);
    if (rc)
        return rc;
    struct stat st;
    FAIL_UNLESS(stat(b, &st) == 0 && st.st_size == (off_t)sizeof(big));
    FAIL_UNLESS(stat(sub, &st) == 0 && S_ISDIR(st.st_mode));
    FAIL_UNLESS(rename(b, c) == 0);
    FAIL_UNLESS(stat(b, &st) != 0 && errno == ENOENT);
    rc = list_has(sub, "a.txt", "c.bin");
    if (rc)
        return rc;
    FAIL_UNLESS(unlink(a) == 0 && unlink(c) == 0);
    FAIL_UNLESS(rmdir(sub) == 0);
    FAIL_UNLESS(stat(sub, &st) != 0 && errno == ENOENT);
    return 0;
}

int hf_put(const char *path, const char *text)
{
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);
    if (fd < 0)
        return -errno;
    size_t len = strlen(text);
    ssize_t n = write(fd, text, len);
    int err = n < 0 ? -errno : (size_t)n == len ? 0 : -EIO;
    close(fd);
    return err;
}

int hf_get(const char *path, char *buf, size_t n)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -errno;
    ssize_t got = read(fd, buf, n);
    int err = got < 0 ? -errno : (int)got;
    close(fd);
    return err;
}

int hf_open(const char *path)
{
    return neg_errno(open(path, O_RDONLY));
}

int hf_read_fd(int fd, char *buf, size_t n)
{
    return neg_errno((int)read(fd, buf, n));
}

int hf_close(int fd)
{
    return neg_errno(close(fd));
}

int hf_stat(const char *path)
{
    struct stat st;
    return neg_errno(stat(path, &st));
}

int hf_list(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return -errno;
    int count = 0;
    errno = 0;
    while (readdir(d))
        count++;
    int err = errno;
    closedir(d);
    return err ? -err : count;
}

int hf_seek(const char *path, int64_t offset)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -errno;
    off_t at = lseek(fd, offset, SEEK_SET);
    int err = at < 0 ? -errno : (int)at;
    close(fd);
    return err;
}

/* fcntl status and descriptor flags, and access(); -errno at the first
 * failure (-EINVAL when a call succeeded with the wrong answer). */
int hf_flags(const char *path)
{
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return -errno;
    int rc = 0, flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_APPEND) != 0)
        rc = -errno;
    else if ((flags & O_ACCMODE) != O_RDWR || !(fcntl(fd, F_GETFL) & O_APPEND) ||
             fcntl(fd, F_GETFD) != FD_CLOEXEC)
        rc = -EINVAL;
    close(fd);
    if (rc == 0 && access(path, R_OK | W_OK) != 0)
        rc = -errno;
    return rc;
}
