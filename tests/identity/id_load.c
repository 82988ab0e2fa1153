/* id_load IMAGE [--simulate] [--debug]: creates and terminates an enclave
 * from IMAGE and prints "result=<OE name>", so that the identity tests can
 * check why a load was refused (the host log goes to stderr). Exits 0 when
 * the enclave was created. */
#include <stdio.h>
#include <string.h>

#include <openenclave/host.h>

int main(int argc, char **argv)
{
    uint32_t flags = 0;
    if (argc < 2) {
        fprintf(stderr, "usage: id_load IMAGE [--simulate] [--debug]\n");
        return 2;
    }
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--simulate") == 0)
            flags |= OE_ENCLAVE_FLAG_SIMULATE;
        else if (strcmp(argv[i], "--debug") == 0)
            flags |= OE_ENCLAVE_FLAG_DEBUG;
        else
            return 2;
    }
    oe_enclave_t *enclave = NULL;
    oe_result_t result = oe_create_enclave(argv[1], OE_ENCLAVE_TYPE_AUTO, flags, NULL, 0, NULL,
                                           0, NULL, 0, &enclave);
    printf("result=%s\n", oe_result_str(result));
    if (result == OE_OK && oe_terminate_enclave(enclave) != OE_OK)
        return 1;
    return result == OE_OK ? 0 : 1;
}
