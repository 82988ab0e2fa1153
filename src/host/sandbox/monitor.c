/* Noticing that the runner has gone, so that no host thread waits forever
 * on an enclave that will never answer. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../common/slot.h"
#include "../host_log.h"
#include "sandbox.h"

static void report_death(sandbox_state *state)
{
    siginfo_t info;
    memset(&info, 0, sizeof(info));
    if (waitid(P_PID, (id_t)state->pid, &info, WEXITED | WNOWAIT) != 0)
        return;
    if (info.si_code == CLD_EXITED) {
        keep_error("enclave process %d exited with status %d", (int)state->pid, info.si_status);
        return;
    }
    keep_sandbox_crash crash = *state->crash;
    if (crash.oe_abort)
        keep_error("enclave called oe_abort(); its calls now fail with OE_ENCLAVE_ABORTING");
    else if (crash.signal == SIGSEGV || crash.signal == SIGBUS)
        keep_error("enclave crashed: signal %u (%s) at address 0x%llx, code %u: enclave code "
                   "touched memory it does not have (a sandbox enclave sees its own memory and "
                   "the host memory from oe_host_malloc, nothing else)",
                   crash.signal, strsignal((int)crash.signal), (unsigned long long)crash.address,
                   crash.code);
    else if (crash.signal)
        keep_error("enclave crashed: signal %u (%s), code %u, address 0x%llx", crash.signal,
                   strsignal((int)crash.signal), crash.code, (unsigned long long)crash.address);
    else
        keep_error("enclave process %d killed by signal %d (%s)", (int)state->pid,
                   info.si_status, strsignal(info.si_status));
}

static void *monitor_main(void *arg)
{
    oe_enclave_t *enclave = arg;
    sandbox_state *state = enclave->backend_state;
    struct pollfd fds[2] = {{.fd = state->socket, .events = POLLIN},
                            {.fd = state->stop_pipe[0], .events = POLLIN}};
    for (;;) {
        int n = poll(fds, 2, -1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 || fds[1].revents)
            return NULL;
        if (fds[0].revents)
            break;
    }
    /* A hang-up means the runner is gone. A message after setup is one the
     * protocol does not have (enclave code can reach the socket): the
     * runner is stopped, and only then waited for. The log comes first: a
     * caller that sees `aborting` (and returns OE_ENCLAVE_ABORTING) can
     * then rely on the reason being logged. */
    if (!(fds[0].revents & (POLLHUP | POLLERR))) {
        keep_error("the enclave sent an unexpected message on its bootstrap socket; stopping it");
        kill(state->pid, SIGKILL);
    }
    report_death(state);
    atomic_store(&enclave->aborting, true);
    for (uint32_t i = 0; i < state->tcs_count; i++)
        keep_slot_publish(&state->slots[i], KEEP_SLOT_DEAD);
    return NULL;
}

oe_result_t keep_sandbox_monitor_start(oe_enclave_t *enclave)
{
    sandbox_state *state = enclave->backend_state;
    if (pipe2(state->stop_pipe, O_CLOEXEC) != 0)
        return OE_PLATFORM_ERROR;
    if (pthread_create(&state->monitor, NULL, monitor_main, enclave) != 0)
        return OE_THREAD_CREATE_ERROR;
    state->monitor_started = true;
    return OE_OK;
}

void keep_sandbox_stop(oe_enclave_t *enclave)
{
    sandbox_state *state = enclave->backend_state;
    /* The monitor goes first, so that the kill below is not reported as a
     * crash. */
    if (state->monitor_started) {
        if (write(state->stop_pipe[1], "x", 1) < 0)
            keep_warning("cannot stop the enclave monitor: %s", strerror(errno));
        pthread_join(state->monitor, NULL);
    }
    if (state->pid > 0) {
        kill(state->pid, SIGKILL);
        while (waitpid(state->pid, NULL, 0) < 0 && errno == EINTR)
            ;
    }
    for (int i = 0; i < 2; i++)
        if (state->stop_pipe[i] >= 0)
            close(state->stop_pipe[i]);
    if (state->socket >= 0)
        close(state->socket);
    state->pid = 0;
}
