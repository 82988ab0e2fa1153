/* See identity.h. */
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "identity.h"

/* The SIGSTRUCT binds what the properties say: a mismatch means a signer
 * or an image that cannot be trusted. */
static oe_result_t compare_properties(const keep_sigstruct *s,
                                      const oe_sgx_enclave_properties_t *p, keep_why *why)
{
    const oe_sgx_enclave_config_t *c = &p->config;
    if (s->isv_product_id != c->product_id)
        keep_why_set(why, "properties: the product id in .oeinfo (%u) differs from the "
                          "SIGSTRUCT's (%u)", c->product_id, s->isv_product_id);
    else if (s->isv_svn != c->security_version)
        keep_why_set(why, "properties: the security version in .oeinfo (%u) differs from the "
                          "SIGSTRUCT's (%u)", c->security_version, s->isv_svn);
    else if (s->attributes != c->attributes)
        keep_why_set(why, "properties: the attributes in .oeinfo (0x%llx) differ from the "
                          "SIGSTRUCT's (0x%llx)", (unsigned long long)c->attributes,
                     (unsigned long long)s->attributes);
    else if (memcmp(s->isv_family_id, c->family_id, 16) != 0 ||
             memcmp(s->isv_ext_product_id, c->extended_product_id, 16) != 0)
        keep_why_set(why, "properties: the family or extended product id in .oeinfo differs "
                          "from the SIGSTRUCT's");
    else
        return OE_OK;
    return OE_INVALID_IMAGE;
}

static oe_result_t check_signed(keep_identity *id, keep_why *why)
{
    keep_sigstruct s;
    keep_why inner = {{0}};
    oe_result_t result = keep_sigstruct_parse(&s, id->properties.sigstruct,
                                              sizeof(id->properties.sigstruct), &inner);
    if (result == OE_OK)
        result = keep_sigstruct_verify(&s, &inner);
    if (result != OE_OK) {
        keep_why_set(why, "signature: %s", inner.text);
        return result;
    }
    result = keep_sigstruct_mrsigner(id->signer_id, &s);
    if (result == OE_OK)
        result = compare_properties(&s, &id->properties, why);
    if (result == OE_OK && CRYPTO_memcmp(s.enclave_hash, id->unique_id, KEEP_SHA256_SIZE)) {
        char have[65], want[65];
        keep_hex_encode(have, id->unique_id, KEEP_SHA256_SIZE);
        keep_hex_encode(want, s.enclave_hash, KEEP_SHA256_SIZE);
        keep_why_set(why, "measurement: the image measures %s but was signed as %s (code, data, "
                          "relocations or properties changed after signing)", have, want);
        result = OE_INVALID_IMAGE;
    }
    return result;
}

oe_result_t keep_identity_read(keep_identity *identity, const uint8_t *image, size_t size,
                               keep_why *why)
{
    memset(identity, 0, sizeof(*identity));
    keep_oeinfo oeinfo;
    oe_result_t result = keep_oeinfo_find(&oeinfo, image, size, why);
    if (result == OE_OK)
        result = keep_measure(identity->unique_id, image, size, why);
    if (result != OE_OK) {
        memset(identity, 0, sizeof(*identity));
        return result;
    }
    identity->properties = oeinfo.properties;
    identity->product_id = oeinfo.properties.config.product_id;
    identity->security_version = oeinfo.properties.config.security_version;
    identity->attributes = oeinfo.properties.config.attributes;
    identity->is_signed = !keep_sigstruct_is_empty(oeinfo.properties.sigstruct,
                                                   sizeof(oeinfo.properties.sigstruct));
    if (identity->is_signed)
        result = check_signed(identity, why);
    if (result != OE_OK)
        memset(identity, 0, sizeof(*identity));
    return result;
}

void keep_identity_sigstruct_body(keep_sigstruct *s, const oe_sgx_enclave_properties_t *p,
                                  const uint8_t measurement[KEEP_MEASUREMENT_SIZE],
                                  uint32_t date)
{
    keep_sigstruct_init(s);
    s->vendor = KEEP_SIGSTRUCT_VENDOR_ISV;
    s->date = date;
    /* MISCSELECT bit 0 (EXINFO) reports #PF/#GP details to the enclave. */
    s->miscselect = p->config.flags.capture_pf_gp_exceptions ? 1u : 0u;
    s->miscmask = 0xffffffffu;
    memcpy(s->isv_family_id, p->config.family_id, 16);
    s->attributes = p->config.attributes;
    s->xfrm = p->config.xfrm;
    /* A Debug=0 image binds the DEBUG bit (it may never run as a debug
     * enclave); a Debug=1 image may run either way. XFRM is not bound. */
    s->attributes_mask = (p->config.attributes & OE_SGX_FLAGS_DEBUG)
                             ? ~(uint64_t)OE_SGX_FLAGS_DEBUG
                             : ~(uint64_t)0;
    s->xfrm_mask = 0;
    memcpy(s->enclave_hash, measurement, KEEP_MEASUREMENT_SIZE);
    memcpy(s->isv_ext_product_id, p->config.extended_product_id, 16);
    s->isv_product_id = p->config.product_id;
    s->isv_svn = p->config.security_version;
}

oe_result_t keep_properties_validate(const oe_sgx_enclave_properties_t *p, keep_why *why)
{
    const oe_enclave_size_settings_t *sizes = &p->header.size_settings;
    const uint64_t allowed = OE_SGX_FLAGS_DEBUG | OE_SGX_FLAGS_MODE64BIT | OE_SGX_FLAGS_KSS;
    const char *problem = NULL;
    if (p->header.size != sizeof(*p) || p->end_marker != OE_SGX_ENCLAVE_PROPERTIES_END_MARKER)
        problem = "the .oeinfo section is not an oe_sgx_enclave_properties_t";
    else if (sizes->num_tcs < 1 || sizes->num_tcs > OE_SGX_MAX_TCS)
        problem = "NumTCS must be 1 to 1024";
    else if (sizes->num_heap_pages < 1 || sizes->num_heap_pages > KEEP_MAX_HEAP_PAGES)
        problem = "NumHeapPages must be 1 to 16777216";
    else if (sizes->num_stack_pages < 1 || sizes->num_stack_pages > KEEP_MAX_STACK_PAGES)
        problem = "NumStackPages must be 1 to 262144";
    else if (!(p->config.attributes & OE_SGX_FLAGS_MODE64BIT) || (p->config.attributes & ~allowed))
        problem = "attributes must include MODE64BIT and only DEBUG, MODE64BIT and KSS";
    if (!problem)
        return OE_OK;
    keep_why_set(why, "enclave properties: %s", problem);
    return OE_INVALID_PARAMETER;
}
