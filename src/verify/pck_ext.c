/* PCK SGX extension parser on top of OpenSSL's generic ASN.1 decoder.
 * The value is SEQUENCE OF SEQUENCE { OID, value } (sgx-dcap.md §3.6). */
#include "pck_ext.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/asn1.h>
#include <openssl/objects.h>

#include "util.h"

#define ARC KEEP_SGX_EXT_OID "."
#define SEEN(n) (1u << (n))

typedef STACK_OF(ASN1_TYPE) seq_t;

static void seq_free(seq_t* s)
{
    sk_ASN1_TYPE_pop_free(s, ASN1_TYPE_free);
}

/* Decodes a whole DER SEQUENCE; NULL when malformed or bytes trail. */
static seq_t* seq_decode(const uint8_t* p, size_t len)
{
    const unsigned char* q = p;
    if (len == 0 || len > KEEP_PCK_EXT_MAX_SIZE)
        return NULL;
    seq_t* s = d2i_ASN1_SEQUENCE_ANY(NULL, &q, (long)len);
    if (s && (size_t)(q - p) != len) {
        seq_free(s);
        return NULL;
    }
    return s;
}

static seq_t* seq_of_type(const ASN1_TYPE* t)
{
    if (!t || t->type != V_ASN1_SEQUENCE)
        return NULL;
    return seq_decode(t->value.sequence->data,
                      (size_t)t->value.sequence->length);
}

/* Splits one SEQUENCE { OID, value } item: returns the number after
 * `prefix` in the OID (or -1) and the value. */
static long item_split(seq_t* item, const char* prefix, ASN1_TYPE** value)
{
    char txt[96];
    *value = NULL;
    if (!item || sk_ASN1_TYPE_num(item) != 2)
        return -1;
    ASN1_TYPE* oid = sk_ASN1_TYPE_value(item, 0);
    if (oid->type != V_ASN1_OBJECT)
        return -1;
    int n = OBJ_obj2txt(txt, sizeof(txt), oid->value.object, 1);
    size_t plen = strlen(prefix);
    if (n <= 0 || (size_t)n >= sizeof(txt) || strncmp(txt, prefix, plen) != 0)
        return -1;
    char* end = NULL;
    long v = strtol(txt + plen, &end, 10);
    if (end == txt + plen || *end != '\0' || v < 0 || v > 1000)
        return -1;
    *value = sk_ASN1_TYPE_value(item, 1);
    return v;
}

static int get_octets(uint8_t* out, size_t size, const ASN1_TYPE* v)
{
    if (v->type != V_ASN1_OCTET_STRING ||
        (size_t)v->value.octet_string->length != size)
        return -1;
    memcpy(out, v->value.octet_string->data, size);
    return 0;
}

static int get_uint(int64_t* out, const ASN1_TYPE* v, int type, int64_t max)
{
    int ok = 0;
    if (v->type != type)
        return -1;
    if (type == V_ASN1_INTEGER)
        ok = ASN1_INTEGER_get_int64(out, v->value.integer);
    else
        ok = ASN1_ENUMERATED_get_int64(out, v->value.enumerated);
    return ok && *out >= 0 && *out <= max ? 0 : -1;
}

/* One TCB sub-item: .2.1-.2.16 component SVN, .2.17 PCESVN, .2.18 CPUSVN. */
static int tcb_item(keep_pck_info_t* out, long n, const ASN1_TYPE* val)
{
    int64_t x = 0;
    if (n == 18)
        return get_octets(out->cpusvn, 16, val);
    if (get_uint(&x, val, V_ASN1_INTEGER, n == 17 ? 65535 : 255))
        return -1;
    if (n == 17)
        out->pcesvn = (uint16_t)x;
    else
        out->comp_svn[n - 1] = (uint8_t)x;
    return 0;
}

/* The .2 TCB item: 16 component SVNs, PCESVN, CPUSVN, each once. */
static int parse_tcb(keep_pck_info_t* out, const ASN1_TYPE* v, char* err,
                     size_t err_size)
{
    seq_t* s = seq_of_type(v);
    uint32_t seen = 0;
    int rc = -1;
    for (int i = 0; s && i < sk_ASN1_TYPE_num(s); i++) {
        seq_t* item = seq_of_type(sk_ASN1_TYPE_value(s, i));
        ASN1_TYPE* val;
        long n = item_split(item, ARC "2.", &val);
        int bad = n < 1 || n > 18 || (seen & SEEN(n)) ||
                  tcb_item(out, n, val);
        seq_free(item);
        if (bad) {
            keep_fmt(err, err_size, "PCK SGX extension: bad TCB item %d", i);
            goto out;
        }
        seen |= SEEN(n);
    }
    if (seen != 0x7fffeu) {
        keep_fmt(err, err_size, "PCK SGX extension: TCB items missing");
        goto out;
    }
    rc = 0;
out:
    seq_free(s);
    return rc;
}

/* The .7 Configuration item: optional booleans .7.1-.7.3. */
static int parse_config(keep_pck_info_t* out, const ASN1_TYPE* v)
{
    seq_t* s = seq_of_type(v);
    int* fields[] = {&out->dynamic_platform, &out->cached_keys,
                     &out->smt_enabled};
    int rc = s ? 0 : -1;
    for (int i = 0; s && i < sk_ASN1_TYPE_num(s) && rc == 0; i++) {
        seq_t* item = seq_of_type(sk_ASN1_TYPE_value(s, i));
        ASN1_TYPE* val;
        long n = item_split(item, ARC "7.", &val);
        if (n >= 1 && n <= 3 && val->type == V_ASN1_BOOLEAN &&
            *fields[n - 1] == -1)
            *fields[n - 1] = val->value.boolean != 0;
        else if (!(n > 3 && item))
            rc = -1; /* unknown config items are ignored, bad ones fail */
        seq_free(item);
    }
    out->has_configuration = rc == 0;
    seq_free(s);
    return rc;
}

static int parse_item(keep_pck_info_t* out, long n, const ASN1_TYPE* val,
                      char* err, size_t err_size)
{
    int64_t x = 0;
    switch (n) {
    case 1: return get_octets(out->ppid, 16, val);
    case 2: return parse_tcb(out, val, err, err_size);
    case 3: return get_octets(out->pce_id, 2, val);
    case 4: return get_octets(out->fmspc, 6, val);
    case 5:
        if (get_uint(&x, val, V_ASN1_ENUMERATED, 2))
            return -1;
        out->sgx_type = (int)x;
        return 0;
    case 6:
        out->has_platform_instance_id = 1;
        return get_octets(out->platform_instance_id, 16, val);
    case 7: return parse_config(out, val);
    default: return 0; /* future items in the arc */
    }
}

oe_result_t keep_pck_ext_parse(keep_pck_info_t* out, const uint8_t* der,
                               size_t len, char* err, size_t err_size)
{
    memset(out, 0, sizeof(*out));
    out->dynamic_platform = out->cached_keys = out->smt_enabled = -1;
    seq_t* s = seq_decode(der, len);
    uint32_t seen = 0;
    oe_result_t r = OE_INVALID_SGX_CERTIFICATE_EXTENSIONS;
    if (!s) {
        keep_fmt(err, err_size, "PCK SGX extension: not a DER SEQUENCE");
        return r;
    }
    for (int i = 0; i < sk_ASN1_TYPE_num(s); i++) {
        seq_t* item = seq_of_type(sk_ASN1_TYPE_value(s, i));
        ASN1_TYPE* val;
        long n = item_split(item, ARC, &val);
        int bad = n < 1 || (n < 32 && (seen & SEEN(n)));
        if (!bad) {
            err[0] = '\0';
            bad = parse_item(out, n, val, err, err_size);
        }
        seq_free(item);
        if (bad) {
            if (!err[0])
                keep_fmt(err, err_size, "PCK SGX extension: bad item %d "
                         "(OID arc .%ld)", i, n);
            goto out;
        }
        seen |= n < 32 ? SEEN(n) : 0;
    }
    if ((seen & 0x3eu) != 0x3eu) {
        keep_fmt(err, err_size, "PCK SGX extension: a required item "
                 "(PPID, TCB, PCE-ID, FMSPC, SGX Type) is missing");
        goto out;
    }
    r = OE_OK;
out:
    seq_free(s);
    return r;
}

static int find_ext(X509* cert)
{
    ASN1_OBJECT* oid = OBJ_txt2obj(KEEP_SGX_EXT_OID, 1);
    int idx = oid ? X509_get_ext_by_OBJ(cert, oid, -1) : -2;
    if (idx >= 0 && X509_get_ext_by_OBJ(cert, oid, idx) >= 0)
        idx = -2; /* twice */
    ASN1_OBJECT_free(oid);
    return idx;
}

int keep_pck_ext_present(X509* cert)
{
    return find_ext(cert) >= 0;
}

oe_result_t keep_pck_ext_find(const uint8_t** der, size_t* size, X509* cert, char* err,
                              size_t err_size)
{
    *der = NULL;
    *size = 0;
    int idx = find_ext(cert);
    if (idx < 0) {
        keep_fmt(err, err_size, idx == -1 ? "PCK certificate has no SGX "
                 "extension" : "PCK certificate has the SGX extension twice");
        return OE_INVALID_SGX_CERTIFICATE_EXTENSIONS;
    }
    ASN1_OCTET_STRING* v = X509_EXTENSION_get_data(X509_get_ext(cert, idx));
    *der = v->data;
    *size = (size_t)v->length;
    return OE_OK;
}

oe_result_t keep_pck_ext_from_cert(keep_pck_info_t* out, X509* cert,
                                   char* err, size_t err_size)
{
    const uint8_t* der;
    size_t size;
    memset(out, 0, sizeof(*out));
    oe_result_t r = keep_pck_ext_find(&der, &size, cert, err, err_size);
    return r == OE_OK ? keep_pck_ext_parse(out, der, size, err, err_size) : r;
}
