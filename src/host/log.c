/* Host-side log output (see host_log.h). */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>

#include "host_log.h"

const char *const oe_log_level_strings[OE_LOG_LEVEL_MAX] = {"NONE", "FATAL", "ERROR",
                                                            "WARNING", "INFO", "VERBOSE"};

static oe_log_level_t level_from_env(void)
{
    const char *value = getenv("OE_LOG_LEVEL");
    if (!value)
        return OE_LOG_LEVEL_ERROR;
    for (int level = 0; level < OE_LOG_LEVEL_MAX; level++)
        if (strcasecmp(value, oe_log_level_strings[level]) == 0)
            return (oe_log_level_t)level;
    return OE_LOG_LEVEL_ERROR;
}

static oe_log_level_t max_level;
static pthread_once_t level_once = PTHREAD_ONCE_INIT;

static void init_level(void)
{
    max_level = level_from_env();
}

void keep_log_impl(oe_log_level_t level, const char *file, const char *func, int line,
                   const char *fmt, ...)
{
    pthread_once(&level_once, init_level);
    if (level > max_level || level <= OE_LOG_LEVEL_NONE)
        return;
    char message[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof(message), fmt, ap);
    va_end(ap);

    struct timeval now;
    struct tm utc;
    char stamp[32];
    gettimeofday(&now, NULL);
    gmtime_r(&now.tv_sec, &utc);
    strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &utc);
    const char *base = strrchr(file, '/');
    fprintf(stderr, "%s.%06ldZ [(H)%s] tid(0x%lx) | %s [%s:%s:%d]\n", stamp, (long)now.tv_usec,
            oe_log_level_strings[level], (unsigned long)pthread_self(), message,
            base ? base + 1 : file, func, line);
}
