/* Evidence verification inside the enclave (openenclave-api.md §2.6):
 * SGX_LOCAL_ATTESTATION evidence targeted at this enclave, checked by the
 * platform (only the target can); remote evidence (SGX_ECDSA, raw quotes,
 * legacy remote reports) is sent to the platform (VERIFY_EVIDENCE), which
 * runs the host's verifier against the roots it trusts and answers with
 * the claims, serialized as OE custom claims (docs/platform.md). */
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <openenclave/attestation/sgx/evidence.h>
#include <openenclave/attestation/verifier.h>
#include <openenclave/enclave.h>

#include "../common/oe_report.h"
#include "enclave_state.h"
#include "evidence.h"

#define MAX_CLAIMS 12

oe_result_t oe_verifier_initialize(void)
{
    return OE_OK;
}

oe_result_t oe_verifier_shutdown(void)
{
    return OE_OK;
}

oe_result_t oe_verifier_get_formats(oe_uuid_t **format_ids, size_t *format_ids_length)
{
    if (!format_ids || !format_ids_length)
        return OE_INVALID_PARAMETER;
    *format_ids = malloc(sizeof(oe_uuid_t));
    *format_ids_length = *format_ids ? 1 : 0;
    if (!*format_ids)
        return OE_OUT_OF_MEMORY;
    **format_ids = keep_format_local;
    return OE_OK;
}

oe_result_t oe_verifier_free_formats(oe_uuid_t *format_ids)
{
    free(format_ids);
    return OE_OK;
}

/* For local attestation the settings are this enclave's target info: the
 * attester passes them to oe_get_evidence as optional parameters. */
oe_result_t oe_verifier_get_format_settings(const oe_uuid_t *format_id, uint8_t **settings,
                                            size_t *settings_size)
{
    if (!format_id || !settings || !settings_size)
        return OE_INVALID_PARAMETER;
    *settings = NULL;
    *settings_size = 0;
    if (memcmp(format_id, &keep_format_local, sizeof(*format_id)) != 0)
        return memcmp(format_id, &keep_format_sgx_ecdsa, sizeof(*format_id)) ? OE_NOT_FOUND
                                                                             : OE_OK;
    uint8_t *report = NULL;
    size_t size = 0;
    oe_result_t result = oe_get_report(0, NULL, 0, NULL, 0, &report, &size);
    if (result == OE_OK)
        result = oe_get_target_info(report, size, (void **)settings, settings_size);
    oe_free_report(report);
    return result;
}

oe_result_t oe_verifier_free_format_settings(uint8_t *settings)
{
    free(settings);
    return OE_OK;
}

typedef struct claim_list {
    oe_claim_t items[MAX_CLAIMS];
    size_t count;
    bool failed;
} claim_list;

static void add(claim_list *l, const char *name, const void *value, size_t size)
{
    if (l->failed || l->count == MAX_CLAIMS) {
        l->failed = true;
        return;
    }
    oe_claim_t *c = &l->items[l->count];
    c->name = strdup(name);
    c->value = malloc(size ? size : 1);
    c->value_size = size;
    l->failed = !c->name || !c->value;
    if (c->value && size)
        memcpy(c->value, value, size);
    l->count++;
}

static oe_result_t build_claims(const keep_sgx_report_body *b, const uint8_t *custom,
                                size_t custom_size, oe_claim_t **claims, size_t *count)
{
    claim_list l = {.count = 0};
    uint32_t version = 1, svn = b->isv_svn;
    uint64_t attributes = b->attributes.flags & KEEP_SGX_FLAGS_DEBUG
                              ? OE_EVIDENCE_ATTRIBUTES_SGX_DEBUG : 0;
    uint8_t product[16] = {(uint8_t)b->isv_prod_id, (uint8_t)(b->isv_prod_id >> 8)};
    add(&l, OE_CLAIM_ID_VERSION, &version, sizeof(version));
    add(&l, OE_CLAIM_SECURITY_VERSION, &svn, sizeof(svn));
    add(&l, OE_CLAIM_ATTRIBUTES, &attributes, sizeof(attributes));
    add(&l, OE_CLAIM_UNIQUE_ID, b->mr_enclave, 32);
    add(&l, OE_CLAIM_SIGNER_ID, b->mr_signer, 32);
    add(&l, OE_CLAIM_PRODUCT_ID, product, sizeof(product));
    add(&l, OE_CLAIM_FORMAT_UUID, keep_format_local.b, OE_UUID_SIZE);
    add(&l, OE_CLAIM_SGX_REPORT_DATA, b->report_data, sizeof(b->report_data));
    if (custom_size)
        add(&l, OE_CLAIM_CUSTOM_CLAIMS_BUFFER, custom, custom_size);
    oe_claim_t *out = l.failed ? NULL : malloc(l.count * sizeof(*out));
    if (!out) {
        for (size_t i = 0; i < l.count; i++)
            free(l.items[i].name), free(l.items[i].value);
        return OE_OUT_OF_MEMORY;
    }
    memcpy(out, l.items, l.count * sizeof(*out));
    *claims = out;
    *count = l.count;
    return OE_OK;
}

/* Strips OE's attestation header when the format is embedded. */
static oe_result_t unwrap(const oe_uuid_t *format_id, const uint8_t **buf, size_t *size)
{
    if (format_id)
        return memcmp(format_id, &keep_format_local, sizeof(*format_id)) ? OE_UNSUPPORTED : OE_OK;
    uint32_t version;
    uint64_t data_size;
    if (*size < KEEP_ATTESTATION_HEADER_SIZE)
        return OE_INVALID_PARAMETER;
    memcpy(&version, *buf, 4);
    memcpy(&data_size, *buf + 24, 8);
    if (version != KEEP_ATTESTATION_HEADER_VERSION ||
        data_size != *size - KEEP_ATTESTATION_HEADER_SIZE)
        return OE_INVALID_PARAMETER;
    if (memcmp(*buf + 4, keep_format_local.b, OE_UUID_SIZE) != 0)
        return OE_UNSUPPORTED;
    *buf += KEEP_ATTESTATION_HEADER_SIZE;
    *size -= KEEP_ATTESTATION_HEADER_SIZE;
    return OE_OK;
}

oe_result_t oe_verify_evidence(const oe_uuid_t *format_id, const uint8_t *evidence_buffer,
                               size_t evidence_buffer_size, const uint8_t *endorsements_buffer,
                               size_t endorsements_buffer_size, const oe_policy_t *policies,
                               size_t policies_size, oe_claim_t **claims, size_t *claims_length)
{
    if (claims)
        *claims = NULL;
    if (claims_length)
        *claims_length = 0;
    if (!evidence_buffer || (claims && !claims_length) || (policies_size && !policies) ||
        (!endorsements_buffer && endorsements_buffer_size))
        return OE_INVALID_PARAMETER;
    const uint8_t *buf = evidence_buffer;
    size_t size = evidence_buffer_size;
    oe_result_t result = unwrap(format_id, &buf, &size);
    if (result == OE_UNSUPPORTED) /* not local: the platform's */
        return keep_enclave_verify_remote(format_id, evidence_buffer, evidence_buffer_size,
                                          endorsements_buffer, endorsements_buffer_size,
                                          policies, policies_size, claims, claims_length);
    if (result != OE_OK)
        return result;
    if (size < sizeof(keep_sgx_report))
        return OE_REPORT_PARSE_ERROR;
    keep_sgx_report report;
    memcpy(&report, buf, sizeof(report));
    result = keep_enclave_platform_request(KEEP_PLATFORM_OP_VERIFY_REPORT, &report,
                                           sizeof(report), NULL, 0, NULL);
    if (result != OE_OK)
        return result;
    const uint8_t *custom = buf + sizeof(report);
    size_t custom_size = size - sizeof(report);
    uint8_t hash[32];
    SHA256(custom_size ? custom : (const uint8_t *)"", custom_size, hash);
    if (CRYPTO_memcmp(hash, report.body.report_data, sizeof(hash)) != 0)
        return OE_QUOTE_HASH_MISMATCH;
    return claims ? build_claims(&report.body, custom, custom_size, claims, claims_length) : OE_OK;
}

oe_result_t oe_free_claims(oe_claim_t *claims, size_t claims_length)
{
    for (size_t i = 0; claims && i < claims_length; i++) {
        free(claims[i].name);
        free(claims[i].value);
    }
    free(claims);
    return OE_OK;
}
