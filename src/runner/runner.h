/* keep-enclave: the process that holds one enclave on the sandbox backend
 * (internal header). */
#ifndef KEEP_RUNNER_H
#define KEEP_RUNNER_H

#include <pthread.h>
#include <stdbool.h>

#include "../common/enclave_abi.h"
#include "../common/sandbox_channel.h"

typedef struct keep_runner {
    keep_sandbox_setup setup;
    keep_sandbox_slot *slots;
    keep_sandbox_crash *crash;
    uint8_t *scratch;
    void *image;                     /* dlopen handle */
    const keep_enclave_entry_points *entry;
    keep_host_ops ops;
    pthread_t *threads;
} keep_runner;

extern keep_runner keep_the_runner;

/* Starts one thread per TCS; each waits for ECALLs on its slot. Returns
 * once every thread is ready (signal stacks set up). */
oe_result_t keep_runner_start_threads(keep_runner *runner) __attribute__((warn_unused_result));

/* Fills runner->ops with the sandbox implementations of keep_host_ops. */
void keep_runner_init_ops(keep_runner *runner);

/* Sends a request to the host on the calling thread's slot and waits for
 * the answer, running nested ECALLs meanwhile. OE_UNEXPECTED when the
 * calling thread is not an enclave thread. */
oe_result_t keep_runner_request(uint32_t kind, uint64_t function_id, uint64_t in,
                                uint64_t in_size, uint64_t out, uint64_t out_size,
                                uint64_t *answer);

/* Confinement: the loading stage (what dlopen needs, read-only files) and
 * the running stage (the allow-list of DESIGN §1), each applied to every
 * thread. Also installs the signal handlers for the syscall bridge and for
 * crash reports. */
oe_result_t keep_runner_confine_loading(int platform_fd) __attribute__((warn_unused_result));
oe_result_t keep_runner_confine_running(int platform_fd) __attribute__((warn_unused_result));
void keep_runner_install_signal_handlers(keep_sandbox_crash *crash);

/* Forks the platform child (platform.c) with the image memfd; closes
 * nothing of the caller's. Returns the runner's end of the platform
 * socket, or -1 (then platform calls fail with OE_PLATFORM_ERROR). */
int keep_runner_platform_start(const keep_sandbox_setup *setup, int arena_fd, int image_fd);

/* keep_host_ops.platform_call for the sandbox: forwards to the child. */
oe_result_t keep_runner_platform_call(void *ctx, const void *request, size_t request_size,
                                      void *response, size_t response_size, size_t *written);

/* Initialises OpenSSL (shared with the enclave) before confinement. */
void keep_runner_warm_crypto(void);

/* Gives the calling thread an alternate signal stack (for crash reports on
 * stack overflow). */
bool keep_runner_thread_signal_stack(void);

#endif
