/* Host side of the sandbox backend (internal). */
#ifndef KEEP_HOST_SANDBOX_H
#define KEEP_HOST_SANDBOX_H

#include <pthread.h>
#include <sys/types.h>

#include "../../common/sandbox_channel.h"
#include "../host_enclave.h"

#define KEEP_SANDBOX_SCRATCH_SIZE ((size_t)64 << 10)
/* Smaller stacks cannot run the C library; NumStackPages below this is
 * raised to it. */
#define KEEP_SANDBOX_MIN_STACK ((uint64_t)64 << 10)

typedef struct sandbox_state {
    pid_t pid;              /* the runner, or 0 */
    int socket;             /* bootstrap socket; hangs up when the runner dies */
    keep_sandbox_slot *slots;
    keep_sandbox_crash *crash;
    uint8_t *scratch;
    uint32_t tcs_count;
    pthread_mutex_t tcs_lock;
    uint64_t tcs_busy[OE_SGX_MAX_TCS / 64];
    pthread_t monitor;
    bool monitor_started;
    int stop_pipe[2];       /* wakes the monitor at unload */
} sandbox_state;

/* Starts the runner and completes the bootstrap exchange. */
oe_result_t keep_sandbox_spawn(oe_enclave_t *enclave, sandbox_state *state, int image_fd,
                               const keep_sandbox_setup *setup)
    __attribute__((warn_unused_result));

/* Starts the thread that notices the runner's death. */
oe_result_t keep_sandbox_monitor_start(oe_enclave_t *enclave) __attribute__((warn_unused_result));

/* Stops the runner (if alive) and the monitor, and reaps the runner. */
void keep_sandbox_stop(oe_enclave_t *enclave);

/* Serves one OCALL request found in `slot`; publishes the answer. */
void keep_sandbox_serve_ocall(oe_enclave_t *enclave, keep_sandbox_slot *slot);

#endif
