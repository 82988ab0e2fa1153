/* Host-side logging, shaped like OE's: level from OE_LOG_LEVEL (default
 * ERROR), lines `<time> [(H)LEVEL] tid(0x..) | message [file:func:line]`. */
#ifndef KEEP_HOST_LOG_H
#define KEEP_HOST_LOG_H

#include <stddef.h>
#include <stdint.h>

#include <openenclave/bits/result.h>
#include <openenclave/log.h>

#include "../common/enclave_abi.h"

void keep_log_impl(oe_log_level_t level, const char *file, const char *func, int line,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* A line logged by enclave code (KEEP_OCALL_LOG): `size` bytes at
 * `host_message` in the arena, at most KEEP_ENCLAVE_LOG_LINE_MAX. Goes to
 * the same sink as the host's lines, marked (E) / is_enclave. */
oe_result_t keep_log_enclave_line(uint64_t level, const void *host_message, size_t size)
    __attribute__((warn_unused_result));

#define keep_log(LEVEL, ...) keep_log_impl(LEVEL, __FILE__, __func__, __LINE__, __VA_ARGS__)
#define keep_error(...) keep_log(OE_LOG_LEVEL_ERROR, __VA_ARGS__)
#define keep_warning(...) keep_log(OE_LOG_LEVEL_WARNING, __VA_ARGS__)
#define keep_info(...) keep_log(OE_LOG_LEVEL_INFO, __VA_ARGS__)
#define keep_verbose(...) keep_log(OE_LOG_LEVEL_VERBOSE, __VA_ARGS__)

#endif
