// The attested TLS client, shared by the plain client and the enclave
// client: TLS 1.3, the server accepted only if its certificate verifies
// (oe_verify_attestation_certificate_with_evidence_v2: remote evidence,
// on a host or in an enclave) and the claims meet the policy.
#ifndef ATTESTED_TLS_CLIENT_H
#define ATTESTED_TLS_CLIENT_H
#include <stddef.h>
#include <stdint.h>

#include "policy.h"

// Connects to host:port, sends a request and prints the reply. Returns 0
// on success.
int tls_client_run(const char* host, int port, tls_policy* policy);
#endif
