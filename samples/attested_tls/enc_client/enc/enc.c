// The enclave client: it verifies the server inside this enclave. Remote
// (SGX ECDSA) evidence is verified on hosts only (docs/attested-tls.md),
// so it sends its target info and gets a certificate with local evidence,
// which only this enclave can verify.
#include <stdlib.h>

#include <openenclave/attestation/sgx/evidence.h>
#include <openenclave/attestation/verifier.h>
#include <openenclave/enclave.h>

#include "../../common/tls_client.h"
#include "client_t.h"

int run_client(uint16_t port, const char* signer_hex, uint16_t product_id,
               uint32_t min_security_version)
{
    static const oe_uuid_t local = {OE_FORMAT_UUID_SGX_LOCAL_ATTESTATION};
    tls_policy policy = {.product_id = product_id,
                         .min_security_version = min_security_version};
    uint8_t* target = NULL;
    size_t target_size = 0;
    if (tls_policy_set_signer(&policy, signer_hex) != 0 ||
        oe_load_module_host_socket_interface() != OE_OK ||
        oe_verifier_get_format_settings(&local, &target, &target_size) != OE_OK)
        return -1;
    int ret = tls_client_run("127.0.0.1", port, &policy, target, target_size);
    oe_verifier_free_format_settings(target);
    return ret;
}
