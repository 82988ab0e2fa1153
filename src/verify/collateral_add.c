/* Recognising collateral by content: PEM (plain or URL-encoded), DER, hex
 * DER, hex signatures, JSON. Never by file name. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "collateral.h"
#include "pem.h"
#include "util.h"

typedef struct pem_ctx {
    keep_verify_collateral_t* c;
    oe_result_t r;
} pem_ctx_t;

static int add_pem_block(void* arg, const char* label, const uint8_t* der,
                         size_t len)
{
    pem_ctx_t* p = arg;
    if (strcmp(label, "CERTIFICATE") == 0) {
        X509* x = keep_der_to_x509(der, len);
        p->r = x ? keep_coll_add_cert(p->c, x) : OE_INVALID_ENDORSEMENT;
    } else if (strcmp(label, "X509 CRL") == 0) {
        X509_CRL* crl = keep_der_to_crl(der, len);
        p->r = crl ? keep_coll_add_crl(p->c, crl) : OE_INVALID_ENDORSEMENT;
    } else {
        p->r = OE_INVALID_ENDORSEMENT;
    }
    return p->r == OE_OK ? 0 : -1;
}

static oe_result_t add_pem(keep_verify_collateral_t* c, const char* text,
                           size_t len, const char* origin)
{
    pem_ctx_t p = {c, OE_OK};
    char err[160];
    if (keep_pem_split(text, len, add_pem_block, &p, err, sizeof(err))) {
        keep_fmt(c->err, sizeof(c->err), "%s: %s", origin, err);
        return p.r == OE_OK ? OE_INVALID_ENDORSEMENT : p.r;
    }
    return OE_OK;
}

/* PCS sends issuer chains URL-encoded in response headers. */
static oe_result_t add_url_pem(keep_verify_collateral_t* c, const char* s,
                               size_t len, const char* origin)
{
    char* out = malloc(len + 1);
    size_t n = 0;
    if (!out)
        return OE_OUT_OF_MEMORY;
    for (size_t i = 0; i < len; i++) {
        uint8_t b;
        if (s[i] == '%' && 2 < len - i && keep_hex_decode(&b, 1, s + i + 1, 2) == 0) {
            out[n++] = (char)b;
            i += 2;
        } else {
            out[n++] = s[i] == '+' ? ' ' : s[i];
        }
    }
    oe_result_t r = add_pem(c, out, n, origin);
    free(out);
    return r;
}

static oe_result_t add_der(keep_verify_collateral_t* c, const uint8_t* der,
                           size_t len)
{
    X509* x = keep_der_to_x509(der, len);
    if (x)
        return keep_coll_add_cert(c, x);
    X509_CRL* crl = keep_der_to_crl(der, len);
    if (crl)
        return keep_coll_add_crl(c, crl);
    return OE_NOT_FOUND;
}

static int all_hex(const char* s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!isxdigit((unsigned char)s[i]))
            return 0;
    return len > 0;
}

/* A bare 64-byte signature (128 hex digits) or hex-encoded DER. */
static oe_result_t add_hex(keep_verify_collateral_t* c, const char* s,
                           size_t len, const char* origin)
{
    if (len == 128) {
        if (c->loose_count >= KEEP_COLL_MAX_LOOSE_SIGS) {
            keep_fmt(c->err, sizeof(c->err), "%s: too many signatures", origin);
            return OE_INVALID_ENDORSEMENT;
        }
        keep_hex_decode(c->loose_sigs[c->loose_count++], 64, s, 128);
        return OE_OK;
    }
    if (len % 2 != 0)
        return OE_NOT_FOUND;
    uint8_t* der = malloc(len / 2);
    if (!der)
        return OE_OUT_OF_MEMORY;
    keep_hex_decode(der, len / 2, s, len);
    oe_result_t r = add_der(c, der, len / 2);
    free(der);
    return r;
}

static size_t trim_end(const char* s, size_t len)
{
    while (len > 0 && (isspace((unsigned char)s[len - 1]) || s[len - 1] == '\0'))
        len--;
    return len;
}

oe_result_t keep_coll_add(keep_verify_collateral_t* c, const uint8_t* buf,
                          size_t len, const char* origin, int depth)
{
    const char* s = (const char*)buf;
    size_t off = 0;
    if (depth > KEEP_COLL_MAX_DEPTH || len > KEEP_COLL_MAX_BLOB)
        return OE_INVALID_ENDORSEMENT;
    if (len > 0 && buf[0] == 0x30) {
        oe_result_t r = add_der(c, buf, len);
        if (r != OE_NOT_FOUND)
            return r;
    }
    while (off < len && isspace((unsigned char)s[off]))
        off++;
    size_t end = trim_end(s, len);
    if (off >= end)
        return OE_NOT_FOUND;
    if (s[off] == '{')
        return keep_coll_add_json(c, s + off, end - off, origin, depth);
    if (end - off > 11 && memcmp(s + off, "-----BEGIN ", 11) == 0)
        return add_pem(c, s + off, len - off, origin);
    if (end - off > 13 && memcmp(s + off, "-----BEGIN%20", 13) == 0)
        return add_url_pem(c, s + off, end - off, origin);
    if (all_hex(s + off, end - off))
        return add_hex(c, s + off, end - off, origin);
    return OE_NOT_FOUND;
}

oe_result_t keep_verify_collateral_add(keep_verify_collateral_t* c,
                                       const uint8_t* buf, size_t len,
                                       const char* origin)
{
    if (!c || (!buf && len))
        return OE_INVALID_PARAMETER;
    c->err[0] = '\0';
    oe_result_t r = keep_coll_add(c, buf, len, origin ? origin : "blob", 0);
    if (r == OE_NOT_FOUND && !c->err[0])
        keep_fmt(c->err, sizeof(c->err), "%s: not collateral",
                 origin ? origin : "blob");
    else if (r != OE_OK && !c->err[0])
        keep_fmt(c->err, sizeof(c->err), "%s: malformed collateral (%s)",
                 origin ? origin : "blob", oe_result_str(r));
    return r;
}
