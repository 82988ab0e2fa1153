// A plain (non-enclave) TLS 1.3 client: it accepts the server only if its
// certificate carries verified evidence binding the certificate's key
// (liboehostverify) and the claims satisfy the policy given on the
// command line.
#include <stdio.h>
#include <stdlib.h>

#include "../common/tls_client.h"

int main(int argc, char** argv)
{
    tls_policy policy = {0};
    if (argc != 6 || tls_policy_set_signer(&policy, argv[3]) != 0) {
        fprintf(stderr, "Usage: %s 127.0.0.1 PORT SIGNER_ID_HEX PRODUCT_ID MIN_SVN\n", argv[0]);
        return 2;
    }
    policy.product_id = (uint16_t)atoi(argv[4]);
    policy.min_security_version = (uint32_t)atoi(argv[5]);
    return tls_client_run(argv[1], atoi(argv[2]), &policy) == 0 ? 0 : 1;
}
