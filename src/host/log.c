/* Host-side log output (see host_log.h and <openenclave/trace.h>).
 *
 * Lines go to the callback set with oe_log_set_callback, else to the file
 * named by OE_LOG_DEVICE, else to stderr, in OE's default shape:
 *   2020-01-03T18:46:49.701219Z [(H)ERROR] tid(0x...) | message [file:func:line] */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>

#include <openenclave/trace.h>

#include "host_enclave.h"
#include "host_log.h"

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t log_once = PTHREAD_ONCE_INIT;
static oe_log_level_t host_level = OE_LOG_LEVEL_ERROR;
static FILE *log_device;
static oe_log_callback_t log_callback;
static void *log_context;

static void init_from_env(void)
{
    const char *value = getenv("OE_LOG_LEVEL");
    for (int level = 0; value && level < OE_LOG_LEVEL_MAX; level++)
        if (strcasecmp(value, oe_log_level_strings[level]) == 0)
            host_level = (oe_log_level_t)level;
    const char *device = getenv("OE_LOG_DEVICE");
    if (device && *device)
        log_device = fopen(device, "ae");
}

oe_result_t oe_log_set_callback(void *context, oe_log_callback_t callback)
{
    pthread_mutex_lock(&log_lock);
    log_callback = callback;
    log_context = context;
    pthread_mutex_unlock(&log_lock);
    return OE_OK;
}

oe_result_t oe_set_host_log_level(oe_log_level_t level)
{
    if (level >= OE_LOG_LEVEL_MAX)
        return OE_INVALID_PARAMETER;
    pthread_once(&log_once, init_from_env);
    __atomic_store_n(&host_level, level, __ATOMIC_RELAXED);
    return OE_OK;
}

oe_result_t oe_set_enclave_log_level(oe_enclave_t *enclave, uint32_t level)
{
    /* Keep enclaves log through stdout/stderr only; the level is accepted
     * for compatibility and has no further effect. */
    if (!keep_enclave_valid(enclave) || level >= OE_LOG_LEVEL_MAX)
        return OE_INVALID_PARAMETER;
    return OE_OK;
}

static void emit(oe_log_level_t level, bool is_enclave, const struct timeval *now,
                 const char *line, const char *message)
{
    pthread_mutex_lock(&log_lock);
    if (log_callback) {
        struct tm utc;
        gmtime_r(&now->tv_sec, &utc);
        log_callback(log_context, is_enclave, &utc, (long)now->tv_usec, level,
                     (uint64_t)pthread_self(), message);
    } else {
        FILE *out = log_device ? log_device : stderr;
        fputs(line, out);
        fflush(out);
    }
    pthread_mutex_unlock(&log_lock);
}

static bool level_enabled(oe_log_level_t level)
{
    pthread_once(&log_once, init_from_env);
    return level < OE_LOG_LEVEL_MAX && level > OE_LOG_LEVEL_NONE &&
           level <= __atomic_load_n(&host_level, __ATOMIC_RELAXED);
}

/* Formats one line in OE's shape and hands it to the sink. `where` is the
 * " [file:func:line]" suffix, empty for enclave lines. */
static void log_line(oe_log_level_t level, bool is_enclave, const char *message,
                     const char *where)
{
    struct timeval now;
    struct tm utc;
    char stamp[32], text[1400];
    gettimeofday(&now, NULL);
    gmtime_r(&now.tv_sec, &utc);
    strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &utc);
    snprintf(text, sizeof(text), "%s.%06ldZ [(%c)%s] tid(0x%lx) | %s%s\n", stamp,
             (long)now.tv_usec, is_enclave ? 'E' : 'H', oe_log_level_strings[level],
             (unsigned long)pthread_self(), message, where);
    emit(level, is_enclave, &now, text, message);
}

void keep_log_impl(oe_log_level_t level, const char *file, const char *func, int line,
                   const char *fmt, ...)
{
    if (!level_enabled(level))
        return;
    char message[1024], where[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof(message), fmt, ap);
    va_end(ap);
    const char *base = strrchr(file, '/');
    snprintf(where, sizeof(where), " [%s:%s:%d]", base ? base + 1 : file, func, line);
    log_line(level, false, message, where);
}

oe_result_t keep_log_enclave_line(uint64_t level, const void *host_message, size_t size)
{
    if (level <= OE_LOG_LEVEL_NONE || level >= OE_LOG_LEVEL_MAX || !size ||
        size > KEEP_ENCLAVE_LOG_LINE_MAX)
        return OE_INVALID_PARAMETER;
    if (!level_enabled((oe_log_level_t)level))
        return OE_OK;
    /* Copied once out of the arena; the enclave's line need not end in NUL,
     * and control characters cannot forge other log lines. */
    char message[KEEP_ENCLAVE_LOG_LINE_MAX + 1];
    memcpy(message, host_message, size);
    message[size] = '\0';
    for (size_t i = 0; message[i]; i++)
        if ((unsigned char)message[i] < 0x20)
            message[i] = ' ';
    log_line((oe_log_level_t)level, true, message, "");
    return OE_OK;
}
