// The host side of the log_callback sample: routes the runtime's log lines
// (the host's own and those enclave code sends out) to a callback.
#include <openenclave/host.h>
#include <openenclave/trace.h>
#include <stdio.h>
#include <string.h>

#include "log_callback_u.h"

typedef struct counts {
    int host_lines;
    int enclave_lines;
} counts_t;

static void host_log(void* context, bool is_enclave, const struct tm* t, long int usecs,
                     oe_log_level_t level, uint64_t host_thread_id, const char* message)
{
    (void)host_thread_id;
    counts_t* counts = context;
    if (is_enclave)
        counts->enclave_lines++;
    else
        counts->host_lines++;
    printf("host callback: %02d:%02d:%02d.%06ld %s [%s] %s\n", t->tm_hour, t->tm_min, t->tm_sec,
           usecs, is_enclave ? "enclave" : "host", oe_log_level_strings[level], message);
}

static int simulate_requested(int argc, const char* argv[])
{
    for (int i = 2; i < argc; i++)
        if (strcmp(argv[i], "--simulate") == 0)
            return 1;
    return 0;
}

int main(int argc, const char* argv[])
{
    if (argc < 2) {
        fprintf(stderr, "Usage: %s enclave_image_path [ --simulate ]\n", argv[0]);
        return 1;
    }
    uint32_t flags = OE_ENCLAVE_FLAG_DEBUG;
    if (simulate_requested(argc, argv))
        flags |= OE_ENCLAVE_FLAG_SIMULATE;
    counts_t counts = {0, 0};
    oe_log_set_callback(&counts, host_log);

    // A failure the host logs: an image that does not exist.
    oe_enclave_t* enclave = NULL;
    oe_create_log_callback_enclave("/nonexistent/enclave.signed", OE_ENCLAVE_TYPE_AUTO, flags,
                                   NULL, 0, &enclave);

    oe_result_t result = oe_create_log_callback_enclave(argv[1], OE_ENCLAVE_TYPE_AUTO, flags,
                                                        NULL, 0, &enclave);
    if (result != OE_OK) {
        fprintf(stderr, "oe_create_log_callback_enclave(): result=%u (%s)\n", result,
                oe_result_str(result));
        return 1;
    }
    int enclave_lines = 0;
    result = enclave_log_lines(enclave, &enclave_lines);
    oe_terminate_enclave(enclave);
    oe_log_set_callback(NULL, NULL);
    printf("lines: %d from the host, %d from the enclave to the host, %d kept in the enclave\n",
           counts.host_lines, counts.enclave_lines, enclave_lines);
    int ok = result == OE_OK && counts.host_lines > 0 && counts.enclave_lines == 1 &&
             enclave_lines == 1;
    printf(ok ? "log_callback: all results as expected\n" : "log_callback: FAILED\n");
    return !ok;
}
