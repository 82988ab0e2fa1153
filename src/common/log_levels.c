/* OE's names of the log levels, shared by host and enclave logging. */
#include <openenclave/log.h>

const char *const oe_log_level_strings[OE_LOG_LEVEL_MAX] = {"NONE", "FATAL", "ERROR",
                                                            "WARNING", "INFO", "VERBOSE"};
