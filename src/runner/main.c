/* keep-enclave: bootstrap. Receives the setup from the host, maps the arena
 * at the host's address, loads the image, confines itself and reports ready.
 * See src/common/sandbox_channel.h for the protocol. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/elf.h"
#include "runner.h"

keep_runner keep_the_runner;

static int receive_setup(keep_sandbox_setup *setup, int fds[2])
{
    char control[CMSG_SPACE(2 * sizeof(int))];
    struct iovec iov = {setup, sizeof(*setup)};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control,
                         .msg_controllen = sizeof(control)};
    if (recvmsg(KEEP_SANDBOX_SOCKET_FD, &msg, MSG_CMSG_CLOEXEC) != (ssize_t)sizeof(*setup))
        return -1;
    struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
    if (!cmsg || cmsg->cmsg_type != SCM_RIGHTS || cmsg->cmsg_len != CMSG_LEN(2 * sizeof(int)))
        return -1;
    memcpy(fds, CMSG_DATA(cmsg), 2 * sizeof(int));
    return 0;
}

/* Set when the arena's address collides with this process's own mappings. */
static uint32_t ready_retry;

__attribute__((format(printf, 2, 3))) static void send_ready(oe_result_t result, const char *fmt, ...)
{
    keep_sandbox_ready ready = {
        .magic = KEEP_SANDBOX_MAGIC, .result = (uint32_t)result, .retry = ready_retry};
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(ready.message, sizeof(ready.message), fmt, ap);
        va_end(ap);
    }
    send(KEEP_SANDBOX_SOCKET_FD, &ready, sizeof(ready), MSG_NOSIGNAL);
}

/* The regions the host named must lie inside the arena. */
static bool region_in_arena(const keep_sandbox_setup *s, uint64_t address, uint64_t size)
{
    return address >= s->arena_address && address - s->arena_address <= s->arena_size &&
           size <= s->arena_size - (address - s->arena_address);
}

static bool setup_valid(const keep_sandbox_setup *s)
{
    return s->magic == KEEP_SANDBOX_MAGIC && s->version == KEEP_SANDBOX_VERSION &&
           s->tcs_count >= 1 && s->tcs_count <= KEEP_SANDBOX_MAX_TCS &&
           s->scratch_size <= ((uint64_t)1 << 24) &&
           region_in_arena(s, s->slots_address, s->tcs_count * sizeof(keep_sandbox_slot)) &&
           region_in_arena(s, s->crash_address, sizeof(keep_sandbox_crash)) &&
           region_in_arena(s, s->scratch_address, s->tcs_count * s->scratch_size) &&
           s->stack_size >= 65536 && s->stack_size <= ((uint64_t)1 << 30) &&
           s->heap_size >= 4096 && s->heap_size <= ((uint64_t)1 << 36);
}

static oe_result_t map_arena(keep_runner *runner, int arena_fd)
{
    void *want = (void *)(uintptr_t)runner->setup.arena_address;
    void *got = mmap(want, runner->setup.arena_size, PROT_READ | PROT_WRITE,
                     MAP_SHARED | MAP_FIXED_NOREPLACE, arena_fd, 0);
    /* EEXIST: a library or stack of this process sits there, by the luck
     * of address randomization; a new process has another layout. */
    ready_retry = got == MAP_FAILED && errno == EEXIST;
    close(arena_fd);
    if (got != want) {
        if (got != MAP_FAILED)
            munmap(got, runner->setup.arena_size);
        return OE_PLATFORM_ERROR;
    }
    runner->slots = (keep_sandbox_slot *)(uintptr_t)runner->setup.slots_address;
    runner->crash = (keep_sandbox_crash *)(uintptr_t)runner->setup.crash_address;
    runner->scratch = (uint8_t *)(uintptr_t)runner->setup.scratch_address;
    return OE_OK;
}

static oe_result_t load_image(keep_runner *runner, int image_fd)
{
    char path[64];
    snprintf(path, sizeof(path), "/proc/self/fd/%d", image_fd);
    runner->image = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    close(image_fd);
    if (!runner->image) {
        send_ready(OE_UNSUPPORTED_ENCLAVE_IMAGE, "%s", dlerror());
        return OE_UNSUPPORTED_ENCLAVE_IMAGE;
    }
    runner->entry = dlsym(runner->image, KEEP_ENCLAVE_ENTRY_SYMBOL);
    if (!runner->entry || runner->entry->abi_version != KEEP_ENCLAVE_ABI_VERSION) {
        send_ready(OE_UNSUPPORTED_ENCLAVE_IMAGE,
                   "the image does not export %s (is it linked with liboeenclave?)",
                   KEEP_ENCLAVE_ENTRY_SYMBOL);
        return OE_UNSUPPORTED_ENCLAVE_IMAGE;
    }
    keep_runner_init_ops(runner);
    return runner->entry->bind(&runner->ops, (void *)(uintptr_t)runner->setup.host_handle);
}

/* Bytes of private writable memory this process uses now (VmData). */
static uint64_t data_in_use(void)
{
    FILE *status = fopen("/proc/self/status", "re");
    char line[256];
    unsigned long long kib = 0;
    while (status && fgets(line, sizeof(line), status))
        if (sscanf(line, "VmData: %llu kB", &kib) == 1)
            break;
    if (status)
        fclose(status);
    return (uint64_t)kib * 1024;
}

/* NumHeapPages: the enclave may allocate this much beyond what the loaded
 * image and its threads already use. The limit covers brk and private
 * mappings, i.e. every heap the C library has; the shared arena is not
 * counted. */
static oe_result_t limit_heap(uint64_t heap_size)
{
    uint64_t in_use = data_in_use();
    if (!in_use)
        return OE_PLATFORM_ERROR;
    struct rlimit limit = {.rlim_cur = in_use + heap_size, .rlim_max = in_use + heap_size};
    return setrlimit(RLIMIT_DATA, &limit) == 0 ? OE_OK : OE_PLATFORM_ERROR;
}

static void preload_library(const char *name, void *ctx)
{
    (void)ctx;
    if (!strchr(name, '/'))
        dlopen(name, RTLD_NOW | RTLD_LOCAL);
}

/* Loads the shared libraries the image names (DT_NEEDED: libc, libcrypto,
 * libssl, libstdc++, ...) before the platform child is forked, so that the
 * platform libraries digest it computes covers every library the enclave
 * will run with, not only the runner's own. The image's dlopen then finds
 * them loaded. These are system libraries, not enclave code; a name with a
 * path, or one that does not load, is left to that dlopen to report. */
static void preload_platform_libraries(int image_fd)
{
    struct stat st;
    if (fstat(image_fd, &st) != 0 || st.st_size <= 0)
        return;
    void *image = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, image_fd, 0);
    if (image == MAP_FAILED)
        return;
    (void)keep_elf_needed(image, (size_t)st.st_size, preload_library, NULL);
    munmap(image, (size_t)st.st_size);
}

static oe_result_t bootstrap(keep_runner *runner)
{
    int fds[2];
    if (receive_setup(&runner->setup, fds) != 0)
        return OE_PLATFORM_ERROR;
    if (!setup_valid(&runner->setup)) {
        send_ready(OE_INVALID_PARAMETER, "malformed setup message");
        return OE_INVALID_PARAMETER;
    }
    if (!runner->setup.debug)
        prctl(PR_SET_DUMPABLE, 0);
    /* First, while this process holds nothing of the host or the enclave. */
    runner->setup.platform_dir[sizeof(runner->setup.platform_dir) - 1] = '\0';
    preload_platform_libraries(fds[1]);
    int platform_fd = keep_runner_platform_start(&runner->setup, fds[0], fds[1]);
    oe_result_t result = map_arena(runner, fds[0]);
    if (result != OE_OK) {
        send_ready(result, "cannot map the arena at the host's address");
        return result;
    }
    keep_runner_install_signal_handlers(runner->crash);
    if (!keep_runner_thread_signal_stack() || keep_runner_confine_loading(platform_fd) != OE_OK) {
        send_ready(OE_PLATFORM_ERROR, "cannot confine the enclave process");
        return OE_PLATFORM_ERROR;
    }
    result = load_image(runner, fds[1]);
    if (result != OE_OK)
        return result;
    keep_runner_warm_crypto();
    result = keep_runner_start_threads(runner);
    if (result == OE_OK)
        result = limit_heap(runner->setup.heap_size);
    if (result == OE_OK)
        result = keep_runner_confine_running(platform_fd);
    send_ready(result, result == OE_OK ? NULL : "cannot start and confine the enclave threads");
    return result;
}

/* An enclave keeps its heap for its lifetime, as on SGX, where the heap is
 * committed up front: freed memory is not handed back to the kernel, and
 * large blocks come from the heap rather than from a fresh mapping each.
 * Otherwise every ECALL with a buffer past the C library's thresholds
 * (128 KiB at first) maps or grows the heap and faults in every page of it
 * again, several times slower than the copy itself. NumHeapPages still
 * bounds the total (RLIMIT_DATA covers heap and mappings alike). */
static void keep_heap_resident(void)
{
    mallopt(M_MMAP_THRESHOLD, 32 << 20); /* glibc's largest; also fixes it */
    mallopt(M_TRIM_THRESHOLD, INT_MAX);
}

int main(void)
{
    keep_heap_resident();
    /* Enclave stdout goes to the host one write at a time, in order. */
    setvbuf(stdout, NULL, _IONBF, 0);
    prctl(PR_SET_NAME, "keep-enclave");
    keep_runner *runner = &keep_the_runner;
    if (bootstrap(runner) != OE_OK)
        return 1;
    for (uint32_t i = 0; i < runner->setup.tcs_count; i++)
        pthread_join(runner->threads[i], NULL);
    return 0;
}
