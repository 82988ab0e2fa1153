/* Host-side logging, shaped like OE's: level from OE_LOG_LEVEL (default
 * ERROR), lines `<time> [(H)LEVEL] tid(0x..) | message [file:func:line]`. */
#ifndef KEEP_HOST_LOG_H
#define KEEP_HOST_LOG_H

#include <openenclave/log.h>

void keep_log_impl(oe_log_level_t level, const char *file, const char *func, int line,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#define keep_log(LEVEL, ...) keep_log_impl(LEVEL, __FILE__, __func__, __LINE__, __VA_ARGS__)
#define keep_error(...) keep_log(OE_LOG_LEVEL_ERROR, __VA_ARGS__)
#define keep_warning(...) keep_log(OE_LOG_LEVEL_WARNING, __VA_ARGS__)
#define keep_info(...) keep_log(OE_LOG_LEVEL_INFO, __VA_ARGS__)
#define keep_verbose(...) keep_log(OE_LOG_LEVEL_VERBOSE, __VA_ARGS__)

#endif
