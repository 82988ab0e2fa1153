// The enclave that produces evidence for host_verify: SGX ECDSA evidence
// with the format id embedded and one custom claim.
#include <openenclave/attestation/attester.h>
#include <openenclave/attestation/custom_claims.h>
#include <openenclave/attestation/sgx/evidence.h>
#include <openenclave/enclave.h>
#include <string.h>

#include "host_verify_t.h"

static const oe_uuid_t format = {OE_FORMAT_UUID_SGX_ECDSA};

int enclave_get_evidence(uint8_t* evidence, size_t capacity, size_t* evidence_size)
{
    static const char greeting[] = "hello from the enclave";
    oe_claim_t claim = {"greeting", (uint8_t*)greeting, sizeof(greeting)};
    uint8_t *claims = NULL, *buffer = NULL;
    size_t claims_size = 0, buffer_size = 0;
    *evidence_size = 0;
    oe_result_t result = oe_serialize_custom_claims(&claim, 1, &claims, &claims_size);
    if (result == OE_OK)
        result = oe_attester_initialize();
    if (result == OE_OK)
        result = oe_get_evidence(&format, OE_EVIDENCE_FLAGS_EMBED_FORMAT_ID, claims, claims_size,
                                 NULL, 0, &buffer, &buffer_size, NULL, NULL);
    if (result == OE_OK && buffer_size > capacity)
        result = OE_BUFFER_TOO_SMALL;
    if (result == OE_OK) {
        memcpy(evidence, buffer, buffer_size);
        *evidence_size = buffer_size;
    }
    oe_free_evidence(buffer);
    oe_free_serialized_custom_claims(claims);
    oe_attester_shutdown();
    return (int)result;
}
