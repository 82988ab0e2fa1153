/* See der.h. A bounded writer: every append checks the room left, and a
 * failed append poisons the writer so the caller checks once at the end. */
#include <string.h>

#include "der.h"

typedef struct der {
    uint8_t *p;
    size_t size;
    size_t len;
    int bad;
} der;

/* The OID arc 1.2.840.113741.1.13.1, DER content bytes. */
static const uint8_t sgx_arc[] = {0x2a, 0x86, 0x48, 0x86, 0xf8, 0x4d, 0x01, 0x0d, 0x01};

static void put(der *d, const void *bytes, size_t n)
{
    if (d->bad || n > d->size - d->len) {
        d->bad = 1;
        return;
    }
    memcpy(d->p + d->len, bytes, n);
    d->len += n;
}

static void put_header(der *d, uint8_t tag, size_t len)
{
    uint8_t h[4] = {tag};
    if (len < 0x80) {
        h[1] = (uint8_t)len;
        put(d, h, 2);
    } else if (len <= 0xffff) {
        h[1] = 0x82;
        h[2] = (uint8_t)(len >> 8);
        h[3] = (uint8_t)len;
        put(d, h, 4);
    } else {
        d->bad = 1;
    }
}

static void put_tlv(der *d, uint8_t tag, const void *value, size_t len)
{
    put_header(d, tag, len);
    put(d, value, len);
}

/* An OID of the SGX arc with one or two more arcs (each < 128). */
static void put_oid(der *d, int a, int b)
{
    uint8_t oid[sizeof(sgx_arc) + 2];
    memcpy(oid, sgx_arc, sizeof(sgx_arc));
    size_t n = sizeof(sgx_arc);
    oid[n++] = (uint8_t)a;
    if (b >= 0)
        oid[n++] = (uint8_t)b;
    put_tlv(d, 0x06, oid, n);
}

/* SEQUENCE { OID, value } where value is a finished inner encoding. */
static void put_item(der *d, int a, int b, const uint8_t *value, size_t len)
{
    der oid = {.p = (uint8_t[16]){0}, .size = 16};
    put_oid(&oid, a, b);
    put_header(d, 0x30, oid.len + len);
    put(d, oid.p, oid.len);
    put(d, value, len);
    d->bad |= oid.bad;
}

static size_t small_int(uint8_t *out, uint8_t v)
{
    /* INTEGER, with a leading zero when the top bit is set */
    out[0] = 0x02;
    if (v & 0x80) {
        out[1] = 2, out[2] = 0, out[3] = v;
        return 4;
    }
    out[1] = 1, out[2] = v;
    return 3;
}

static void put_tcb(der *d, uint8_t svn)
{
    uint8_t buf[640];
    der inner = {.p = buf, .size = sizeof(buf)};
    uint8_t value[20];
    for (int i = 1; i <= 17; i++)
        put_item(&inner, 2, i, value, small_int(value, svn));
    uint8_t cpusvn[18] = {0x04, 16};
    memset(cpusvn + 2, svn, 16);
    put_item(&inner, 2, 18, cpusvn, sizeof(cpusvn));
    uint8_t seq[700];
    der s = {.p = seq, .size = sizeof(seq)};
    put_tlv(&s, 0x30, inner.p, inner.len);
    put_item(d, 2, -1, s.p, s.len);
    d->bad |= inner.bad | s.bad;
}

size_t keep_der_sgx_extension(uint8_t *out, size_t size, const uint8_t ppid[16], uint8_t svn,
                              const uint8_t pce_id[2], const uint8_t fmspc[6])
{
    uint8_t buf[KEEP_DER_MAX];
    der items = {.p = buf, .size = sizeof(buf)};
    uint8_t v[20];
    v[0] = 0x04, v[1] = 16;
    memcpy(v + 2, ppid, 16);
    put_item(&items, 1, -1, v, 18);
    put_tcb(&items, svn);
    v[0] = 0x04, v[1] = 2;
    memcpy(v + 2, pce_id, 2);
    put_item(&items, 3, -1, v, 4);
    v[0] = 0x04, v[1] = 6;
    memcpy(v + 2, fmspc, 6);
    put_item(&items, 4, -1, v, 8);
    v[0] = 0x0a, v[1] = 1, v[2] = 0; /* ENUMERATED Standard */
    put_item(&items, 5, -1, v, 3);
    der d = {.p = out, .size = size};
    put_tlv(&d, 0x30, items.p, items.len);
    return items.bad || d.bad ? 0 : d.len;
}
