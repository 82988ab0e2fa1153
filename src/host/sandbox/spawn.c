/* Starting the keep-enclave runner.
 *
 * The runner executable is built into liboehost (runner_blob.S), so a host
 * application needs no install path to find it: it is copied once per
 * process into a sealed memfd and executed from there. KEEP_RUNNER names
 * another runner binary (for debugging the runner itself). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../host_log.h"
#include "sandbox.h"

extern const unsigned char keep_runner_blob[];
extern const uint64_t keep_runner_blob_size;

#define KEEP_RUNNER_READY_TIMEOUT_MS 30000
/* A runner whose own mappings happen to cover the arena's address is
 * replaced by a new one (another random layout); each attempt fails with
 * a probability well under 1%. */
#define KEEP_RUNNER_SPAWN_ATTEMPTS 4

static int runner_fd = -1;
static pthread_once_t runner_once = PTHREAD_ONCE_INIT;

static int blob_to_memfd(void)
{
    int fd = memfd_create("keep-enclave", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    size_t size = (size_t)keep_runner_blob_size;
    if (fd < 0)
        return -1;
    for (size_t done = 0; done < size;) {
        ssize_t n = write(fd, keep_runner_blob + done, size - done);
        if (n <= 0 && errno != EINTR) {
            close(fd);
            return -1;
        }
        done += n > 0 ? (size_t)n : 0;
    }
    fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
    return fd;
}

static void open_runner(void)
{
    const char *override = getenv("KEEP_RUNNER");
    runner_fd = override ? open(override, O_RDONLY | O_CLOEXEC) : blob_to_memfd();
    if (runner_fd < 0)
        keep_error("cannot prepare the keep-enclave runner%s%s: %s", override ? " " : "",
                   override ? override : "", strerror(errno));
}

/* In the child, between fork and exec: only async-signal-safe calls. */
__attribute__((noreturn)) static void exec_runner(int socket_fd, pid_t parent)
{
    static char *const argv[] = {"keep-enclave", NULL};
#if defined(__SANITIZE_ADDRESS__)
    static char *const envp[] = {"ASAN_OPTIONS=detect_leaks=0", NULL};
#else
    static char *const envp[] = {NULL};
#endif
    if (socket_fd == KEEP_SANDBOX_SOCKET_FD)
        fcntl(socket_fd, F_SETFD, 0);
    else if (dup2(socket_fd, KEEP_SANDBOX_SOCKET_FD) < 0)
        _exit(127);
    if (dup2(runner_fd, KEEP_SANDBOX_SOCKET_FD + 1) < 0)
        _exit(127);
    for (int fd = 0; fd < KEEP_SANDBOX_SOCKET_FD; fd++)
        close(fd);
    syscall(SYS_close_range, KEEP_SANDBOX_SOCKET_FD + 2, ~0u, 0);
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
        _exit(127);
    syscall(SYS_execveat, KEEP_SANDBOX_SOCKET_FD + 1, "", argv, envp, AT_EMPTY_PATH);
    _exit(127);
}

static oe_result_t send_setup(int socket_fd, const keep_sandbox_setup *setup, int arena_fd,
                              int image_fd)
{
    int fds[2] = {arena_fd, image_fd};
    char control[CMSG_SPACE(sizeof(fds))];
    memset(control, 0, sizeof(control));
    struct iovec iov = {(void *)setup, sizeof(*setup)};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control,
                         .msg_controllen = sizeof(control)};
    struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(fds));
    memcpy(CMSG_DATA(cmsg), fds, sizeof(fds));
    return sendmsg(socket_fd, &msg, MSG_NOSIGNAL) == (ssize_t)sizeof(*setup) ? OE_OK
                                                                           : OE_PLATFORM_ERROR;
}

/* The runner died before it was ready: say why when its fatal-signal
 * handler left a record (untrusted, for the log only), e.g. a crash in a
 * global constructor of the image. */
static void report_setup_death(const keep_sandbox_crash *record)
{
    keep_sandbox_crash crash = *record;
    if (crash.oe_abort)
        keep_error("the enclave called oe_abort() while it was being loaded");
    else if (crash.signal)
        keep_error("the keep-enclave runner died while loading the enclave (its global "
                   "constructors run then): signal %u (%s) at address 0x%llx",
                   crash.signal, strsignal((int)crash.signal), (unsigned long long)crash.address);
    else
        keep_error("the keep-enclave runner exited during setup");
}

static oe_result_t receive_ready(int socket_fd, const keep_sandbox_crash *crash, bool *retry)
{
    struct pollfd pfd = {.fd = socket_fd, .events = POLLIN};
    if (poll(&pfd, 1, KEEP_RUNNER_READY_TIMEOUT_MS) != 1) {
        keep_error("the keep-enclave runner did not answer");
        return OE_PLATFORM_ERROR;
    }
    keep_sandbox_ready ready;
    ssize_t got = recv(socket_fd, &ready, sizeof(ready), 0);
    if (got != (ssize_t)sizeof(ready) || ready.magic != KEEP_SANDBOX_MAGIC) {
        report_setup_death(crash);
        return OE_PLATFORM_ERROR;
    }
    ready.message[sizeof(ready.message) - 1] = '\0';
    if (ready.result != OE_OK && ready.retry == 1) {
        keep_warning("the keep-enclave runner could not load the enclave: %s; starting another",
                     ready.message);
        *retry = true;
        return OE_PLATFORM_ERROR;
    }
    if (ready.result != OE_OK) {
        keep_error("the keep-enclave runner could not load the enclave: %s", ready.message);
        return oe_is_valid_result(ready.result) ? (oe_result_t)ready.result : OE_PLATFORM_ERROR;
    }
    return OE_OK;
}

static oe_result_t spawn_once(oe_enclave_t *enclave, sandbox_state *state, int image_fd,
                              const keep_sandbox_setup *setup, bool *retry)
{
    int pair[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0)
        return OE_PLATFORM_ERROR;
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0)
        exec_runner(pair[1], parent);
    close(pair[1]);
    if (pid < 0) {
        close(pair[0]);
        return OE_PLATFORM_ERROR;
    }
    state->pid = pid;
    state->socket = pair[0];
    oe_result_t result = send_setup(pair[0], setup, enclave->arena.memfd, image_fd);
    if (result == OE_OK)
        result = receive_ready(pair[0], state->crash, retry);
    return result;
}

oe_result_t keep_sandbox_spawn(oe_enclave_t *enclave, sandbox_state *state, int image_fd,
                               const keep_sandbox_setup *setup)
{
    pthread_once(&runner_once, open_runner);
    if (runner_fd < 0)
        return OE_PLATFORM_ERROR;
    oe_result_t result = OE_PLATFORM_ERROR;
    for (int attempt = 0; attempt < KEEP_RUNNER_SPAWN_ATTEMPTS; attempt++) {
        bool retry = false;
        result = spawn_once(enclave, state, image_fd, setup, &retry);
        if (result == OE_OK || !retry)
            break;
        kill(state->pid, SIGKILL);
        while (waitpid(state->pid, NULL, 0) < 0 && errno == EINTR)
            ;
        close(state->socket);
        state->pid = 0;
        state->socket = -1;
    }
    return result;
}
