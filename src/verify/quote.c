/* DCAP quote parser: v3 fully, v4/v5 headers (sgx-dcap.md §3.2-§3.3).
 * Every length is checked as `need > len - off` against hard maxima before
 * use; trailing bytes are an error. */
#include "quote.h"

#include <string.h>

#include "util.h"

static void read_header(keep_quote_header_info_t* h, const uint8_t* p)
{
    h->version = keep_le16(p);
    h->att_key_type = keep_le16(p + 2);
    h->tee_type = keep_le32(p + 4);
    h->qe_svn = keep_le16(p + 8);
    h->pce_svn = keep_le16(p + 10);
    memcpy(h->qe_vendor_id, p + 12, 16);
    memcpy(h->user_data, p + 28, 20);
}

void keep_quote_read_body(keep_quote_identity_t* id, const uint8_t* b)
{
    memset(id, 0, sizeof(*id));
    memcpy(id->cpusvn, b + KEEP_RB_CPUSVN, 16);
    id->miscselect = keep_le32(b + KEEP_RB_MISCSELECT);
    memcpy(id->isv_ext_prod_id, b + KEEP_RB_ISVEXTPRODID, 16);
    memcpy(id->attributes, b + KEEP_RB_ATTRIBUTES, 16);
    memcpy(id->mrenclave, b + KEEP_RB_MRENCLAVE, 32);
    memcpy(id->mrsigner, b + KEEP_RB_MRSIGNER, 32);
    memcpy(id->config_id, b + KEEP_RB_CONFIGID, 64);
    id->isv_prod_id = keep_le16(b + KEEP_RB_ISVPRODID);
    id->isv_svn = keep_le16(b + KEEP_RB_ISVSVN);
    id->config_svn = keep_le16(b + KEEP_RB_CONFIGSVN);
    memcpy(id->isv_family_id, b + KEEP_RB_ISVFAMILYID, 16);
    memcpy(id->report_data, b + KEEP_RB_REPORTDATA, 64);
    id->debug = (keep_le64(b + KEEP_RB_ATTRIBUTES) & KEEP_ATTR_DEBUG) != 0;
}

/* v4/v5: parse what is there and say clearly what is not supported. */
static oe_result_t newer_version(const keep_quote_t* q, size_t len, char* err,
                                 size_t err_size)
{
    const keep_quote_header_info_t* h = &q->header;
    const char* tee = h->tee_type == KEEP_QUOTE_TEE_SGX   ? "SGX"
                      : h->tee_type == KEEP_QUOTE_TEE_TDX ? "TDX"
                                                          : NULL;
    if (!tee) {
        keep_fmt(err, err_size, "quote v%u: unknown tee_type 0x%08x at offset 4",
                 h->version, h->tee_type);
        return OE_QUOTE_VERIFICATION_ERROR;
    }
    keep_fmt(err, err_size,
             "quote v%u (%s, %zu bytes): header parsed; only v3 SGX quotes "
             "(ECDSA-P256, certification data type 5) are verified — v4/v5 "
             "bodies and type-6 QE certification data are not supported",
             h->version, tee, len);
    return OE_UNSUPPORTED;
}

static oe_result_t parse_header(keep_quote_t* q, const uint8_t* buf,
                                size_t len, char* err, size_t err_size)
{
    if (len < KEEP_QUOTE_HEADER_SIZE) {
        keep_fmt(err, err_size, "quote too short: %zu bytes, header needs 48",
                 len);
        return OE_QUOTE_VERIFICATION_ERROR;
    }
    if (len > KEEP_QUOTE_MAX_SIZE) {
        keep_fmt(err, err_size, "quote too large: %zu bytes (max %d)", len,
                 KEEP_QUOTE_MAX_SIZE);
        return OE_QUOTE_VERIFICATION_ERROR;
    }
    read_header(&q->header, buf);
    if (q->header.version == 4 || q->header.version == 5)
        return newer_version(q, len, err, err_size);
    if (q->header.version != 3) {
        keep_fmt(err, err_size, "quote version %u at offset 0 (expected 3)",
                 q->header.version);
        return OE_QUOTE_VERIFICATION_ERROR;
    }
    if (q->header.att_key_type != KEEP_QUOTE_ATT_KEY_ECDSA_P256) {
        keep_fmt(err, err_size,
                 "att_key_type %u at offset 2: only 2 (ECDSA-P256) is "
                 "supported", q->header.att_key_type);
        return q->header.att_key_type == 3 ? OE_UNSUPPORTED
                                           : OE_QUOTE_VERIFICATION_ERROR;
    }
    return OE_OK;
}

/* Signature data: fixed fields, auth data, certification data (§3.2). */
static oe_result_t parse_sig_data(keep_quote_t* q, const uint8_t* p,
                                  size_t len, char* err, size_t err_size)
{
    size_t off = 0;
    if (KEEP_QUOTE_SIG_FIXED_SIZE > len) {
        keep_fmt(err, err_size, "signature data %zu bytes, needs at least %d",
                 len, KEEP_QUOTE_SIG_FIXED_SIZE);
        return OE_QUOTE_VERIFICATION_ERROR;
    }
    q->signature = p;
    q->attest_key = p + 64;
    q->qe_report = p + 128;
    q->qe_report_sig = p + 512;
    q->qe_auth_size = keep_le16(p + 576);
    off = 578;
    if (q->qe_auth_size > KEEP_QUOTE_MAX_AUTH_SIZE ||
        (size_t)q->qe_auth_size + 6 > len - off) {
        keep_fmt(err, err_size, "QE auth data size %u at offset %d overruns "
                 "the signature data", q->qe_auth_size, 436 + 576);
        return OE_QUOTE_VERIFICATION_ERROR;
    }
    q->qe_auth = p + off;
    off += q->qe_auth_size;
    q->cert_type = keep_le16(p + off);
    q->cert_size = keep_le32(p + off + 2);
    off += 6;
    if (q->cert_size > KEEP_QUOTE_MAX_CERT_SIZE || q->cert_size > len - off) {
        keep_fmt(err, err_size, "certification data size %u at offset %zu "
                 "overruns the quote", q->cert_size, 436 + off - 4);
        return OE_QUOTE_VERIFICATION_ERROR;
    }
    q->cert_data = p + off;
    off += q->cert_size;
    if (off != len) {
        keep_fmt(err, err_size, "%zu trailing bytes after certification data",
                 len - off);
        return OE_QUOTE_VERIFICATION_ERROR;
    }
    return OE_OK;
}

oe_result_t keep_quote_parse(keep_quote_t* q, const uint8_t* buf, size_t len,
                             char* err, size_t err_size)
{
    memset(q, 0, sizeof(*q));
    if (err_size)
        err[0] = '\0';
    if (!buf)
        return OE_INVALID_PARAMETER;
    oe_result_t r = parse_header(q, buf, len, err, err_size);
    if (r != OE_OK)
        return r;
    if (KEEP_QUOTE_SIG_DATA_OFFSET > len) {
        keep_fmt(err, err_size, "quote truncated: %zu bytes, body and "
                 "signature length need %d", len, KEEP_QUOTE_SIG_DATA_OFFSET);
        return OE_QUOTE_VERIFICATION_ERROR;
    }
    uint32_t sig_len = keep_le32(buf + KEEP_QUOTE_SIG_LEN_OFFSET);
    if (sig_len != len - KEEP_QUOTE_SIG_DATA_OFFSET) {
        keep_fmt(err, err_size, "signature_data_len %u at offset 432 but %zu "
                 "bytes follow", sig_len, len - KEEP_QUOTE_SIG_DATA_OFFSET);
        return OE_QUOTE_VERIFICATION_ERROR;
    }
    q->signed_data = buf;
    q->signed_size = KEEP_QUOTE_V3_SIGNED_SIZE;
    q->body = buf + KEEP_QUOTE_HEADER_SIZE;
    return parse_sig_data(q, buf + KEEP_QUOTE_SIG_DATA_OFFSET, sig_len, err,
                          err_size);
}
