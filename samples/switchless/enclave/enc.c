// The enclave side of the switchless sample.
#include <stdio.h>

#include "switchless_t.h"

uint64_t enclave_add(uint64_t a, uint64_t b)
{
    return a + b;
}

uint64_t enclave_add_switchless(uint64_t a, uint64_t b)
{
    return a + b;
}

uint64_t enclave_count_up(uint64_t count, int switchless)
{
    uint64_t value = 0;
    for (uint64_t i = 0; i < count; i++) {
        uint64_t next = 0;
        oe_result_t result = switchless ? host_increment_switchless(&next, value)
                                        : host_increment(&next, value);
        if (result != OE_OK) {
            fprintf(stderr, "host_increment: result=%u (%s)\n", result, oe_result_str(result));
            return 0;
        }
        value = next;
    }
    return value;
}

static int where(void)
{
    int on_calling_thread = -1;
    oe_result_t result = host_on_calling_thread(&on_calling_thread);
    return result == OE_OK ? on_calling_thread : -1;
}

int enclave_where_switchless(void)
{
    return where();
}

int enclave_where_regular(void)
{
    return where();
}
