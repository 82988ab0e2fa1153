/* The platform's collateral: TCB info (v3, id "SGX") and QE identity (v2,
 * id "QE") in Intel's PCS response shape, signed by the TCB-signing key
 * over the exact bytes of the inner object (sgx-dcap.md §3.4 steps 7–8),
 * so the same verifier reads Keep and Intel collateral. A Keep platform has
 * one TCB level, UpToDate, at KEEP_PLATFORM_TCB_SVN. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/sha.h>
#include <openssl/x509.h>

#include "internal.h"

#define VALID_SECONDS ((time_t)5 * 365 * 86400)
#define VALID_SECONDS_SIM ((time_t)25 * 365 * 86400)
#define JSON_MAX 4096

static void iso_time(char out[24], time_t t)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void hex(char *out, const uint8_t *b, size_t n, bool upper)
{
    static const char lo[] = "0123456789abcdef", up[] = "0123456789ABCDEF";
    const char *digits = upper ? up : lo;
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[b[i] >> 4];
        out[2 * i + 1] = digits[b[i] & 15];
    }
    out[2 * n] = '\0';
}

/* ECDSA-P256-SHA256 over msg, as 128 hex digits of raw r‖s. */
static bool sign_hex(char out[129], EVP_PKEY *key, const char *msg, size_t len)
{
    uint8_t raw[64];
    if (!keep_pf_sign_raw(raw, key, (const uint8_t *)msg, len))
        return false;
    hex(out, raw, sizeof(raw), false);
    return true;
}

void keep_pf_qe_identity(uint8_t mr_signer[32], EVP_PKEY *root_key)
{
    uint8_t *der = NULL;
    int len = i2d_PUBKEY(root_key, &der);
    memset(mr_signer, 0, 32);
    if (len > 0)
        SHA256(der, (size_t)len, mr_signer);
    OPENSSL_free(der);
}

static int tcb_info_body(char *out, size_t size, const char *issued, const char *next,
                         bool simulation)
{
    static const uint8_t real[] = KEEP_PLATFORM_FMSPC, sim[] = KEEP_PLATFORM_SIM_FMSPC;
    static const uint8_t pce_id[] = KEEP_PLATFORM_PCE_ID;
    const uint8_t *fmspc = simulation ? sim : real;
    char fmspc_hex[13], pce_hex[5], comps[16 * 12 + 1] = "";
    hex(fmspc_hex, fmspc, KEEP_PLATFORM_FMSPC_SIZE, false);
    hex(pce_hex, pce_id, sizeof(pce_id), false);
    for (int i = 0; i < 16; i++) {
        char one[16];
        snprintf(one, sizeof(one), "%s{\"svn\":%d}", i ? "," : "", KEEP_PLATFORM_TCB_SVN);
        strcat(comps, one);
    }
    return snprintf(out, size,
                    "{\"id\":\"SGX\",\"version\":3,\"issueDate\":\"%s\",\"nextUpdate\":\"%s\","
                    "\"fmspc\":\"%s\",\"pceId\":\"%s\",\"tcbType\":0,"
                    "\"tcbEvaluationDataNumber\":1,\"tcbLevels\":[{\"tcb\":{"
                    "\"sgxtcbcomponents\":[%s],\"pcesvn\":%d},\"tcbDate\":\"%s\","
                    "\"tcbStatus\":\"UpToDate\"}]}",
                    issued, next, fmspc_hex, pce_hex, comps, KEEP_PLATFORM_TCB_SVN, issued);
}

static int qe_identity_body(char *out, size_t size, const char *issued, const char *next,
                            EVP_PKEY *root_key)
{
    uint8_t mr_signer[32];
    char mr_signer_hex[65];
    keep_pf_qe_identity(mr_signer, root_key);
    hex(mr_signer_hex, mr_signer, sizeof(mr_signer), true);
    return snprintf(out, size,
                    "{\"id\":\"QE\",\"version\":2,\"issueDate\":\"%s\",\"nextUpdate\":\"%s\","
                    "\"tcbEvaluationDataNumber\":1,\"miscselect\":\"00000000\","
                    "\"miscselectMask\":\"FFFFFFFF\","
                    "\"attributes\":\"01000000000000000000000000000000\","
                    "\"attributesMask\":\"FBFFFFFFFFFFFFFF0000000000000000\","
                    "\"mrsigner\":\"%s\",\"isvprodid\":%d,\"tcbLevels\":[{\"tcb\":{\"isvsvn\":%d},"
                    "\"tcbDate\":\"%s\",\"tcbStatus\":\"UpToDate\"}]}",
                    issued, next, mr_signer_hex, KEEP_PLATFORM_QE_PROD_ID, KEEP_PLATFORM_QE_SVN,
                    issued);
}

/* {"<key>":<body>,"signature":"<hex>"} into dir/name. */
static oe_result_t write_signed(const char *dir, const char *name, const char *key,
                                const char *body, int body_len, EVP_PKEY *tcb_key, keep_why *why)
{
    char sig[129], doc[JSON_MAX + 256];
    if (body_len <= 0 || body_len >= JSON_MAX || !sign_hex(sig, tcb_key, body, (size_t)body_len))
        return OE_CRYPTO_ERROR;
    int n = snprintf(doc, sizeof(doc), "{\"%s\":%s,\"signature\":\"%s\"}\n", key, body, sig);
    if (n <= 0 || (size_t)n >= sizeof(doc))
        return OE_FAILURE;
    return keep_pf_write(dir, name, doc, (size_t)n, why);
}

oe_result_t keep_pf_write_collateral(const char *dir, EVP_PKEY *tcb_key, EVP_PKEY *root_key,
                                     bool simulation, keep_why *why)
{
    char issued[24], next[24], body[JSON_MAX];
    time_t now = time(NULL);
    iso_time(issued, now);
    iso_time(next, now + (simulation ? VALID_SECONDS_SIM : VALID_SECONDS));
    int n = tcb_info_body(body, sizeof(body), issued, next, simulation);
    oe_result_t result = write_signed(dir, KEEP_PF_TCB_INFO, "tcbInfo", body, n, tcb_key, why);
    if (result != OE_OK)
        return result;
    n = qe_identity_body(body, sizeof(body), issued, next, root_key);
    return write_signed(dir, KEEP_PF_QE_IDENTITY, "enclaveIdentity", body, n, tcb_key, why);
}
