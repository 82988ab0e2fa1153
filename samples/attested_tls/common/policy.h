// What a client demands of the server enclave, checked on the claims of
// its attested certificate.
#ifndef ATTESTED_TLS_POLICY_H
#define ATTESTED_TLS_POLICY_H
#include <stdint.h>
#include <openenclave/bits/evidence.h>
#include <openenclave/bits/result.h>

typedef struct tls_policy {
    uint8_t signer_id[32];   // MRSIGNER
    uint16_t product_id;     // ISVPRODID
    uint32_t min_security_version;
} tls_policy;

// "hex" (64 digits) → policy->signer_id; 0 on success.
int tls_policy_set_signer(tls_policy* policy, const char* hex);

// An oe_verify_claims_callback_t: OE_OK iff the claims satisfy `arg`
// (a tls_policy).
oe_result_t tls_policy_check(oe_claim_t* claims, size_t claims_length, void* arg);
#endif
