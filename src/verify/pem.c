/* PEM blocks, parsed strictly: no stray text, exact DER. */
#include "pem.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "util.h"

#define BEGIN "-----BEGIN "
#define DASHES "-----"

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static uint8_t* b64_decode(const char* s, size_t len, size_t* out_len)
{
    EVP_ENCODE_CTX* ctx = EVP_ENCODE_CTX_new();
    uint8_t* out = malloc(len / 4 * 3 + 3);
    int n = 0, tail = 0;
    *out_len = 0;
    if (!ctx || !out || len > INT_MAX)
        goto fail;
    EVP_DecodeInit(ctx);
    if (EVP_DecodeUpdate(ctx, out, &n, (const unsigned char*)s, (int)len) < 0 ||
        EVP_DecodeFinal(ctx, out + n, &tail) < 0)
        goto fail;
    EVP_ENCODE_CTX_free(ctx);
    *out_len = (size_t)n + (size_t)tail;
    return out;
fail:
    EVP_ENCODE_CTX_free(ctx);
    free(out);
    return NULL;
}

/* Reads "-----BEGIN label-----" at text+off; returns label length. */
static size_t read_label(const char* text, size_t len, size_t off,
                         char* label, size_t label_size)
{
    size_t start = off + strlen(BEGIN), n = 0;
    if (strlen(BEGIN) > len - off || memcmp(text + off, BEGIN, strlen(BEGIN)))
        return 0;
    while (start + n < len && n + 1 < label_size &&
           ((text[start + n] >= 'A' && text[start + n] <= 'Z') ||
            text[start + n] == ' ' || (text[start + n] >= '0' && text[start + n] <= '9')))
        n++;
    if (n == 0 || 5 > len - start - n || memcmp(text + start + n, DASHES, 5))
        return 0;
    memcpy(label, text + start, n);
    label[n] = '\0';
    return n;
}

static size_t find(const char* hay, size_t len, const char* needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; n <= len && i <= len - n; i++)
        if (memcmp(hay + i, needle, n) == 0)
            return i;
    return SIZE_MAX;
}

/* One block at *off; advances *off past its END line. */
static int one_block(const char* text, size_t len, size_t* off,
                     keep_pem_block_fn fn, void* arg, char* err, size_t es)
{
    char label[40], end[64];
    size_t ll = read_label(text, len, *off, label, sizeof(label));
    if (ll == 0) {
        keep_fmt(err, es, "PEM: expected a BEGIN line at offset %zu", *off);
        return -1;
    }
    size_t body = *off + strlen(BEGIN) + ll + 5;
    keep_fmt(end, sizeof(end), "-----END %s-----", label);
    size_t e = find(text + body, len - body, end);
    if (e == SIZE_MAX) {
        keep_fmt(err, es, "PEM: no END line for %s", label);
        return -1;
    }
    size_t der_len = 0;
    uint8_t* der = b64_decode(text + body, e, &der_len);
    int rc = der ? fn(arg, label, der, der_len) : -1;
    if (!der || rc)
        keep_fmt(err, es, "PEM: bad %s block at offset %zu", label, *off);
    free(der);
    *off = body + e + strlen(end);
    return rc || !der ? -1 : 0;
}

int keep_pem_split(const char* text, size_t len, keep_pem_block_fn fn,
                   void* arg, char* err, size_t es)
{
    size_t off = 0, blocks = 0;
    for (;;) {
        while (off < len && is_ws(text[off]))
            off++;
        size_t nul = off;
        while (nul < len && (text[nul] == '\0' || is_ws(text[nul])))
            nul++;
        if (nul == len)
            break;
        if (nul != off) {
            keep_fmt(err, es, "PEM: NUL byte inside the text at %zu", off);
            return -1;
        }
        if (++blocks > KEEP_PEM_MAX_BLOCKS) {
            keep_fmt(err, es, "PEM: more than %d blocks", KEEP_PEM_MAX_BLOCKS);
            return -1;
        }
        if (one_block(text, len, &off, fn, arg, err, es))
            return -1;
    }
    if (blocks == 0)
        keep_fmt(err, es, "PEM: no blocks");
    return blocks ? 0 : -1;
}

X509* keep_der_to_x509(const uint8_t* der, size_t len)
{
    const unsigned char* p = der;
    if (len == 0 || len > LONG_MAX)
        return NULL;
    X509* x = d2i_X509(NULL, &p, (long)len);
    if (x && p != der + len) {
        X509_free(x);
        x = NULL;
    }
    return x;
}

X509_CRL* keep_der_to_crl(const uint8_t* der, size_t len)
{
    const unsigned char* p = der;
    if (len == 0 || len > LONG_MAX)
        return NULL;
    X509_CRL* c = d2i_X509_CRL(NULL, &p, (long)len);
    if (c && p != der + len) {
        X509_CRL_free(c);
        c = NULL;
    }
    return c;
}

static int push_cert(void* arg, const char* label, const uint8_t* der,
                     size_t len)
{
    STACK_OF(X509)* chain = arg;
    if (strcmp(label, "CERTIFICATE") != 0)
        return -1;
    X509* x = keep_der_to_x509(der, len);
    if (!x || !sk_X509_push(chain, x)) {
        X509_free(x);
        return -1;
    }
    return 0;
}

STACK_OF(X509)* keep_pem_cert_chain(const uint8_t* buf, size_t len, char* err,
                                    size_t es)
{
    STACK_OF(X509)* chain = sk_X509_new_null();
    if (!chain)
        return NULL;
    if (keep_pem_split((const char*)buf, len, push_cert, chain, err, es)) {
        sk_X509_pop_free(chain, X509_free);
        return NULL;
    }
    return chain;
}
