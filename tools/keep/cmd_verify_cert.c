/* keep verify --cert FILE: verifies an attested TLS certificate (DER or
 * PEM) as a TLS client would (oe_verify_attestation_certificate_with_
 * evidence_v2: signature, evidence, key binding; the evidence against this
 * machine's platform root and KEEP_TRUSTED_ROOTS, docs/attested-tls.md)
 * and prints who the enclave is. Exit 0 verified, 3 invalid, 64 usage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <openenclave/host_verify.h>

#include "keep_cli.h"

#define MAX_CERT (1024 * 1024)
#define EXIT_INVALID 3

/* PEM → DER in place of the buffer; DER is left as it is. */
static uint8_t* to_der(uint8_t* buf, size_t* len)
{
    if (*len < 11 || memcmp(buf, "-----BEGIN ", 11) != 0)
        return buf;
    BIO* bio = BIO_new_mem_buf(buf, (int)*len);
    X509* cert = bio ? PEM_read_bio_X509(bio, NULL, NULL, NULL) : NULL;
    unsigned char* der = NULL;
    int n = cert ? i2d_X509(cert, &der) : -1;
    uint8_t* out = n > 0 ? malloc((size_t)n) : NULL;
    if (out) {
        memcpy(out, der, (size_t)n);
        *len = (size_t)n;
    }
    OPENSSL_free(der);
    X509_free(cert);
    BIO_free(bio);
    free(buf);
    return out;
}

static void print_claim(const oe_claim_t* c)
{
    static const char* const text[] = {"keep_backend", "keep_trust_root", NULL};
    printf("  %-22s ", c->name);
    for (size_t i = 0; text[i]; i++)
        if (strcmp(c->name, text[i]) == 0) {
            printf("%.*s\n", (int)strnlen((const char*)c->value, c->value_size), c->value);
            return;
        }
    for (size_t i = 0; i < c->value_size && i < 64; i++)
        printf("%02x", c->value[i]);
    printf("%s\n", c->value_size > 64 ? "..." : "");
}

int keep_verify_cert(const char* path)
{
    size_t len = 0;
    uint8_t* buf = keep_cli_read_file(path, MAX_CERT, &len);
    if (!buf)
        return KEEP_EXIT_USAGE;
    buf = to_der(buf, &len);
    oe_claim_t* claims = NULL;
    size_t count = 0;
    oe_result_t r = buf ? oe_verify_attestation_certificate_with_evidence_v2(
                              buf, len, NULL, 0, NULL, 0, &claims, &count)
                        : OE_INVALID_PARAMETER;
    printf("%s: %s (%s)\n", path, r == OE_OK ? "verified" : "INVALID", oe_result_str(r));
    for (size_t i = 0; i < count; i++)
        if (strcmp(claims[i].name, OE_CLAIM_CUSTOM_CLAIMS_BUFFER) != 0)
            print_claim(&claims[i]);
    oe_free_claims(claims, count);
    free(buf);
    return r == OE_OK ? 0 : EXIT_INVALID;
}
