/* The enclave side of the switchless tests. */
#include <stdlib.h>

#include <openenclave/enclave.h>

#include "sl_t.h"

int sl_add(int a, int b)
{
    return a + b;
}

int sl_twice_via_host(int v)
{
    int twice = 0;
    return sl_host_twice(&twice, v) == OE_OK ? twice : -1;
}

/* Buffers in enclave memory must never reach a host worker. */
int sl_bad_ocall_buffers(void)
{
    uint64_t in[4] = {0}, out[8] = {0};
    size_t written = 0;
    return (int)oe_switchless_call_host_function(0, in, sizeof(in), out, sizeof(out), &written);
}

void sl_crash(void)
{
    abort();
}
