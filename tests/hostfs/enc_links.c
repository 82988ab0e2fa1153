/* The host I/O tests' link, truncate and flock calls (hf_host.c: test_link,
 * test_truncate, test_flock), and the current directory's (test_cwd*,
 * the hd_* ECALLs). hl_link_try's flags: -1 for link, else linkat's. The
 * same code runs on sandbox (through the host) and sim (the kernel).
 * hl_link, hl_truncate, hd_cwd_is and hd_cwd_script return 0 or the
 * failing line; the *_try helpers and hd_chdir return 0 or -errno. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
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

/* getcwd names `want` whatever the buffer: one of exactly its size, one
 * byte short (ERANGE), none of size 0 (EINVAL) and glibc's allocating
 * form, which asks the getcwd system call with a buffer of its own.
 * 0, -errno when getcwd fails, or the failing line. */
static int cwd_is(const char *want)
{
    char buf[PATH_MAX];
    size_t len = strlen(want);
    if (!getcwd(buf, sizeof(buf)))
        return -errno;
    CHECK(strcmp(buf, want) == 0);
    CHECK(len + 1 <= sizeof(buf) && getcwd(buf, len + 1) == buf && strcmp(buf, want) == 0);
    CHECK(getcwd(buf, len) == NULL && errno == ERANGE);
    CHECK(getcwd(buf, 0) == NULL && errno == EINVAL);
    char *mine = getcwd(NULL, 0);
    CHECK(mine);
    int same = strcmp(mine, want) == 0;
    free(mine);
    CHECK(same);
    return 0;
}

/* `base`/`name` is the current directory. */
static int cwd_is_below(const char *base, const char *name)
{
    char want[PATH_MAX];
    CHECK(snprintf(want, sizeof(want), "%s/%s", base, name) < (int)sizeof(want));
    return cwd_is(want);
}

/* opendir(".") lists `a` and not `gone`. */
static int here_lists(const char *a, const char *gone)
{
    DIR *d = opendir(".");
    CHECK(d);
    int found = 0, stale = 0;
    for (struct dirent *e; (e = readdir(d));) {
        found += strcmp(e->d_name, a) == 0;
        stale += strcmp(e->d_name, gone) == 0;
    }
    closedir(d);
    CHECK(found == 1 && stale == 0);
    return 0;
}

/* In dir/rel: stdio, stat, access, rename, link, truncate, the *at calls
 * with AT_FDCWD (fstatat's empty name too), opendir("."), unlink, all by
 * relative names. Leaves rel/g.txt holding "he" (hf_host.c checks it from
 * the host). */
static int cwd_relative_calls(void)
{
    FILE *f = fopen("f.txt", "w");
    CHECK(f && fputs("hello", f) >= 0 && fclose(f) == 0);
    struct stat st;
    CHECK(stat("f.txt", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 5);
    CHECK(stat("./f.txt", &st) == 0 && access("f.txt", R_OK | W_OK) == 0);
    int rc;
    if ((rc = holds("../rel/./f.txt", "hello")))
        return rc;
    CHECK(rename("f.txt", "g.txt") == 0 && link("g.txt", "h.txt") == 0);
    CHECK(truncate("h.txt", 2) == 0);
    if ((rc = holds("g.txt", "he")) || (rc = here_lists("h.txt", "f.txt")))
        return rc;
    CHECK(fstatat(AT_FDCWD, "g.txt", &st, 0) == 0 && st.st_nlink == 2);
    struct stat dot; /* an empty name with AT_EMPTY_PATH: the directory itself */
    CHECK(stat(".", &dot) == 0 && S_ISDIR(dot.st_mode));
    CHECK(fstatat(AT_FDCWD, "", &st, AT_EMPTY_PATH) == 0 && st.st_ino == dot.st_ino);
    CHECK(faccessat(AT_FDCWD, "h.txt", F_OK, 0) == 0);
    int fd = openat(AT_FDCWD, "g.txt", O_RDONLY);
    CHECK(fd >= 0 && close(fd) == 0);
    CHECK(unlink("h.txt") == 0 && access("h.txt", F_OK) == -1 && errno == ENOENT);
    return 0;
}

/* chdir into `dir` (the enclave's name of the mounted test directory),
 * relative calls there and below, "..", the errors chdir reports, then
 * back to `home`, where the enclave started (sandbox: "/"; sim: the host
 * process's own directory, which chdir changes there). Leaves rel/g.txt
 * and kept/by-cwd in dir; rel2 not. */
static int cwd_script(const char *dir, const char *home)
{
    int rc;
    if ((rc = cwd_is(home)))
        return rc;
    CHECK(chdir(dir) == 0);
    if ((rc = cwd_is(dir)))
        return rc;
    CHECK(mkdir("rel", 0700) == 0 && chdir("rel") == 0);
    if ((rc = cwd_is_below(dir, "rel")) || (rc = cwd_relative_calls()))
        return rc;
    CHECK(chdir("..") == 0);
    if ((rc = cwd_is(dir)))
        return rc;
    CHECK(mkdir("kept", 0700) == 0 && mkdir("rel2", 0700) == 0 && rmdir("rel2") == 0);
    if ((rc = put("kept/by-cwd", "relative")) || (rc = holds("rel/g.txt", "he")))
        return rc;
    CHECK(chdir("rel/g.txt") == -1 && errno == ENOTDIR);
    CHECK(chdir("missing") == -1 && errno == ENOENT);
    CHECK(chdir("") == -1 && errno == ENOENT);
    if ((rc = cwd_is(dir)))
        return rc;
    CHECK(chdir("rel/../kept//.") == 0);
    if ((rc = holds("by-cwd", "relative")) || (rc = cwd_is_below(dir, "kept")))
        return rc;
    CHECK(chdir(home) == 0);
    return cwd_is(home);
}

int hl_link_try(const char *old_path, const char *new_path, int flags)
{
    if (flags == -1)
        return neg_errno(link(old_path, new_path));
    return neg_errno(linkat(AT_FDCWD, old_path, AT_FDCWD, new_path, flags));
}

/* chdir(path): 0 or -errno. */
int hd_chdir(const char *path)
{
    return neg_errno(chdir(path));
}

int hd_cwd_is(const char *want)
{
    return cwd_is(want);
}

int hd_cwd_script(const char *dir, const char *home)
{
    return cwd_script(dir, home);
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
