// Runs the attested TLS sample's enclave client. The enclave verifies the
// server's remote evidence through its platform; on sim that platform runs
// in this process and uses liboehostverify's verifier, which
// oe_verifier_initialize() links in (on sandbox it is not needed).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openenclave/attestation/verifier.h>
#include <openenclave/host.h>

#include "client_u.h"

int main(int argc, char** argv)
{
    if (argc < 6) {
        fprintf(stderr, "Usage: %s enclave_image PORT SIGNER_ID_HEX PRODUCT_ID MIN_SVN [--simulate]\n",
                argv[0]);
        return 2;
    }
    uint32_t flags = OE_ENCLAVE_FLAG_DEBUG;
    if (argc > 6 && strcmp(argv[6], "--simulate") == 0)
        flags |= OE_ENCLAVE_FLAG_SIMULATE;
    oe_enclave_t* enclave = NULL;
    int ret = -1;
    oe_result_t r = oe_verifier_initialize();
    if (r == OE_OK)
        r = oe_create_client_enclave(argv[1], OE_ENCLAVE_TYPE_AUTO, flags, NULL, 0, &enclave);
    if (r == OE_OK)
        r = run_client(enclave, &ret, (uint16_t)atoi(argv[2]), argv[3], (uint16_t)atoi(argv[4]),
                       (uint32_t)atoi(argv[5]));
    if (r != OE_OK)
        fprintf(stderr, "host: %s\n", oe_result_str(r));
    oe_terminate_enclave(enclave);
    oe_verifier_shutdown();
    return r == OE_OK && ret == 0 ? 0 : 1;
}
