// Runs the key memo checks (keymemo_enc.c) in an enclave.
#include <stdio.h>
#include <string.h>

#include <openenclave/host.h>

#include "keymemo_u.h"

int main(int argc, char** argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s ENCLAVE [--simulate]\n", argv[0]);
        return 2;
    }
    uint32_t flags = argc > 2 && strcmp(argv[2], "--simulate") == 0 ? OE_ENCLAVE_FLAG_SIMULATE : 0;
    oe_enclave_t* e = NULL;
    int failed = -1;
    oe_result_t r = oe_create_keymemo_enclave(argv[1], OE_ENCLAVE_TYPE_AUTO, flags, NULL, 0, &e);
    if (r == OE_OK)
        r = keymemo_checks(e, &failed);
    if (e)
        oe_terminate_enclave(e);
    if (r != OE_OK || failed != 0) {
        printf("keymemo: FAIL (%s, check %d)\n", oe_result_str(r), failed);
        return 1;
    }
    printf("keymemo: all checks passed\n");
    return 0;
}
