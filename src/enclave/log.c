/* Enclave-side logging (<openenclave/tracee.h>): a line goes to the
 * enclave's own callback when one is set, else to the host as a
 * KEEP_OCALL_LOG OCALL with the message copied into host memory. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <openenclave/enclave.h>
#include <openenclave/tracee.h>

#include "enclave_state.h"

static pthread_mutex_t callback_lock = PTHREAD_MUTEX_INITIALIZER;
static oe_enclave_log_callback_t enclave_callback;
static void *enclave_context;

oe_result_t oe_enclave_log_set_callback(void *context, oe_enclave_log_callback_t callback)
{
    pthread_mutex_lock(&callback_lock);
    enclave_callback = callback;
    enclave_context = context;
    pthread_mutex_unlock(&callback_lock);
    return OE_OK;
}

oe_log_level_t oe_get_current_logging_level(void)
{
    return OE_LOG_LEVEL_VERBOSE;
}

/* True when the enclave's callback took the line. */
static bool to_callback(oe_log_level_t level, const char *message)
{
    pthread_mutex_lock(&callback_lock);
    oe_enclave_log_callback_t callback = enclave_callback;
    void *context = enclave_context;
    if (callback)
        callback(context, level, (uint64_t)pthread_self(), message);
    pthread_mutex_unlock(&callback_lock);
    return callback != NULL;
}

static oe_result_t to_host(oe_log_level_t level, const char *message, size_t size)
{
    if (!keep_enclave_host)
        return OE_UNEXPECTED;
    char *host_message = keep_host_alloc(size);
    if (!host_message)
        return OE_OUT_OF_MEMORY;
    memcpy(host_message, message, size);
    size_t written = 0;
    oe_result_t result =
        keep_enclave_host->call_host(keep_enclave_host->ctx, KEEP_OCALL_LOG, (uint64_t)level,
                                     host_message, size, NULL, 0, &written);
    oe_host_free(host_message);
    return result;
}

oe_result_t oe_log(oe_log_level_t level, const char *fmt, ...)
{
    if (level <= OE_LOG_LEVEL_NONE || level >= OE_LOG_LEVEL_MAX || !fmt)
        return OE_INVALID_PARAMETER;
    char message[KEEP_ENCLAVE_LOG_LINE_MAX];
    va_list ap;
    va_start(ap, fmt);
    int length = vsnprintf(message, sizeof(message), fmt, ap);
    va_end(ap);
    if (length < 0)
        return OE_INVALID_PARAMETER;
    if (to_callback(level, message))
        return OE_OK;
    size_t size = strnlen(message, sizeof(message) - 1);
    return size ? to_host(level, message, size) : OE_OK;
}
