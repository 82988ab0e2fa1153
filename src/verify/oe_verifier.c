/* OE's verifier API (attestation/verifier.h) over keep_verify_quote():
 * SGX ECDSA evidence (quote ‖ custom claims, report data = SHA-256 of the
 * custom claims) and raw quotes, verified offline against endorsements. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openenclave/attestation/sgx/evidence.h>
#include <openenclave/attestation/verifier.h>

#include "keep_roots.h"
#include "oe_claims.h"
#include "oe_endorsements.h"
#include "platform_verify.h"
#include "quote.h"
#include "util.h"

#define OE_ATTESTATION_HEADER_VERSION 3
#define HEADER_SIZE 32 /* u32 version, uuid, pad to 8, u64 data_size */

static const oe_uuid_t sgx_ecdsa = {OE_FORMAT_UUID_SGX_ECDSA};
static const oe_uuid_t raw_quote = {OE_FORMAT_UUID_RAW_SGX_QUOTE_ECDSA};
/* oe_get_report's remote report: OE's 16-byte report header, then a quote. */
static const oe_uuid_t legacy_report = {OE_FORMAT_UUID_LEGACY_REPORT_REMOTE};
#define OE_REPORT_HEADER_SIZE 16

/* liboehost's oe_verify_report verifies remote reports with this, when
 * the application links liboehost too (a weak reference: verifier-only
 * programs do not have it). */
void keep_host_set_quote_verifier(oe_result_t (*verifier)(const uint8_t*, size_t))
    __attribute__((weak));

static oe_result_t verify_remote_report(const uint8_t* quote, size_t size)
{
    return oe_verify_evidence(&raw_quote, quote, size, NULL, 0, NULL, 0, NULL, NULL);
}

/* And the sim backend's in-process platform verifies enclaves' remote
 * evidence (VERIFY_EVIDENCE) with this. */
void keep_host_set_platform_verifier(oe_result_t (*verifier)(const void*, bool, const uint8_t*,
                                                             size_t, uint8_t*, size_t, size_t*))
    __attribute__((weak));

__attribute__((constructor)) static void register_with_host(void)
{
    if (keep_host_set_quote_verifier)
        keep_host_set_quote_verifier(verify_remote_report);
    if (keep_host_set_platform_verifier)
        keep_host_set_platform_verifier(keep_verify_platform_request);
}

oe_result_t oe_verifier_initialize(void)
{
    return OE_OK;
}

oe_result_t oe_verifier_shutdown(void)
{
    return OE_OK;
}

oe_result_t oe_verifier_get_formats(oe_uuid_t** ids, size_t* count)
{
    if (!ids || !count)
        return OE_INVALID_PARAMETER;
    *ids = malloc(3 * sizeof(oe_uuid_t));
    *count = *ids ? 3 : 0;
    if (!*ids)
        return OE_OUT_OF_MEMORY;
    (*ids)[0] = sgx_ecdsa;
    (*ids)[1] = raw_quote;
    (*ids)[2] = legacy_report;
    return OE_OK;
}

oe_result_t oe_verifier_free_formats(oe_uuid_t* ids)
{
    free(ids);
    return OE_OK;
}

static int known(const oe_uuid_t* id)
{
    return !memcmp(id, &sgx_ecdsa, sizeof(*id)) ||
           !memcmp(id, &raw_quote, sizeof(*id)) ||
           !memcmp(id, &legacy_report, sizeof(*id));
}

oe_result_t oe_verifier_get_format_settings(const oe_uuid_t* id,
                                            uint8_t** settings,
                                            size_t* settings_size)
{
    if (!id || !settings || !settings_size)
        return OE_INVALID_PARAMETER;
    *settings = NULL;
    *settings_size = 0;
    return known(id) ? OE_OK : OE_NOT_FOUND;
}

oe_result_t oe_verifier_free_format_settings(uint8_t* settings)
{
    free(settings);
    return OE_OK;
}

/* Strips an attestation header, checking its version and exact size. */
static int strip_header(const uint8_t** buf, size_t* len, oe_uuid_t* id)
{
    if (*len < HEADER_SIZE || keep_le32(*buf) != OE_ATTESTATION_HEADER_VERSION ||
        keep_le64(*buf + 24) != *len - HEADER_SIZE)
        return -1;
    memcpy(id->b, *buf + 4, OE_UUID_SIZE);
    *buf += HEADER_SIZE;
    *len -= HEADER_SIZE;
    return 0;
}

/* Strips OE's remote report header (version 1, type 2, exact size). */
static int strip_oe_report(const uint8_t** buf, size_t* len)
{
    if (*len < OE_REPORT_HEADER_SIZE || keep_le32(*buf) != 1 || keep_le32(*buf + 4) != 2 ||
        keep_le64(*buf + 8) != *len - OE_REPORT_HEADER_SIZE)
        return -1;
    *buf += OE_REPORT_HEADER_SIZE;
    *len -= OE_REPORT_HEADER_SIZE;
    return 0;
}

static int64_t datetime_to_epoch(const oe_datetime_t* d)
{
    char s[32];
    int64_t t = 0;
    keep_fmt(s, sizeof(s), "%04u-%02u-%02uT%02u:%02u:%02uZ", d->year,
             d->month, d->day, d->hours, d->minutes, d->seconds);
    return keep_verify_parse_time(&t, s) == OE_OK ? t : -1;
}

/* The verification time: OE_POLICY_ENDORSEMENTS_TIME, else creation. */
static oe_result_t policy_time(int64_t* at, const oe_policy_t* p, size_t n,
                               int64_t created)
{
    *at = created ? created : (int64_t)time(NULL);
    for (size_t i = 0; i < n; i++) {
        if (p[i].type != OE_POLICY_ENDORSEMENTS_TIME)
            return OE_UNSUPPORTED;
        if (!p[i].policy || p[i].policy_size != sizeof(oe_datetime_t))
            return OE_INVALID_PARAMETER;
        *at = datetime_to_epoch(p[i].policy);
        if (*at < 0)
            return OE_INVALID_UTC_DATE_TIME;
    }
    return OE_OK;
}

/* SGX_ECDSA: quote ‖ custom claims; report data[0..32) = SHA-256(claims)
 * when claims are present. */
static oe_result_t split_evidence(const oe_uuid_t* id, const uint8_t* buf,
                                  size_t len, size_t* quote_len)
{
    *quote_len = len;
    if (!memcmp(id, &raw_quote, sizeof(*id)) || !memcmp(id, &legacy_report, sizeof(*id)))
        return OE_OK;
    if (KEEP_QUOTE_SIG_DATA_OFFSET > len)
        return OE_QUOTE_VERIFICATION_ERROR;
    uint32_t sig_len = keep_le32(buf + KEEP_QUOTE_SIG_LEN_OFFSET);
    if (sig_len > len - KEEP_QUOTE_SIG_DATA_OFFSET)
        return OE_QUOTE_VERIFICATION_ERROR;
    *quote_len = KEEP_QUOTE_SIG_DATA_OFFSET + (size_t)sig_len;
    return OE_OK;
}

static oe_result_t check_custom(const keep_verify_result_t* res,
                                const uint8_t* custom, size_t size)
{
    uint8_t h[32];
    if (size == 0)
        return OE_OK;
    if (keep_sha256(h, custom, size))
        return OE_CRYPTO_ERROR;
    return memcmp(h, res->identity.report_data, 32) ? OE_QUOTE_HASH_MISMATCH
                                                    : OE_OK;
}

/* Keep simulation evidence proves nothing; it is accepted only when the
 * relying party says so (docs/platform.md). */
static int allow_simulation(void)
{
    const char* env = getenv("KEEP_ALLOW_SIMULATION");
    return env && strcmp(env, "1") == 0;
}

typedef struct evidence_in {
    oe_uuid_t id;
    const uint8_t* buf;
    size_t len;
    const uint8_t* end;
    size_t end_len;
    const keep_root* root; /* NULL: the trusted Keep roots (keep_roots.c) */
    int allow_simulation;
} evidence_in_t;

static oe_result_t verify_keep(keep_verify_result_t* res, const evidence_in_t* in,
                               size_t qlen, int64_t at)
{
    if (in->root)
        return keep_root_verify(res, in->root, in->buf, qlen, at, in->allow_simulation);
    return keep_verify_keep_quote(res, in->buf, qlen, at, in->allow_simulation);
}

static oe_result_t verify(const evidence_in_t* in, const oe_policy_t* pol,
                          size_t npol, oe_claim_t** claims, size_t* nclaims)
{
    keep_verify_collateral_t* coll = NULL;
    keep_verify_result_t* res = calloc(1, sizeof(*res));
    keep_verify_options_t opts = {0};
    int64_t created = 0;
    size_t qlen = 0;
    oe_result_t r = res ? keep_verify_collateral_new(&coll) : OE_OUT_OF_MEMORY;
    if (r == OE_OK && in->end)
        r = keep_oe_endorsements_load(coll, &created, in->end, in->end_len);
    if (r == OE_OK)
        r = policy_time(&opts.at, pol, npol, created);
    if (r == OE_OK)
        r = split_evidence(&in->id, in->buf, in->len, &qlen);
    int sim = 0;
    if (r == OE_OK && keep_verify_is_keep_quote(in->buf, qlen, &sim))
        r = verify_keep(res, in, qlen, opts.at);
    else if (r == OE_OK)
        r = keep_verify_quote(res, in->buf, qlen, coll, &opts);
    if (r == OE_OK)
        r = check_custom(res, in->buf + qlen, in->len - qlen);
    if (r == OE_OK && claims)
        r = keep_oe_claims_build(claims, nclaims, res, &in->id, in->buf + qlen,
                                 in->len - qlen);
    if (r == OE_OK && res->tcb.status != KEEP_TCB_UP_TO_DATE &&
        res->tcb.status != KEEP_TCB_SW_HARDENING_NEEDED)
        r = OE_TCB_LEVEL_INVALID; /* claims stay: OE returns them too */
    keep_verify_collateral_free(coll);
    free(res);
    return r;
}

oe_result_t keep_verify_evidence_with(const keep_root* root, int allow_sim,
                                      const oe_uuid_t* format_id,
                                      const uint8_t* evidence, size_t evidence_size,
                                      const uint8_t* endorsements,
                                      size_t endorsements_size,
                                      const oe_policy_t* policies, size_t policies_size,
                                      oe_claim_t** claims, size_t* claims_length)
{
    evidence_in_t in = {.buf = evidence, .len = evidence_size,
                        .end = endorsements, .end_len = endorsements_size,
                        .root = root, .allow_simulation = allow_sim};
    if (claims)
        *claims = NULL;
    if (claims_length)
        *claims_length = 0;
    if (!evidence || (claims && !claims_length) ||
        (policies_size && !policies) || (!endorsements && endorsements_size))
        return OE_INVALID_PARAMETER;
    if (format_id) {
        in.id = *format_id;
    } else if (strip_header(&in.buf, &in.len, &in.id)) {
        return OE_INVALID_PARAMETER;
    }
    oe_uuid_t end_id;
    if (!format_id && in.end &&
        strip_header(&in.end, &in.end_len, &end_id) == 0 &&
        memcmp(&end_id, &in.id, sizeof(end_id)) != 0)
        return OE_INVALID_PARAMETER;
    if (!known(&in.id))
        return OE_NOT_FOUND;
    if (!memcmp(&in.id, &legacy_report, sizeof(in.id)) && strip_oe_report(&in.buf, &in.len))
        return OE_REPORT_PARSE_ERROR;
    return verify(&in, policies, policies_size, claims, claims_length);
}

oe_result_t oe_verify_evidence(const oe_uuid_t* format_id,
                               const uint8_t* evidence, size_t evidence_size,
                               const uint8_t* endorsements,
                               size_t endorsements_size,
                               const oe_policy_t* policies, size_t policies_size,
                               oe_claim_t** claims, size_t* claims_length)
{
    return keep_verify_evidence_with(NULL, allow_simulation(), format_id, evidence,
                                     evidence_size, endorsements, endorsements_size,
                                     policies, policies_size, claims, claims_length);
}
