/* See identity.h. */
#include <string.h>

#include <openenclave/host.h>

#include "../common/identity.h"
#include "host_log.h"
#include "identity.h"

oe_result_t keep_image_check_identity(keep_enclave_identity *identity, const keep_image *image,
                                      const char *path, uint32_t flags)
{
    memset(identity, 0, sizeof(*identity));
    keep_identity id;
    keep_why why = {{0}};
    oe_result_t result = keep_identity_read(&id, image->bytes, image->size, &why);
    if (result != OE_OK) {
        keep_error("enclave image %s refused: %s", path,
                   why.text[0] ? why.text : oe_result_str(result));
        return result;
    }
    if (!id.is_signed && !(flags & OE_ENCLAVE_FLAG_DEBUG)) {
        keep_error("enclave image %s is not signed: unsigned images load only with "
                   "OE_ENCLAVE_FLAG_DEBUG (sign it with oesign)", path);
        return OE_FAILURE;
    }
    memcpy(identity->unique_id, id.unique_id, sizeof(identity->unique_id));
    memcpy(identity->signer_id, id.signer_id, sizeof(identity->signer_id));
    identity->product_id = id.product_id;
    identity->security_version = id.security_version;
    identity->debug = (flags & OE_ENCLAVE_FLAG_DEBUG) != 0;
    identity->is_signed = id.is_signed;
    char hex[65];
    keep_hex_encode(hex, identity->unique_id, sizeof(identity->unique_id));
    keep_info("enclave image %s: %s, unique_id %s", path, id.is_signed ? "signed" : "unsigned",
              hex);
    return OE_OK;
}
