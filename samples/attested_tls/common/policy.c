// Checks the claims of the server's attested certificate against the
// client's policy: the signer (constant-time compare), the product, and a
// minimum security version.
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "policy.h"

int tls_policy_set_signer(tls_policy* policy, const char* hex)
{
    if (strlen(hex) != 64)
        return -1;
    for (size_t i = 0; i < 32; i++) {
        unsigned int byte;
        if (sscanf(hex + 2 * i, "%2x", &byte) != 1)
            return -1;
        policy->signer_id[i] = (uint8_t)byte;
    }
    return 0;
}

static const oe_claim_t* find(const oe_claim_t* claims, size_t n, const char* name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(claims[i].name, name) == 0)
            return &claims[i];
    return NULL;
}

oe_result_t tls_policy_check(oe_claim_t* claims, size_t claims_length, void* arg)
{
    const tls_policy* policy = arg;
    const oe_claim_t* signer = find(claims, claims_length, OE_CLAIM_SIGNER_ID);
    const oe_claim_t* product = find(claims, claims_length, OE_CLAIM_PRODUCT_ID);
    const oe_claim_t* svn = find(claims, claims_length, OE_CLAIM_SECURITY_VERSION);
    if (!signer || signer->value_size != 32 || !product || product->value_size < 2 || !svn ||
        svn->value_size != sizeof(uint32_t))
        return OE_VERIFY_FAILED;
    uint32_t version;
    memcpy(&version, svn->value, sizeof(version));
    uint16_t id = (uint16_t)(product->value[0] | product->value[1] << 8);
    if (CRYPTO_memcmp(signer->value, policy->signer_id, 32) != 0) {
        fprintf(stderr, "policy: the server's signer is not the expected one\n");
        return OE_VERIFY_FAILED;
    }
    if (id != policy->product_id || version < policy->min_security_version) {
        fprintf(stderr, "policy: product %u svn %u, expected product %u svn >= %u\n", id,
                version, policy->product_id, policy->min_security_version);
        return OE_VERIFY_FAILED;
    }
    printf("policy: server enclave signer, product %u and security version %u accepted\n", id,
           version);
    return OE_OK;
}
