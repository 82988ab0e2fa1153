/* Whom the platform serves, learned from the image bytes themselves. */
#include <string.h>

#include "../common/identity.h"
#include "internal.h"

oe_result_t keep_platform_subject_from_image(keep_platform_subject *subject,
                                             const uint8_t *image, size_t size, bool debug,
                                             keep_why *why)
{
    memset(subject, 0, sizeof(*subject));
    keep_identity id;
    oe_result_t result = keep_identity_read(&id, image, size, why);
    if (result != OE_OK)
        return result;
    memcpy(subject->mr_enclave, id.unique_id, sizeof(subject->mr_enclave));
    memcpy(subject->mr_signer, id.signer_id, sizeof(subject->mr_signer));
    subject->isv_prod_id = id.product_id;
    subject->isv_svn = id.security_version;
    subject->flags = KEEP_SGX_FLAGS_INITTED | KEEP_SGX_FLAGS_MODE64BIT |
                     (debug ? KEEP_SGX_FLAGS_DEBUG : 0);
    subject->xfrm = 0x3; /* x87 | SSE: what every x86-64 enclave uses */
    memcpy(subject->isv_family_id, id.properties.config.family_id, 16);
    memcpy(subject->isv_ext_prod_id, id.properties.config.extended_product_id, 16);
    return OE_OK;
}
