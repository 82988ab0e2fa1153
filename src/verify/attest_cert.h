/* Attested TLS certificates (openenclave-api.md §2.7): the OIDs and the
 * parser shared by the enclave's generator, the verifier (host and
 * enclave) and the fuzzer. */
#ifndef KEEP_VERIFY_ATTEST_CERT_H
#define KEEP_VERIFY_ATTEST_CERT_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/x509.h>

#include <openenclave/bits/result.h>

/* Written: OE's "new OE evidence" OID (DER 2B 06 01 04 01 82 37 69 02). */
#define KEEP_OID_NEW_OE_EVIDENCE "1.3.6.1.4.1.311.105.2"
/* Accepted, as OE looks for them (internal/report.h, internal/evidence.h). */
#define KEEP_OID_LEGACY_OE_REPORT "1.2.840.113556.10.1.1"
#define KEEP_OID_NEW_OE_REPORT "1.3.6.1.4.1.311.105.1"
#define KEEP_OID_LEGACY_OE_EVIDENCE "1.2.840.113556.10.1.2"

/* No certificate (or evidence in one) is larger. */
#define KEEP_ATTEST_CERT_MAX_SIZE (1024 * 1024)

typedef enum keep_cert_evidence_kind {
    KEEP_CERT_EVIDENCE = 1, /* OE attestation header ‖ evidence */
    KEEP_CERT_REPORT = 2,   /* an OE remote report (legacy) */
} keep_cert_evidence_kind;

/* The parts of an attested certificate a verifier checks. `evidence`
 * points into `cert`; free with keep_attest_cert_free(). `cert` may be
 * bound to a library context without decoders (attest_cert_parse.c): its
 * fields and extensions read as usual, but X509_get0_pubkey gives NULL,
 * and it has no cached fingerprint and is marked re-encoded, so
 * X509_cmp, X509_digest and X509 stores must not be used on it (they
 * would see any two such certificates as equal, or fail). */
typedef struct keep_attest_cert {
    X509 *cert;
    const uint8_t *evidence;
    size_t evidence_size;
    keep_cert_evidence_kind kind;
    char *public_key_pem; /* NUL-terminated */
    size_t public_key_pem_size; /* without the NUL */
} keep_attest_cert;

/* Parses DER (the whole buffer, no trailing bytes), checks the
 * self-signature and finds the evidence. OE_INVALID_PARAMETER for
 * malformed input, OE_VERIFY_FAILED for a bad signature, OE_NOT_FOUND
 * without an evidence extension. On success the caller frees *out. */
__attribute__((warn_unused_result)) oe_result_t
keep_attest_cert_parse(keep_attest_cert *out, const uint8_t *der, size_t der_size);

/* The same through OpenSSL's generic path only (d2i_X509 and X509_verify
 * in the default library context): keep_attest_cert_parse falls back to it
 * for any certificate its fast path does not handle exactly, and tests and
 * the differential fuzzer hold the two to the same verdict and PEM. */
__attribute__((warn_unused_result)) oe_result_t
keep_attest_cert_parse_generic(keep_attest_cert *out, const uint8_t *der, size_t der_size);

void keep_attest_cert_free(keep_attest_cert *c);

#endif
