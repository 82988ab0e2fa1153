/* OE claims (openenclave-api.md §2.6) from a keep_verify_result_t. */
#include "oe_claims.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openenclave/attestation/sgx/evidence.h>
#include <openenclave/attestation/verifier.h>

#include "keep_roots.h"
#include "util.h"

#define MAX_CLAIMS 32
#define SGX_FLAGS_DEBUG 0x02u
#define SGX_FLAGS_MODE64BIT 0x04u
#define SGX_FLAGS_PROVISION_KEY 0x10u
#define SGX_FLAGS_EINITTOKEN_KEY 0x20u
#define SGX_FLAGS_KSS 0x80u
#define SGX_MISC_EXINFO 0x1u

const char* OE_REQUIRED_CLAIMS[OE_REQUIRED_CLAIMS_COUNT] = {
    OE_CLAIM_ID_VERSION, OE_CLAIM_SECURITY_VERSION, OE_CLAIM_ATTRIBUTES,
    OE_CLAIM_UNIQUE_ID,  OE_CLAIM_SIGNER_ID,        OE_CLAIM_PRODUCT_ID,
    OE_CLAIM_FORMAT_UUID};

const char* OE_OPTIONAL_CLAIMS[OE_OPTIONAL_CLAIMS_COUNT] = {
    OE_CLAIM_TCB_STATUS,     OE_CLAIM_TCB_DATE, OE_CLAIM_VALIDITY_FROM,
    OE_CLAIM_VALIDITY_UNTIL, OE_CLAIM_UEID,     OE_CLAIM_HARDWARE_MODEL};

typedef struct claim_list {
    oe_claim_t* items;
    size_t count;
    int failed;
} claim_list_t;

static void add(claim_list_t* l, const char* name, const void* value,
                size_t size)
{
    if (l->failed || l->count >= MAX_CLAIMS) {
        l->failed = 1;
        return;
    }
    oe_claim_t* c = &l->items[l->count];
    c->name = strdup(name);
    c->value = malloc(size ? size : 1);
    c->value_size = size;
    if (!c->name || !c->value) {
        free(c->name);
        free(c->value);
        l->failed = 1;
        return;
    }
    memcpy(c->value, value, size);
    l->count++;
}

static void add_bool(claim_list_t* l, const char* name, int v)
{
    uint8_t b = v ? 1 : 0;
    add(l, name, &b, 1);
}

static void add_time(claim_list_t* l, const char* name, int64_t t)
{
    struct tm tm;
    time_t tt = (time_t)t;
    if (!gmtime_r(&tt, &tm))
        return;
    oe_datetime_t dt = {(uint32_t)tm.tm_year + 1900, (uint32_t)tm.tm_mon + 1,
                        (uint32_t)tm.tm_mday, (uint32_t)tm.tm_hour,
                        (uint32_t)tm.tm_min, (uint32_t)tm.tm_sec};
    add(l, name, &dt, sizeof(dt));
}

static void required(claim_list_t* l, const keep_verify_result_t* r,
                     const oe_uuid_t* format)
{
    const keep_quote_identity_t* id = &r->identity;
    uint32_t version = 1, svn = id->isv_svn;
    uint64_t attrs = OE_EVIDENCE_ATTRIBUTES_SGX_REMOTE |
                     (id->debug ? OE_EVIDENCE_ATTRIBUTES_SGX_DEBUG : 0);
    uint8_t product[16] = {(uint8_t)id->isv_prod_id,
                           (uint8_t)(id->isv_prod_id >> 8)};
    add(l, OE_CLAIM_ID_VERSION, &version, sizeof(version));
    add(l, OE_CLAIM_SECURITY_VERSION, &svn, sizeof(svn));
    add(l, OE_CLAIM_ATTRIBUTES, &attrs, sizeof(attrs));
    add(l, OE_CLAIM_UNIQUE_ID, id->mrenclave, 32);
    add(l, OE_CLAIM_SIGNER_ID, id->mrsigner, 32);
    add(l, OE_CLAIM_PRODUCT_ID, product, sizeof(product));
    add(l, OE_CLAIM_FORMAT_UUID, format->b, OE_UUID_SIZE);
}

static void sgx_claims(claim_list_t* l, const keep_verify_result_t* r)
{
    const keep_quote_identity_t* id = &r->identity;
    uint8_t flags = id->attributes[0];
    add_bool(l, OE_CLAIM_SGX_PF_GP_EXINFO_ENABLED,
             id->miscselect & SGX_MISC_EXINFO);
    add(l, OE_CLAIM_SGX_ISV_EXTENDED_PRODUCT_ID, id->isv_ext_prod_id, 16);
    add_bool(l, OE_CLAIM_SGX_IS_MODE64BIT, flags & SGX_FLAGS_MODE64BIT);
    add_bool(l, OE_CLAIM_SGX_HAS_PROVISION_KEY, flags & SGX_FLAGS_PROVISION_KEY);
    add_bool(l, OE_CLAIM_SGX_HAS_EINITTOKEN_KEY,
             flags & SGX_FLAGS_EINITTOKEN_KEY);
    add_bool(l, OE_CLAIM_SGX_USES_KSS, flags & SGX_FLAGS_KSS);
    add(l, OE_CLAIM_SGX_CONFIG_ID, id->config_id, 64);
    add(l, OE_CLAIM_SGX_CONFIG_SVN, &id->config_svn, sizeof(id->config_svn));
    add(l, OE_CLAIM_SGX_ISV_FAMILY_ID, id->isv_family_id, 16);
    add(l, OE_CLAIM_SGX_CPU_SVN, id->cpusvn, 16);
    add(l, OE_CLAIM_SGX_PCE_SVN, &r->pck.pcesvn, sizeof(r->pck.pcesvn));
    add(l, OE_CLAIM_SGX_REPORT_DATA, id->report_data, 64);
}

/* TCB status/date, validity and Keep's own claims. */
static void status_claims(claim_list_t* l, const keep_verify_result_t* r)
{
    uint32_t status = (uint32_t)r->tcb.status;
    int64_t date = 0;
    char adv[KEEP_VERIFY_MAX_ADVISORIES * KEEP_VERIFY_ADVISORY_SIZE] = "";
    add(l, OE_CLAIM_TCB_STATUS, &status, sizeof(status));
    if (keep_verify_parse_time(&date, r->tcb.tcb_date) == OE_OK)
        add_time(l, OE_CLAIM_TCB_DATE, date);
    if (r->collateral_expires)
        add_time(l, OE_CLAIM_VALIDITY_UNTIL, r->collateral_expires);
    for (size_t i = 0; i < r->tcb.advisory_count; i++) {
        if (i)
            strcat(adv, ",");
        strcat(adv, r->tcb.advisories[i]);
    }
    add(l, "keep_tcb_advisories", adv, strlen(adv) + 1);
    if (r->anchor_name)
        add(l, "keep_trust_root", r->anchor_name, strlen(r->anchor_name) + 1);
    const char* backend = keep_verify_backend_of(r);
    add(l, "keep_backend", backend, strlen(backend) + 1);
    /* Keep platforms report their libraries' digest in the QE report's
     * CONFIGID (docs/platform.md); Intel's QE has no such claim. */
    if (strcmp(backend, "sgx") != 0)
        add(l, "keep_platform_libraries", r->qe_identity.config_id, 32);
}

oe_result_t keep_oe_claims_build(oe_claim_t** claims, size_t* count,
                                 const keep_verify_result_t* res,
                                 const oe_uuid_t* format,
                                 const uint8_t* custom, size_t custom_size)
{
    claim_list_t l = {calloc(MAX_CLAIMS, sizeof(oe_claim_t)), 0, 0};
    *claims = NULL;
    *count = 0;
    if (!l.items)
        return OE_OUT_OF_MEMORY;
    required(&l, res, format);
    status_claims(&l, res);
    sgx_claims(&l, res);
    if (custom && custom_size)
        add(&l, OE_CLAIM_CUSTOM_CLAIMS_BUFFER, custom, custom_size);
    if (l.failed) {
        oe_free_claims(l.items, l.count);
        return OE_OUT_OF_MEMORY;
    }
    *claims = l.items;
    *count = l.count;
    return OE_OK;
}

oe_result_t oe_free_claims(oe_claim_t* claims, size_t claims_length)
{
    if (!claims)
        return OE_OK;
    for (size_t i = 0; i < claims_length; i++) {
        free(claims[i].name);
        free(claims[i].value);
    }
    free(claims);
    return OE_OK;
}
