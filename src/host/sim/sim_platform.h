/* The sim backend's in-process platform (sim_platform.c). */
#ifndef KEEP_SIM_PLATFORM_H
#define KEEP_SIM_PLATFORM_H

#include <stddef.h>

#include <openenclave/bits/result.h>

/* keep_host_ops.platform_call on sim; ctx is the oe_enclave_t. */
oe_result_t keep_sim_platform_call(void *ctx, const void *request, size_t request_size,
                                   void *response, size_t response_size, size_t *written);

#endif
