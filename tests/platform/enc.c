/* The platform tests' enclave: thin wrappers that run the sealing and
 * key API inside the enclave and hand the results to the host. */
#include <string.h>

#include <openenclave/enclave.h>
#include <openenclave/seal.h>
#include <openenclave/sgx/seal.h>

#include "pt_t.h"

static int policy_setting(int policy, oe_seal_setting_t *setting)
{
    oe_seal_setting_t s = OE_SEAL_SET_POLICY(policy);
    *setting = s;
    return policy != 0;
}

int pt_seal(int policy, const uint8_t *data, size_t data_size, const uint8_t *aad,
            size_t aad_size, uint8_t *blob, size_t cap, size_t *blob_size)
{
    oe_seal_setting_t setting;
    int count = policy_setting(policy, &setting);
    uint8_t *out = NULL;
    size_t out_size = 0;
    oe_result_t r = oe_seal(NULL, count ? &setting : NULL, (size_t)count, data, data_size, aad,
                            aad_size, &out, &out_size);
    if (r == OE_OK && out_size > cap)
        r = OE_BUFFER_TOO_SMALL;
    if (r == OE_OK)
        memcpy(blob, out, out_size);
    *blob_size = out_size;
    oe_free(out);
    return r;
}

int pt_unseal(const uint8_t *blob, size_t blob_size, const uint8_t *aad, size_t aad_size,
              uint8_t *data, size_t cap, size_t *data_size)
{
    uint8_t *out = NULL;
    size_t out_size = 0;
    oe_result_t r = oe_unseal(blob, blob_size, aad, aad_size, &out, &out_size);
    if (r == OE_OK && out_size > cap)
        r = OE_BUFFER_TOO_SMALL;
    if (r == OE_OK && out_size)
        memcpy(data, out, out_size);
    *data_size = out_size;
    oe_free(out);
    return r;
}

int pt_seal_setting(int type, uint64_t value, const uint8_t *buf, uint32_t size)
{
    oe_seal_setting_t s = {.type = type, .size = size};
    if (buf)
        s.value.p = buf;
    else
        s.value.q = value;
    uint8_t *blob = NULL;
    size_t blob_size = 0;
    const uint8_t msg[] = "setting";
    oe_result_t r = oe_seal(NULL, &s, 1, msg, sizeof(msg), NULL, 0, &blob, &blob_size);
    if (r == OE_OK) {
        uint8_t *back = NULL;
        size_t back_size = 0;
        r = oe_unseal(blob, blob_size, NULL, 0, &back, &back_size);
        if (r == OE_OK && (back_size != sizeof(msg) || memcmp(back, msg, sizeof(msg))))
            r = OE_FAILURE;
        oe_free(back);
    }
    oe_free(blob);
    return r;
}

int pt_seal_key(int policy, uint8_t *key, uint8_t *info, size_t *key_size)
{
    uint8_t *k = NULL, *i = NULL;
    size_t ks = 0, is = 0;
    oe_result_t r = oe_get_seal_key_by_policy((oe_seal_policy_t)policy, &k, &ks, &i, &is);
    if (r == OE_OK && (ks != 32 || is != 512))
        r = OE_FAILURE;
    if (r == OE_OK) {
        memcpy(key, k, 32);
        memcpy(info, i, 512);
    }
    *key_size = ks;
    oe_free_seal_key(k, i);
    return r;
}

int pt_seal_key_again(const uint8_t *info, size_t info_size, uint8_t *key)
{
    uint8_t *k = NULL;
    size_t ks = 0;
    oe_result_t r = oe_get_seal_key(info, info_size, &k, &ks);
    if (r == OE_OK && ks != 32)
        r = OE_FAILURE;
    if (r == OE_OK)
        memcpy(key, k, 32);
    oe_free_seal_key(k, NULL);
    return r;
}

/* Returns 0 when every misuse is refused as documented, else the step. */
int pt_seal_misuse(void)
{
    uint8_t *blob = NULL, *plain = NULL;
    size_t size = 0, psize = 0;
    const uint8_t msg[4] = "abc";
    static const oe_uuid_t unknown = {{1, 2, 3}};
    if (oe_seal(NULL, NULL, 1, msg, 4, NULL, 0, &blob, &size) != OE_INVALID_PARAMETER)
        return 1;
    if (oe_seal(NULL, NULL, 0, NULL, 4, NULL, 0, &blob, &size) != OE_INVALID_PARAMETER)
        return 2;
    if (oe_seal(NULL, NULL, 0, msg, 4, NULL, 0, NULL, &size) != OE_INVALID_PARAMETER)
        return 3;
    if (oe_seal(&unknown, NULL, 0, msg, 4, NULL, 0, &blob, &size) != OE_NOT_FOUND)
        return 4;
    if (oe_seal(&oe_seal_plugin_gcm_aes.id, NULL, 0, msg, 4, NULL, 0, &blob, &size) != OE_OK)
        return 5;
    /* plaintext without its size, and a host pointer, are refused */
    if (oe_unseal(blob, size, NULL, 0, &plain, NULL) != OE_INVALID_PARAMETER)
        return 6;
    void *host = oe_host_malloc(4);
    if (oe_seal(NULL, NULL, 0, host, 4, NULL, 0, &plain, &psize) != OE_INVALID_PARAMETER)
        return 7;
    oe_host_free(host);
    /* verify only: no plaintext wanted */
    if (oe_unseal(blob, size, NULL, 0, NULL, NULL) != OE_OK)
        return 8;
    if (oe_unregister_seal_plugin(&unknown) != OE_NOT_FOUND)
        return 9;
    if (oe_register_seal_plugin(&oe_seal_plugin_gcm_aes, true) != OE_OK)
        return 10;
    if (oe_get_seal_key_by_policy((oe_seal_policy_t)7, &plain, &psize, NULL, NULL) !=
        OE_INVALID_PARAMETER)
        return 11;
    oe_free(blob);
    return 0;
}

int pt_get_report(uint32_t flags, const uint8_t *data, size_t data_size, const uint8_t *ti,
                  size_t ti_size, uint8_t *report, size_t cap, size_t *report_size)
{
    uint8_t *buf = NULL;
    size_t size = 0;
    oe_result_t r = oe_get_report(flags, data, data_size, ti, ti_size, &buf, &size);
    if (r == OE_OK && size > cap)
        r = OE_BUFFER_TOO_SMALL;
    if (r == OE_OK)
        memcpy(report, buf, size);
    *report_size = size;
    oe_free_report(buf);
    return r;
}

int pt_verify_report(const uint8_t *report, size_t size, uint8_t *signer_id, uint32_t *svn)
{
    oe_report_t parsed;
    memset(&parsed, 0, sizeof(parsed));
    oe_result_t r = oe_verify_report(report, size, &parsed);
    memcpy(signer_id, parsed.identity.signer_id, 32);
    *svn = parsed.identity.security_version;
    return r;
}

#include <openenclave/attestation/attester.h>
#include <openenclave/attestation/sgx/evidence.h>
#include <openenclave/attestation/verifier.h>
#include <openenclave/attestation/custom_claims.h>

int pt_get_evidence(const uint8_t *format, uint32_t flags, const uint8_t *claims,
                    size_t claims_size, const uint8_t *opt, size_t opt_size, uint8_t *evidence,
                    size_t cap, size_t *evidence_size)
{
    oe_uuid_t id;
    memcpy(id.b, format, sizeof(id.b));
    uint8_t *ev = NULL, *end = NULL;
    size_t ev_size = 0, end_size = 0;
    oe_result_t r = oe_attester_initialize();
    if (r == OE_OK)
        r = oe_get_evidence(&id, flags, claims, claims_size, opt, opt_size, &ev, &ev_size, &end,
                            &end_size);
    if (r == OE_OK && ev_size > cap)
        r = OE_BUFFER_TOO_SMALL;
    if (r == OE_OK)
        memcpy(evidence, ev, ev_size);
    *evidence_size = ev_size;
    oe_free_evidence(ev);
    oe_free_endorsements(end);
    return r;
}

int pt_local_settings(uint8_t *settings, size_t *size)
{
    static const oe_uuid_t local = {OE_FORMAT_UUID_SGX_LOCAL_ATTESTATION};
    uint8_t *s = NULL;
    size_t n = 0;
    oe_result_t r = oe_verifier_get_format_settings(&local, &s, &n);
    if (r == OE_OK && n != 512)
        r = OE_FAILURE;
    if (r == OE_OK)
        memcpy(settings, s, n);
    *size = n;
    oe_verifier_free_format_settings(s);
    return r;
}

/* embedded: 1 the format is in the evidence, 0 LOCAL given, 2 SGX_ECDSA
 * given. Remote evidence must also carry a 32-byte unique id. */
int pt_verify_evidence(int embedded, const uint8_t *evidence, size_t size, uint8_t *signer_id,
                       uint8_t *custom, size_t cap, size_t *custom_size)
{
    static const oe_uuid_t formats[] = {{OE_FORMAT_UUID_SGX_LOCAL_ATTESTATION},
                                        {OE_FORMAT_UUID_SGX_LOCAL_ATTESTATION},
                                        {OE_FORMAT_UUID_SGX_ECDSA}};
    oe_claim_t *claims = NULL;
    size_t count = 0, unique = 0;
    *custom_size = 0;
    if (embedded < 0 || embedded > 2)
        return OE_INVALID_PARAMETER;
    oe_result_t r = oe_verify_evidence(embedded == 1 ? NULL : &formats[embedded], evidence, size,
                                       NULL, 0, NULL, 0, &claims, &count);
    for (size_t i = 0; r == OE_OK && i < count; i++) {
        if (strcmp(claims[i].name, OE_CLAIM_UNIQUE_ID) == 0 && claims[i].value_size == 32)
            unique++;
        if (strcmp(claims[i].name, OE_CLAIM_SIGNER_ID) == 0)
            memcpy(signer_id, claims[i].value, 32);
        if (strcmp(claims[i].name, OE_CLAIM_CUSTOM_CLAIMS_BUFFER) == 0 &&
            claims[i].value_size <= cap) {
            memcpy(custom, claims[i].value, claims[i].value_size);
            *custom_size = claims[i].value_size;
        }
    }
    if (r == OE_OK && unique != 1)
        r = OE_FAILURE;
    oe_free_claims(claims, count);
    return r;
}

int pt_verify_claims(const uint8_t *format, size_t format_size, const uint8_t *evidence,
                     size_t evidence_size, const uint8_t *endorsements, size_t endorsements_size,
                     const uint8_t *time, size_t time_size, uint8_t *claims_out, size_t cap,
                     size_t *claims_size)
{
    oe_uuid_t id;
    oe_datetime_t when;
    oe_policy_t policy = {OE_POLICY_ENDORSEMENTS_TIME, &when, sizeof(when)};
    oe_claim_t *claims = NULL;
    uint8_t *flat = NULL;
    size_t count = 0;
    *claims_size = 0;
    if ((format_size && format_size != sizeof(id)) || (time_size && time_size != sizeof(when)))
        return OE_INVALID_PARAMETER;
    if (format_size)
        memcpy(&id, format, sizeof(id));
    if (time_size)
        memcpy(&when, time, sizeof(when));
    oe_result_t r = oe_verify_evidence(format_size ? &id : NULL, evidence, evidence_size,
                                       endorsements, endorsements_size, time_size ? &policy : NULL,
                                       time_size ? 1 : 0, &claims, &count);
    if (claims && oe_serialize_custom_claims(claims, count, &flat, claims_size) == OE_OK &&
        *claims_size <= cap)
        memcpy(claims_out, flat, *claims_size);
    else if (claims)
        r = OE_BUFFER_TOO_SMALL;
    oe_free_serialized_custom_claims(flat);
    oe_free_claims(claims, count);
    return r;
}

int pt_asym_key(int policy, int private_key, const uint8_t *user, size_t user_size,
                const uint8_t *info, size_t info_size, char *pem, size_t cap, size_t *pem_size,
                uint8_t *info_out)
{
    oe_asymmetric_key_params_t params = {OE_ASYMMETRIC_KEY_EC_SECP256P1, OE_ASYMMETRIC_KEY_PEM,
                                         (void *)user, user_size};
    uint8_t *key = NULL, *key_info = NULL;
    size_t key_size = 0, key_info_size = 0;
    oe_result_t r;
    if (info_size)
        r = private_key ? oe_get_private_key(&params, info, info_size, &key, &key_size)
                        : oe_get_public_key(&params, info, info_size, &key, &key_size);
    else
        r = private_key ? oe_get_private_key_by_policy((oe_seal_policy_t)policy, &params, &key,
                                                       &key_size, &key_info, &key_info_size)
                        : oe_get_public_key_by_policy((oe_seal_policy_t)policy, &params, &key,
                                                      &key_size, &key_info, &key_info_size);
    if (r == OE_OK && key_size > cap)
        r = OE_BUFFER_TOO_SMALL;
    if (r == OE_OK) {
        memcpy(pem, key, key_size);
        if (key_info)
            memcpy(info_out, key_info, 512);
    }
    *pem_size = key_size;
    oe_free_key(key, key_size, key_info, key_info_size);
    return r;
}
