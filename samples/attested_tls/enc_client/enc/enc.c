// The enclave client: TLS 1.3 from inside this enclave over a host socket.
// It verifies the server's certificate, with the server's remote (SGX
// ECDSA) evidence, here in the enclave: the enclave's verifier hands the
// evidence to its platform, which checks it against the root it trusts
// (docs/attested-tls.md), and the policy is checked on the claims.
#include <openenclave/attestation/verifier.h>
#include <openenclave/enclave.h>

#include "../../common/tls_client.h"
#include "client_t.h"

int run_client(uint16_t port, const char* signer_hex, uint16_t product_id,
               uint32_t min_security_version)
{
    tls_policy policy = {.product_id = product_id,
                         .min_security_version = min_security_version};
    if (tls_policy_set_signer(&policy, signer_hex) != 0 ||
        oe_load_module_host_socket_interface() != OE_OK || oe_verifier_initialize() != OE_OK)
        return -1;
    int ret = tls_client_run("127.0.0.1", port, &policy);
    oe_verifier_shutdown();
    return ret;
}
