/* See <openenclave/attestation/custom_claims.h>. The buffer is untrusted
 * (it arrives inside evidence): every size is checked against what is left
 * before it is used, the claim count has a hard maximum checked before any
 * allocation, and trailing bytes are an error. */
#include <stdlib.h>
#include <string.h>

#include <openenclave/attestation/custom_claims.h>

#define HEADER_SIZE 16
#define ENTRY_SIZE 16
#define MAX_CLAIMS 4096

static uint64_t get64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof(v));
    return v;
}

static void put64(uint8_t *p, uint64_t v)
{
    memcpy(p, &v, sizeof(v));
}

static oe_result_t serialized_size(const oe_claim_t *claims, size_t count, size_t *size)
{
    *size = HEADER_SIZE;
    for (size_t i = 0; claims && i < count; i++) {
        if (!claims[i].name || (!claims[i].value && claims[i].value_size))
            return OE_INVALID_PARAMETER;
        size_t name = strlen(claims[i].name) + 1;
        if (__builtin_add_overflow(*size, ENTRY_SIZE, size) ||
            __builtin_add_overflow(*size, name, size) ||
            __builtin_add_overflow(*size, claims[i].value_size, size))
            return OE_INVALID_PARAMETER;
    }
    return OE_OK;
}

oe_result_t oe_serialize_custom_claims(const oe_claim_t *custom_claims, size_t custom_claims_length,
                                       uint8_t **claims_out, size_t *claims_size_out)
{
    if (!claims_out || !claims_size_out || (!custom_claims && custom_claims_length))
        return OE_INVALID_PARAMETER;
    *claims_out = NULL;
    *claims_size_out = 0;
    size_t size;
    oe_result_t result = serialized_size(custom_claims, custom_claims_length, &size);
    if (result != OE_OK)
        return result;
    uint8_t *buf = malloc(size), *p = buf + HEADER_SIZE;
    if (!buf)
        return OE_OUT_OF_MEMORY;
    put64(buf, OE_CUSTOM_CLAIMS_VERSION);
    put64(buf + 8, custom_claims_length);
    for (size_t i = 0; i < custom_claims_length; i++) {
        size_t name = strlen(custom_claims[i].name) + 1;
        put64(p, name);
        put64(p + 8, custom_claims[i].value_size);
        memcpy(p + ENTRY_SIZE, custom_claims[i].name, name);
        if (custom_claims[i].value_size)
            memcpy(p + ENTRY_SIZE + name, custom_claims[i].value, custom_claims[i].value_size);
        p += ENTRY_SIZE + name + custom_claims[i].value_size;
    }
    *claims_out = buf;
    *claims_size_out = size;
    return OE_OK;
}

/* One entry at buf[*off]; advances *off. */
static oe_result_t parse_entry(oe_claim_t *claim, const uint8_t *buf, size_t size, size_t *off)
{
    if (ENTRY_SIZE > size - *off)
        return OE_CONSTRAINT_FAILED;
    uint64_t name_size = get64(buf + *off), value_size = get64(buf + *off + 8);
    *off += ENTRY_SIZE;
    if (name_size == 0 || name_size > size - *off || value_size > size - *off - name_size)
        return OE_CONSTRAINT_FAILED;
    const uint8_t *name = buf + *off, *value = name + name_size;
    if (name[name_size - 1] != '\0' || memchr(name, '\0', name_size - 1))
        return OE_CONSTRAINT_FAILED;
    claim->name = malloc(name_size);
    claim->value = malloc(value_size ? value_size : 1);
    if (!claim->name || !claim->value)
        return OE_OUT_OF_MEMORY;
    memcpy(claim->name, name, name_size);
    if (value_size)
        memcpy(claim->value, value, value_size);
    claim->value_size = value_size;
    *off += name_size + value_size;
    return OE_OK;
}

oe_result_t oe_deserialize_custom_claims(const uint8_t *claims_buffer, size_t claims_buffer_size,
                                         oe_claim_t **claims_out, size_t *claims_length_out)
{
    if (!claims_buffer || !claims_out || !claims_length_out)
        return OE_INVALID_PARAMETER;
    *claims_out = NULL;
    *claims_length_out = 0;
    if (claims_buffer_size < HEADER_SIZE || get64(claims_buffer) != OE_CUSTOM_CLAIMS_VERSION)
        return OE_CONSTRAINT_FAILED;
    uint64_t count = get64(claims_buffer + 8);
    /* each claim takes at least an entry header and a NUL */
    if (count > MAX_CLAIMS || count > (claims_buffer_size - HEADER_SIZE) / (ENTRY_SIZE + 1))
        return OE_CONSTRAINT_FAILED;
    oe_claim_t *claims = calloc(count ? count : 1, sizeof(*claims));
    if (!claims)
        return OE_OUT_OF_MEMORY;
    size_t off = HEADER_SIZE;
    oe_result_t result = OE_OK;
    for (uint64_t i = 0; i < count && result == OE_OK; i++)
        result = parse_entry(&claims[i], claims_buffer, claims_buffer_size, &off);
    if (result == OE_OK && off != claims_buffer_size)
        result = OE_CONSTRAINT_FAILED;
    if (result != OE_OK) {
        oe_free_custom_claims(claims, count);
        return result;
    }
    *claims_out = claims;
    *claims_length_out = count;
    return OE_OK;
}

oe_result_t oe_free_serialized_custom_claims(uint8_t *custom_claims_buffer)
{
    free(custom_claims_buffer);
    return OE_OK;
}

oe_result_t oe_free_custom_claims(oe_claim_t *claims, size_t claims_length)
{
    for (size_t i = 0; claims && i < claims_length; i++) {
        free(claims[i].name);
        free(claims[i].value);
    }
    free(claims);
    return OE_OK;
}
