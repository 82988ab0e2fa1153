// The enclave side of helloworld.
#include <stdio.h>

#include "helloworld_t.h"

// The host calls this ECALL; it prints from inside the enclave and then
// calls back out to the host.
void enclave_helloworld(void)
{
    fprintf(stdout, "Hello world from the enclave\n");

    oe_result_t result = host_helloworld();
    if (result != OE_OK)
        fprintf(stderr, "Call to host_helloworld failed: result=%u (%s)\n", result,
                oe_result_str(result));
}
