/* oe_endorsements_t: {u32 version, u32 enclave_type, u32 buffer_size,
 * u32 num_elements, buffer = u32 offsets[num_elements] ‖ data}; SGX items
 * in order: version, TCB info, TCB issuer chain, PCK CRL, root CA CRL, PCK
 * CRL issuer chain, QE identity, QE identity issuer chain, creation time.
 * Items may be NUL-terminated. */
#include "oe_endorsements.h"

#include <string.h>

#include "collateral.h"
#include "util.h"

static int is_oe_layout(const uint8_t* buf, size_t len)
{
    return len >= KEEP_OE_ENDORSEMENT_HEADER_SIZE &&
           keep_le32(buf) == KEEP_OE_ENDORSEMENT_VERSION &&
           keep_le32(buf + 4) == KEEP_OE_ENCLAVE_TYPE_SGX;
}

static oe_result_t creation_time(int64_t* out, const uint8_t* p, size_t n)
{
    char s[40];
    while (n > 0 && p[n - 1] == '\0')
        n--;
    if (n == 0)
        return OE_OK;
    if (n >= sizeof(s))
        return OE_INVALID_ENDORSEMENT;
    memcpy(s, p, n);
    s[n] = '\0';
    return keep_verify_parse_time(out, s) == OE_OK ? OE_OK
                                                   : OE_INVALID_ENDORSEMENT;
}

static oe_result_t add_item(keep_verify_collateral_t* coll, int64_t* created,
                            size_t index, const uint8_t* p, size_t n)
{
    if (index == KEEP_OE_FIELD_VERSION)
        return n == 4 && keep_le32(p) == KEEP_OE_SGX_ENDORSEMENTS_VERSION
                   ? OE_OK
                   : OE_INVALID_ENDORSEMENT;
    if (index == KEEP_OE_FIELD_CREATION_DATETIME)
        return creation_time(created, p, n);
    while (n > 0 && p[n - 1] == '\0')
        n--;
    if (n == 0)
        return OE_OK; /* an empty item: nothing to add */
    oe_result_t r = keep_verify_collateral_add(coll, p, n, "endorsements");
    return r == OE_NOT_FOUND ? OE_INVALID_ENDORSEMENT : r;
}

static oe_result_t load_items(keep_verify_collateral_t* coll, int64_t* created,
                              const uint8_t* buf, size_t len)
{
    uint32_t buffer_size = keep_le32(buf + 8);
    uint32_t count = keep_le32(buf + 12);
    const size_t offsets = 4u * KEEP_OE_SGX_ENDORSEMENT_COUNT;
    if (count != KEEP_OE_SGX_ENDORSEMENT_COUNT ||
        buffer_size != len - KEEP_OE_ENDORSEMENT_HEADER_SIZE ||
        offsets > buffer_size)
        return OE_INVALID_ENDORSEMENT;
    const uint8_t* table = buf + KEEP_OE_ENDORSEMENT_HEADER_SIZE;
    const uint8_t* data = table + offsets;
    size_t data_size = buffer_size - offsets;
    for (size_t i = 0; i < count; i++) {
        size_t start = keep_le32(table + 4 * i);
        size_t end = i + 1 < count ? keep_le32(table + 4 * (i + 1)) : data_size;
        if (start > end || end > data_size)
            return OE_INVALID_ENDORSEMENT;
        oe_result_t r = add_item(coll, created, i, data + start, end - start);
        if (r != OE_OK)
            return r;
    }
    return OE_OK;
}

oe_result_t keep_oe_endorsements_load(keep_verify_collateral_t* coll,
                                      int64_t* created, const uint8_t* buf,
                                      size_t len)
{
    *created = 0;
    if (len > KEEP_OE_ENDORSEMENT_MAX_SIZE)
        return OE_INVALID_ENDORSEMENT;
    if (!is_oe_layout(buf, len)) {
        oe_result_t r = keep_verify_collateral_add(coll, buf, len,
                                                   "endorsements");
        return r == OE_NOT_FOUND ? OE_INVALID_ENDORSEMENT : r;
    }
    return load_items(coll, created, buf, len);
}
