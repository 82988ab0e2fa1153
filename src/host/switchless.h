/* Switchless calls, the host's side (src/common/switchless_wire.h): host
 * workers that serve switchless OCALLs, and the host threads that run the
 * enclave workers (one long ECALL each) serving switchless ECALLs. */
#ifndef KEEP_HOST_SWITCHLESS_H
#define KEEP_HOST_SWITCHLESS_H

#include <stdbool.h>

#include "host_enclave.h"

/* Starts the workers OE_ENCLAVE_SETTING_CONTEXT_SWITCHLESS asks for, capped
 * by `num_tcs` (host workers at NumTCS, enclave workers at NumTCS - 1, so
 * that regular calls keep a thread) and KEEP_SWITCHLESS_MAX_WORKERS. No
 * setting, or zero workers: nothing to do. */
oe_result_t keep_switchless_start(oe_enclave_t *enclave, const oe_enclave_setting_t *settings,
                                  uint32_t setting_count, uint64_t num_tcs)
    __attribute__((warn_unused_result));

/* Stops and joins every worker; idempotent. The area stays allocated until
 * the arena goes, since the enclave may still look at it. */
void keep_switchless_stop(oe_enclave_t *enclave);

/* Runs a staged ECALL (buffers in the arena) on a free enclave worker. Sets
 * *served to false, doing nothing, when no worker is free. */
oe_result_t keep_switchless_ecall(oe_enclave_t *enclave, uint64_t local_id, const void *in,
                                  size_t in_size, void *out, size_t out_size, size_t *out_written,
                                  bool *served) __attribute__((warn_unused_result));

#endif
