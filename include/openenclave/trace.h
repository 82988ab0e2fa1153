/* Host-side control of Open Enclave's log output. */
#ifndef _OE_TRACE_H
#define _OE_TRACE_H

#include <time.h>

#include "bits/defs.h"
#include "bits/result.h"
#include "bits/types.h"
#include "log.h"

OE_EXTERNC_BEGIN

/* Receives every log line the runtime emits, instead of the default sink
 * (stderr, or the file named by OE_LOG_DEVICE). `is_enclave` tells whether
 * the line came from enclave code; `t`/`usecs` is when it was logged;
 * `message` is valid only during the call. */
typedef void (*oe_log_callback_t)(void* context, bool is_enclave, const struct tm* t,
                                  long int usecs, oe_log_level_t level, uint64_t host_thread_id,
                                  const char* message);

/* Installs `callback` (NULL restores the default sink). */
oe_result_t oe_log_set_callback(void* context, oe_log_callback_t callback);

/* Sets the most verbose level the host logs (initially from OE_LOG_LEVEL,
 * default OE_LOG_LEVEL_ERROR). */
oe_result_t oe_set_host_log_level(oe_log_level_t level);

/* Sets the most verbose level enclave logging emits for `enclave`. */
oe_result_t oe_set_enclave_log_level(oe_enclave_t* enclave, uint32_t level);

OE_EXTERNC_END

#endif
