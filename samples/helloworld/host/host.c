// The host side of helloworld: creates the enclave, calls it, tears it down.
#include <openenclave/host.h>
#include <stdio.h>
#include <string.h>

#include "helloworld_u.h"

// The enclave calls this OCALL.
void host_helloworld(void)
{
    fprintf(stdout, "Enclave called into host to print: Hello World!\n");
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
    oe_enclave_t* enclave = NULL;
    uint32_t flags = OE_ENCLAVE_FLAG_DEBUG;
    int ret = 1;

    if (argc < 2) {
        fprintf(stderr, "Usage: %s enclave_image_path [ --simulate ]\n", argv[0]);
        return 1;
    }
    if (simulate_requested(argc, argv)) {
        fprintf(stdout, "Running in simulation mode\n");
        flags |= OE_ENCLAVE_FLAG_SIMULATE;
    }

    oe_result_t result = oe_create_helloworld_enclave(argv[1], OE_ENCLAVE_TYPE_AUTO, flags,
                                                      NULL, 0, &enclave);
    if (result != OE_OK) {
        fprintf(stderr, "oe_create_helloworld_enclave(): result=%u (%s)\n", result,
                oe_result_str(result));
        goto exit;
    }

    result = enclave_helloworld(enclave);
    if (result != OE_OK) {
        fprintf(stderr, "calling into enclave_helloworld failed: result=%u (%s)\n", result,
                oe_result_str(result));
        goto exit;
    }
    ret = 0;

exit:
    if (enclave)
        oe_terminate_enclave(enclave);
    return ret;
}
