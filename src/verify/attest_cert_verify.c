/* Verifying an attested TLS certificate (openenclave-api.md §2.7), on the
 * host (liboehostverify) and in the enclave (liboeenclave, compiled with
 * KEEP_ENCLAVE_SIDE): the self-signature and evidence extension
 * (attest_cert_parse.c), the evidence by oe_verify_evidence, then the
 * binding of the certificate's key: the custom claims must be its PEM, or
 * (OE's older certificates) the report data must start with its SHA-256. */
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <openenclave/attestation/sgx/evidence.h>
#include <openenclave/attestation/verifier.h>
#ifdef KEEP_ENCLAVE_SIDE
#include <openenclave/enclave.h>
#else
#include <openenclave/host_verify.h>
#endif

#include "attest_cert.h"

static const oe_claim_t *find_claim(const oe_claim_t *claims, size_t count, const char *name)
{
    for (size_t i = 0; i < count; i++)
        if (claims[i].name && strcmp(claims[i].name, name) == 0)
            return &claims[i];
    return NULL;
}

/* `value` is the PEM, with or without its terminating NUL. */
static bool is_pem(const keep_attest_cert *c, const uint8_t *value, size_t size)
{
    size_t n = c->public_key_pem_size;
    if (size != n && size != n + 1)
        return false;
    return CRYPTO_memcmp(value, c->public_key_pem, size) == 0;
}

static bool hash_matches(const keep_attest_cert *c, const uint8_t *report_data, size_t size)
{
    uint8_t hash[SHA256_DIGEST_LENGTH];
    for (size_t extra = 0; extra <= 1 && size >= sizeof(hash); extra++) {
        SHA256((const uint8_t *)c->public_key_pem, c->public_key_pem_size + extra, hash);
        if (CRYPTO_memcmp(hash, report_data, sizeof(hash)) == 0)
            return true;
    }
    return false;
}

static oe_result_t check_binding(const keep_attest_cert *c, const oe_claim_t *claims,
                                 size_t count)
{
    const oe_claim_t *custom = find_claim(claims, count, OE_CLAIM_CUSTOM_CLAIMS_BUFFER);
    const oe_claim_t *data = find_claim(claims, count, OE_CLAIM_SGX_REPORT_DATA);
    if (custom && is_pem(c, custom->value, custom->value_size))
        return OE_OK;
    if (!custom && data && hash_matches(c, data->value, data->value_size))
        return OE_OK;
    return OE_VERIFY_FAILED;
}

oe_result_t oe_verify_attestation_certificate_with_evidence_v2(
    uint8_t *certificate_in_der, size_t certificate_in_der_size, uint8_t *endorsements_buffer,
    size_t endorsements_buffer_size, oe_policy_t *policies, size_t policies_size,
    oe_claim_t **claims, size_t *claims_length)
{
    static const oe_uuid_t legacy = {OE_FORMAT_UUID_LEGACY_REPORT_REMOTE};
    if (!claims || !claims_length)
        return OE_INVALID_PARAMETER;
    *claims = NULL;
    *claims_length = 0;
    keep_attest_cert c;
    oe_result_t result = keep_attest_cert_parse(&c, certificate_in_der, certificate_in_der_size);
    if (result != OE_OK)
        return result;
    result = oe_verify_evidence(c.kind == KEEP_CERT_REPORT ? &legacy : NULL, c.evidence,
                                c.evidence_size, endorsements_buffer, endorsements_buffer_size,
                                policies, policies_size, claims, claims_length);
    if (result == OE_OK)
        result = check_binding(&c, *claims, *claims_length);
    if (result != OE_OK) {
        oe_free_claims(*claims, *claims_length);
        *claims = NULL;
        *claims_length = 0;
    }
    keep_attest_cert_free(&c);
    return result;
}

oe_result_t oe_verify_attestation_certificate_with_evidence(uint8_t *cert_in_der,
                                                            size_t cert_in_der_len,
                                                            oe_verify_claims_callback_t callback,
                                                            void *arg)
{
    oe_claim_t *claims = NULL;
    size_t count = 0;
    oe_result_t result = oe_verify_attestation_certificate_with_evidence_v2(
        cert_in_der, cert_in_der_len, NULL, 0, NULL, 0, &claims, &count);
    if (result == OE_OK && callback)
        result = callback(claims, count, arg);
    oe_free_claims(claims, count);
    return result;
}

/* Copies a claim of at most `size` bytes. */
static bool take(void *out, size_t size, const oe_claim_t *c, size_t count, const char *name)
{
    const oe_claim_t *claim = find_claim(c, count, name);
    if (!claim || claim->value_size > size)
        return false;
    memcpy(out, claim->value, claim->value_size);
    return true;
}

static oe_result_t to_identity(oe_identity_t *id, const oe_claim_t *c, size_t count)
{
    memset(id, 0, sizeof(*id));
    uint64_t attributes = 0;
    bool ok = take(&id->security_version, sizeof(id->security_version), c, count,
                   OE_CLAIM_SECURITY_VERSION) &&
              take(&attributes, sizeof(attributes), c, count, OE_CLAIM_ATTRIBUTES) &&
              take(id->unique_id, sizeof(id->unique_id), c, count, OE_CLAIM_UNIQUE_ID) &&
              take(id->signer_id, sizeof(id->signer_id), c, count, OE_CLAIM_SIGNER_ID) &&
              take(id->product_id, sizeof(id->product_id), c, count, OE_CLAIM_PRODUCT_ID);
    /* OE's report attributes: debug as in the evidence, and remote. */
    id->attributes = OE_REPORT_ATTRIBUTES_REMOTE |
                     (attributes & OE_EVIDENCE_ATTRIBUTES_SGX_DEBUG ? OE_REPORT_ATTRIBUTES_DEBUG
                                                                    : 0);
    return ok ? OE_OK : OE_VERIFY_FAILED;
}

oe_result_t oe_verify_attestation_certificate(uint8_t *cert_in_der, size_t cert_in_der_len,
                                              oe_identity_verify_callback_t callback, void *arg)
{
    oe_claim_t *claims = NULL;
    size_t count = 0;
    oe_result_t result = oe_verify_attestation_certificate_with_evidence_v2(
        cert_in_der, cert_in_der_len, NULL, 0, NULL, 0, &claims, &count);
    oe_identity_t identity;
    if (result == OE_OK)
        result = to_identity(&identity, claims, count);
    if (result == OE_OK && callback)
        result = callback(&identity, arg);
    oe_free_claims(claims, count);
    return result;
}
