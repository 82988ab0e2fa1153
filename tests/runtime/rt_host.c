/* See rt_host.h. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rt_host.h"

bool rt_sim;
void (*rt_on_wait)(int id);
void (*rt_on_mutate)(void);
oe_enclave_t *rt_reenter_enclave;

void rt_parse_backend(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "sandbox") == 0)
        rt_sim = false;
    else if (argc == 2 && strcmp(argv[1], "sim") == 0)
        rt_sim = true;
    else {
        fprintf(stderr, "usage: %s sandbox|sim\n", argv[0]);
        exit(2);
    }
    /* Line-buffered like a terminal, so output interleaving is checkable. */
    setvbuf(stdout, NULL, _IOLBF, 0);
}

uint32_t rt_flags(void)
{
    return OE_ENCLAVE_FLAG_DEBUG | (rt_sim ? OE_ENCLAVE_FLAG_SIMULATE : 0);
}

oe_enclave_t *rt_create_flags(const char *path, uint32_t flags)
{
    oe_enclave_t *enclave = NULL;
    RT_ASSERT_OK(oe_create_rt_enclave(path, OE_ENCLAVE_TYPE_AUTO, flags, NULL, 0, &enclave));
    assert_non_null(enclave);
    return enclave;
}

oe_enclave_t *rt_create(const char *path)
{
    return rt_create_flags(path, rt_flags());
}

/* The OCALLs of rt.edl. */
int rt_host_add_calls;

int rt_host_add(int a, int b)
{
    __atomic_fetch_add(&rt_host_add_calls, 1, __ATOMIC_RELAXED);
    return a + b;
}

int rt_host_reenter(int depth, uint64_t *inner_tid)
{
    int ret = -1;
    uint64_t outer = 0;
    if (!rt_reenter_enclave)
        return -10;
    if (depth > 0) {
        if (rt_nested(rt_reenter_enclave, &ret, depth - 1, &outer, inner_tid) != OE_OK)
            return -11;
        /* Every level must run on the same enclave thread. */
        return outer == *inner_tid ? ret : -12;
    }
    return rt_thread_id(rt_reenter_enclave, inner_tid) == OE_OK ? 0 : -13;
}

void rt_host_wait(int id)
{
    if (rt_on_wait)
        rt_on_wait(id);
}

void rt_host_mutate(void)
{
    if (rt_on_mutate)
        rt_on_mutate();
}

int rt_host_fill(uint8_t *buf, size_t n)
{
    if (buf)
        memset(buf, RT_FILL_BYTE, n);
    return (int)n;
}

static int saved_fds[2] = {-1, -1};
static FILE *capture_file;

void rt_capture_begin(void)
{
    fflush(stdout);
    fflush(stderr);
    capture_file = tmpfile();
    assert_non_null(capture_file);
    for (int fd = 1; fd <= 2; fd++) {
        saved_fds[fd - 1] = dup(fd);
        assert_true(saved_fds[fd - 1] >= 0);
        assert_true(dup2(fileno(capture_file), fd) == fd);
    }
}

char *rt_capture_end(void)
{
    fflush(stdout);
    fflush(stderr);
    for (int fd = 1; fd <= 2; fd++) {
        dup2(saved_fds[fd - 1], fd);
        close(saved_fds[fd - 1]);
    }
    long size = ftell(capture_file);
    if (size < 0)
        size = lseek(fileno(capture_file), 0, SEEK_END);
    char *text = calloc(1, (size_t)size + 1);
    assert_non_null(text);
    assert_true(pread(fileno(capture_file), text, (size_t)size, 0) == size);
    fclose(capture_file);
    capture_file = NULL;
    return text;
}

/* Reads /proc/<pid>/stat: the parent pid and the command name. */
static bool read_stat(pid_t pid, pid_t *ppid, char *comm, size_t comm_size)
{
    char path[64], line[512];
    snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "re");
    if (!f)
        return false;
    bool ok = fgets(line, sizeof(line), f) != NULL;
    fclose(f);
    char *open = strchr(line, '('), *close_paren = strrchr(line, ')');
    if (!ok || !open || !close_paren)
        return false;
    size_t len = (size_t)(close_paren - open - 1);
    if (len >= comm_size)
        len = comm_size - 1;
    memcpy(comm, open + 1, len);
    comm[len] = '\0';
    int parent = 0;
    if (sscanf(close_paren + 2, "%*c %d", &parent) != 1)
        return false;
    *ppid = (pid_t)parent;
    return true;
}

static int scan_children(pid_t parent, const char *name, pid_t *pids, int max)
{
    DIR *proc = opendir("/proc");
    struct dirent *entry;
    int count = 0;
    if (!proc)
        return -1;
    while ((entry = readdir(proc)) != NULL) {
        pid_t pid = (pid_t)atoi(entry->d_name), ppid = 0;
        char comm[64];
        if (pid <= 0 || !read_stat(pid, &ppid, comm, sizeof(comm)) || ppid != parent)
            continue;
        if (name && strcmp(comm, name) != 0)
            continue;
        if (pids && count < max)
            pids[count] = pid;
        count++;
    }
    closedir(proc);
    return count;
}

int rt_runner_pids(pid_t *pids, int max)
{
    return scan_children(getpid(), "keep-enclave", pids, max);
}

pid_t rt_find_new_runner(const pid_t *before, int before_count)
{
    pid_t now[64], found = 0;
    int count = rt_runner_pids(now, 64);
    for (int i = 0; i < count; i++) {
        bool old = false;
        for (int j = 0; j < before_count; j++)
            old |= now[i] == before[j];
        if (!old) {
            if (found)
                return -1;
            found = now[i];
        }
    }
    return found;
}

pid_t rt_new_runner(const pid_t *before, int before_count)
{
    pid_t found = rt_find_new_runner(before, before_count);
    assert_true(found > 0);
    return found;
}

int rt_count_children(pid_t parent)
{
    return scan_children(parent, NULL, NULL, 0);
}
