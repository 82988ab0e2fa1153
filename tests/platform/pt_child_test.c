/* The platform child on sandbox (docs/platform.md): one per enclave, a
 * child of the runner named keep-platform, seccomp-confined with
 * no_new_privs, not dumpable (no ptrace, no /proc/<pid>/mem), and gone
 * when its enclave is. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include "pt_host.h"
#include "pt_u.h"

/* Children of `parent` named `name` (from /proc/<pid>/stat). */
static int children(pid_t parent, const char *name, pid_t *out, int max)
{
    int n = 0;
    DIR *d = opendir("/proc");
    struct dirent *e;
    while (d && (e = readdir(d))) {
        char path[300], comm[64];
        int pid, ppid;
        snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
        FILE *f = fopen(path, "r");
        if (!f)
            continue;
        if (fscanf(f, "%d (%63[^)]) %*c %d", &pid, comm, &ppid) == 3 && ppid == parent &&
            !strcmp(comm, name) && n < max)
            out[n++] = pid;
        fclose(f);
    }
    if (d)
        closedir(d);
    return n;
}

/* A descriptor for exactly this process (its pid may be reused once it is
 * gone, by any process of a busy machine); -1 if it has already gone. */
static int pid_handle(pid_t pid)
{
    return (int)syscall(SYS_pidfd_open, pid, 0);
}

/* Waits until the process of `handle` has exited (a zombie counts: its
 * parent died first, and reaping it is init's business). How long that
 * takes depends on the machine's load, so the bound is only there to fail
 * rather than hang; true when it exited. */
static bool exited(int handle)
{
    struct pollfd p = {.fd = handle, .events = POLLIN};
    int n;
    do
        n = poll(&p, 1, 120000);
    while (n < 0 && errno == EINTR);
    return n == 1;
}

static long status_field(pid_t pid, const char *field)
{
    char path[64], line[256];
    long value = -1;
    snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    size_t len = strlen(field);
    while (f && fgets(line, sizeof(line), f))
        if (!strncmp(line, field, len) && line[len] == ':')
            value = strtol(line + len + 1, NULL, 10);
    if (f)
        fclose(f);
    return value;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s WORKDIR\n", argv[0]);
        return 2;
    }
    char dir[512];
    snprintf(dir, sizeof(dir), "%s/platform", argv[1]);
    setenv("KEEP_PLATFORM_DIR", dir, 1);
    pt_backend = "sandbox";
    oe_enclave_t *e = pt_create(PT_ENCLAVE_A1, NULL, false);
    /* The child confines itself before it answers its first request. */
    int ret = -1;
    uint8_t key[32], info[512];
    size_t size = 0;
    PT_EXPECT(pt_seal_key(e, &ret, OE_SEAL_POLICY_UNIQUE, key, info, &size), OE_OK, "ecall");
    PT_EXPECT(ret, OE_OK, "seal key");
    pid_t runners[8], child[8];
    PT_CHECK(children(getpid(), "keep-enclave", runners, 8) == 1, "one runner");
    int n = children(runners[0], "keep-platform", child, 8);
    PT_CHECK(n == 1, "%d platform children", n);
    int handle = n == 1 ? pid_handle(child[0]) : -1;
    PT_CHECK(n != 1 || handle >= 0, "the platform child is gone before its enclave");
    if (n == 1) {
        PT_CHECK(status_field(child[0], "Seccomp") == 2, "not seccomp-filtered");
        PT_CHECK(status_field(child[0], "NoNewPrivs") == 1, "no_new_privs unset");
        char mem[64];
        snprintf(mem, sizeof(mem), "/proc/%d/mem", (int)child[0]);
        int fd = open(mem, O_RDONLY);
        PT_CHECK(fd < 0 || geteuid() == 0, "another process can read the child's memory");
        if (fd >= 0)
            close(fd);
    }
    oe_terminate_enclave(e);
    PT_CHECK(handle < 0 || exited(handle), "the platform child outlived its enclave");
    if (handle >= 0)
        close(handle);
    printf("%s: platform child\n", pt_failures ? "FAILED" : "ok");
    return pt_failures ? 1 : 0;
}
