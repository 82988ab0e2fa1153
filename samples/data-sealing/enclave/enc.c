// The data-sealing sample's enclave: seals with the policy it is given
// (UNIQUE binds the blob to this exact enclave, PRODUCT to its signer and
// product, for this and later versions) and unseals what it is given.
#include <string.h>

#include <openenclave/enclave.h>
#include <openenclave/seal.h>

#include "datasealing_t.h"

// The additional authenticated data: not secret, but bound to the blob.
static const unsigned char aad[] = "data-sealing sample v1";

int seal_data(int policy, const unsigned char* data, size_t data_size, unsigned char* blob,
              size_t cap, size_t* blob_size)
{
    const oe_seal_setting_t settings[] = {OE_SEAL_SET_POLICY(policy)};
    uint8_t* sealed = NULL;
    size_t sealed_size = 0;
    oe_result_t result = oe_seal(NULL, settings, 1, data, data_size, aad, sizeof(aad), &sealed,
                                 &sealed_size);
    if (result == OE_OK && sealed_size > cap)
        result = OE_BUFFER_TOO_SMALL;
    if (result == OE_OK)
        memcpy(blob, sealed, sealed_size);
    *blob_size = sealed_size;
    oe_free(sealed);
    return result;
}

int unseal_data(const unsigned char* blob, size_t blob_size, unsigned char* data, size_t cap,
                size_t* data_size)
{
    uint8_t* plain = NULL;
    size_t plain_size = 0;
    oe_result_t result = oe_unseal(blob, blob_size, aad, sizeof(aad), &plain, &plain_size);
    if (result == OE_OK && plain_size > cap)
        result = OE_BUFFER_TOO_SMALL;
    if (result == OE_OK)
        memcpy(data, plain, plain_size);
    *data_size = plain_size;
    if (plain)
        memset(plain, 0, plain_size);
    oe_free(plain);
    return result;
}
