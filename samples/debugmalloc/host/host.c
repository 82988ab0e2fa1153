// The host side of debugmalloc.
#include <openenclave/host.h>
#include <stdio.h>
#include <string.h>

#include "debugmalloc_u.h"

int main(int argc, const char* argv[])
{
    if (argc < 2) {
        fprintf(stderr, "Usage: %s enclave_image_path [ --simulate ]\n", argv[0]);
        return 1;
    }
    uint32_t flags = OE_ENCLAVE_FLAG_DEBUG;
    if (argc > 2 && strcmp(argv[2], "--simulate") == 0)
        flags |= OE_ENCLAVE_FLAG_SIMULATE;
    oe_enclave_t* enclave = NULL;
    uint64_t live = 0;
    oe_result_t result = oe_create_debugmalloc_enclave(argv[1], OE_ENCLAVE_TYPE_AUTO, flags, NULL,
                                                       0, &enclave);
    if (result == OE_OK)
        result = enclave_leak_check(enclave, &live);
    if (enclave)
        oe_terminate_enclave(enclave);
    if (result != OE_OK) {
        fprintf(stderr, "debugmalloc: result=%u (%s)\n", result, oe_result_str(result));
        return 1;
    }
    int ok = live == 2;
    printf("leaks found by the enclave: %llu (expected 2)\n", (unsigned long long)live);
    printf(ok ? "debugmalloc: all results as expected\n" : "debugmalloc: FAILED\n");
    return !ok;
}
