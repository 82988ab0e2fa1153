/* Enclave-side logging. */
#ifndef _OE_TRACEE_H
#define _OE_TRACEE_H

#include "bits/defs.h"
#include "bits/result.h"
#include "bits/types.h"
#include "log.h"

OE_EXTERNC_BEGIN

/* Receives the enclave's own log lines, inside the enclave, instead of the
 * host. `message` is valid only during the call. */
typedef void (*oe_enclave_log_callback_t)(void* context, oe_log_level_t level,
                                          uint64_t thread_id, const char* message);

/* Installs `callback` for this enclave's log lines (NULL sends them to the
 * host again, where they reach the host's sink or oe_log_set_callback's
 * callback marked as enclave lines). */
oe_result_t oe_enclave_log_set_callback(void* context, oe_enclave_log_callback_t callback);

/* Logs one line (printf-style, truncated to 1024 bytes). OE_INVALID_PARAMETER
 * for a level outside FATAL..VERBOSE; lines above the host's log level are
 * dropped by the host. */
oe_result_t oe_log(oe_log_level_t level, const char* fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The most verbose level this enclave emits (VERBOSE: the host filters). */
oe_log_level_t oe_get_current_logging_level(void);

OE_EXTERNC_END

#endif
