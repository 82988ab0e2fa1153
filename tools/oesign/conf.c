/* See conf.h. One line at a time: a line is at most KEEP_CONF_MAX_LINE
 * bytes; "#" starts a comment line; blanks around the name and the value
 * are ignored. */
#include <ctype.h>
#include <string.h>

#include "conf.h"

typedef enum kind { FLAG, NUMBER, UUID } kind;

static const struct {
    const char *name;
    kind kind;
    uint64_t min, max;
} keys[KEEP_CONF_KEY_COUNT] = {
    [KEEP_CONF_DEBUG] = {"Debug", FLAG, 0, 1},
    [KEEP_CONF_NUM_HEAP_PAGES] = {"NumHeapPages", NUMBER, 1, KEEP_MAX_HEAP_PAGES},
    [KEEP_CONF_NUM_STACK_PAGES] = {"NumStackPages", NUMBER, 1, KEEP_MAX_STACK_PAGES},
    [KEEP_CONF_NUM_TCS] = {"NumTCS", NUMBER, 1, OE_SGX_MAX_TCS},
    [KEEP_CONF_PRODUCT_ID] = {"ProductID", NUMBER, 0, 65534},
    [KEEP_CONF_SECURITY_VERSION] = {"SecurityVersion", NUMBER, 0, 65534},
    [KEEP_CONF_EXTENDED_PRODUCT_ID] = {"ExtendedProductID", UUID, 0, 0},
    [KEEP_CONF_FAMILY_ID] = {"FamilyID", UUID, 0, 0},
    [KEEP_CONF_CAPTURE_PFGP_EXCEPTIONS] = {"CapturePFGPExceptions", FLAG, 0, 1},
    [KEEP_CONF_CREATE_ZERO_BASE_ENCLAVE] = {"CreateZeroBaseEnclave", FLAG, 0, 1},
    [KEEP_CONF_START_ADDRESS] = {"StartAddress", NUMBER, 4096, UINT64_MAX},
};

/* Decimal, or hexadecimal with 0x; no sign, no blanks, no overflow. */
static bool parse_number(const char *s, size_t len, uint64_t *out)
{
    unsigned base = 10;
    if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        base = 16, s += 2, len -= 2;
    if (len == 0)
        return false;
    uint64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        int c = (unsigned char)s[i];
        unsigned d = isdigit(c) ? (unsigned)(c - '0')
                     : (base == 16 && isxdigit(c)) ? (unsigned)(tolower(c) - 'a' + 10)
                                                   : 99u;
        if (d >= base || v > (UINT64_MAX - d) / base)
            return false;
        v = v * base + d;
    }
    *out = v;
    return true;
}

static int nibble(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)tolower((unsigned char)c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, bytes in the order written. */
static bool parse_uuid(const char *s, size_t len, uint8_t out[16])
{
    size_t n = 0;
    if (len != 36)
        return false;
    for (size_t i = 0; i < len;) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i++] != '-')
                return false;
            continue;
        }
        int high = nibble(s[i]), low = nibble(s[i + 1]);
        if (high < 0 || low < 0 || n == 16)
            return false;
        out[n++] = (uint8_t)(high * 16 + low);
        i += 2;
    }
    return n == 16;
}

static void trim(const char **s, size_t *len)
{
    while (*len && isspace((unsigned char)**s))
        (*s)++, (*len)--;
    while (*len && isspace((unsigned char)(*s)[*len - 1]))
        (*len)--;
}

static int find_key(const char *name, size_t len)
{
    for (int k = 0; k < KEEP_CONF_KEY_COUNT; k++)
        if (strlen(keys[k].name) == len && memcmp(keys[k].name, name, len) == 0)
            return k;
    return -1;
}

static oe_result_t parse_value(keep_conf *conf, int k, const char *value, size_t len,
                               size_t line, keep_why *why)
{
    uint64_t n = 0;
    bool ok;
    if (keys[k].kind == UUID)
        ok = parse_uuid(value, len, k == KEEP_CONF_FAMILY_ID ? conf->family_id
                                                            : conf->extended_product_id);
    else
        ok = parse_number(value, len, &n) && n >= keys[k].min && n <= keys[k].max;
    if (ok && k == KEEP_CONF_START_ADDRESS && n % OE_PAGE_SIZE)
        ok = false;
    if (!ok) {
        if (keys[k].kind == UUID)
            keep_why_set(why, "line %zu: bad value for %s (want a UUID like "
                              "01234567-89ab-cdef-0123-456789abcdef)", line, keys[k].name);
        else if (k == KEEP_CONF_START_ADDRESS)
            keep_why_set(why, "line %zu: bad value for StartAddress (want a non-zero multiple "
                              "of 4096)", line);
        else
            keep_why_set(why, "line %zu: bad value for %s (want a number from %llu to %llu)",
                         line, keys[k].name, (unsigned long long)keys[k].min,
                         (unsigned long long)keys[k].max);
        return OE_INVALID_PARAMETER;
    }
    conf->number[k] = n;
    conf->set[k] = true;
    return OE_OK;
}

static oe_result_t parse_line(keep_conf *conf, const char *s, size_t len, size_t line,
                              keep_why *why)
{
    trim(&s, &len);
    if (len == 0 || s[0] == '#')
        return OE_OK;
    const char *eq = memchr(s, '=', len);
    if (!eq) {
        keep_why_set(why, "line %zu: syntax error (want NAME=VALUE)", line);
        return OE_INVALID_PARAMETER;
    }
    const char *name = s, *value = eq + 1;
    size_t name_len = (size_t)(eq - s), value_len = len - name_len - 1;
    trim(&name, &name_len);
    trim(&value, &value_len);
    int k = find_key(name, name_len);
    if (k < 0) {
        keep_why_set(why, "line %zu: unknown key \"%.*s\"", line,
                     (int)(name_len > 64 ? 64 : name_len), name);
        return OE_INVALID_PARAMETER;
    }
    if (conf->set[k]) {
        keep_why_set(why, "line %zu: %s is set twice", line, keys[k].name);
        return OE_INVALID_PARAMETER;
    }
    return parse_value(conf, k, value, value_len, line, why);
}

oe_result_t keep_conf_parse(keep_conf *conf, const char *text, size_t size, keep_why *why)
{
    memset(conf, 0, sizeof(*conf));
    if (!text || size > KEEP_CONF_MAX_SIZE) {
        keep_why_set(why, "the configuration file is larger than %u bytes", KEEP_CONF_MAX_SIZE);
        return OE_INVALID_PARAMETER;
    }
    oe_result_t result = OE_OK;
    size_t line = 1;
    for (size_t at = 0; result == OE_OK && at < size; line++) {
        const char *nl = memchr(text + at, '\n', size - at);
        size_t len = nl ? (size_t)(nl - (text + at)) : size - at;
        if (len > KEEP_CONF_MAX_LINE || memchr(text + at, '\0', len)) {
            keep_why_set(why, "line %zu: longer than %u bytes or not text", line,
                         KEEP_CONF_MAX_LINE);
            result = OE_INVALID_PARAMETER;
        } else
            result = parse_line(conf, text + at, len, line, why);
        at += len + (nl ? 1 : 0);
    }
    if (result == OE_OK && conf->set[KEEP_CONF_START_ADDRESS] &&
        !(conf->set[KEEP_CONF_CREATE_ZERO_BASE_ENCLAVE] &&
          conf->number[KEEP_CONF_CREATE_ZERO_BASE_ENCLAVE])) {
        keep_why_set(why, "StartAddress needs CreateZeroBaseEnclave=1");
        result = OE_INVALID_PARAMETER;
    }
    if (result != OE_OK)
        memset(conf, 0, sizeof(*conf));
    return result;
}

void keep_conf_apply(const keep_conf *conf, oe_sgx_enclave_properties_t *p)
{
    const bool *set = conf->set;
    const uint64_t *n = conf->number;
    if (set[KEEP_CONF_DEBUG])
        p->config.attributes = n[KEEP_CONF_DEBUG] ? (p->config.attributes | OE_SGX_FLAGS_DEBUG)
                                                  : (p->config.attributes & ~OE_SGX_FLAGS_DEBUG);
    if (set[KEEP_CONF_NUM_HEAP_PAGES])
        p->header.size_settings.num_heap_pages = n[KEEP_CONF_NUM_HEAP_PAGES];
    if (set[KEEP_CONF_NUM_STACK_PAGES])
        p->header.size_settings.num_stack_pages = n[KEEP_CONF_NUM_STACK_PAGES];
    if (set[KEEP_CONF_NUM_TCS])
        p->header.size_settings.num_tcs = n[KEEP_CONF_NUM_TCS];
    if (set[KEEP_CONF_PRODUCT_ID])
        p->config.product_id = (uint16_t)n[KEEP_CONF_PRODUCT_ID];
    if (set[KEEP_CONF_SECURITY_VERSION])
        p->config.security_version = (uint16_t)n[KEEP_CONF_SECURITY_VERSION];
    if (set[KEEP_CONF_EXTENDED_PRODUCT_ID])
        memcpy(p->config.extended_product_id, conf->extended_product_id, 16);
    if (set[KEEP_CONF_FAMILY_ID])
        memcpy(p->config.family_id, conf->family_id, 16);
    if (set[KEEP_CONF_EXTENDED_PRODUCT_ID] || set[KEEP_CONF_FAMILY_ID])
        p->config.attributes |= OE_SGX_FLAGS_KSS;
    if (set[KEEP_CONF_CAPTURE_PFGP_EXCEPTIONS])
        p->config.flags.capture_pf_gp_exceptions = n[KEEP_CONF_CAPTURE_PFGP_EXCEPTIONS] & 1;
    if (set[KEEP_CONF_CREATE_ZERO_BASE_ENCLAVE])
        p->config.flags.create_zero_base_enclave = n[KEEP_CONF_CREATE_ZERO_BASE_ENCLAVE] & 1;
    if (set[KEEP_CONF_START_ADDRESS])
        p->config.start_address = n[KEEP_CONF_START_ADDRESS];
}
