// The enclave side of the log_callback sample.
#include <openenclave/enclave.h>
#include <openenclave/tracee.h>
#include <stdio.h>
#include <string.h>

#include "log_callback_t.h"

static int lines_seen;

// Receives the enclave's log lines while it is installed.
static void enclave_log(void* context, oe_log_level_t level, uint64_t thread_id,
                        const char* message)
{
    (void)thread_id;
    int* count = context;
    (*count)++;
    printf("enclave callback: [%s] %s\n", oe_log_level_strings[level], message);
}

int enclave_log_lines(void)
{
    // No enclave callback yet: the line goes to the host's log sink.
    oe_log(OE_LOG_LEVEL_ERROR, "this line travels to the host");
    oe_enclave_log_set_callback(&lines_seen, enclave_log);
    oe_log(OE_LOG_LEVEL_WARNING, "this line stays in the enclave (%d)", 42);
    oe_enclave_log_set_callback(NULL, NULL);
    return lines_seen;
}
