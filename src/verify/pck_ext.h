/* PCK certificate SGX extension (OID 1.2.840.113741.1.13.1, sgx-dcap.md
 * §3.6). Internal to liboehostverify. */
#ifndef KEEP_VERIFY_PCK_EXT_H
#define KEEP_VERIFY_PCK_EXT_H

#include <keep/verify.h>
#include <openssl/x509.h>

#define KEEP_SGX_EXT_OID "1.2.840.113741.1.13.1"
#define KEEP_PCK_EXT_MAX_SIZE 4096

/* Parses the extension's value (the DER SEQUENCE inside the OCTET STRING).
 * Requires PPID, TCB (16 comps, PCESVN, CPUSVN), PCE-ID, FMSPC and SGX
 * Type exactly once; PlatformInstanceID and Configuration are optional;
 * other OIDs in the arc are ignored. OE_INVALID_SGX_CERTIFICATE_EXTENSIONS
 * with `err` naming the item on any violation; trailing bytes are errors. */
oe_result_t keep_pck_ext_parse(keep_pck_info_t* out, const uint8_t* der,
                               size_t len, char* err, size_t err_size);

/* The extension's value in `cert` (exactly once), borrowed from `cert`;
 * OE_INVALID_SGX_CERTIFICATE_EXTENSIONS with `err` when absent or twice. */
oe_result_t keep_pck_ext_find(const uint8_t** der, size_t* size, X509* cert, char* err,
                              size_t err_size);

/* Finds the extension in `cert` (exactly once) and parses it. */
oe_result_t keep_pck_ext_from_cert(keep_pck_info_t* out, X509* cert,
                                   char* err, size_t err_size);

/* True when `cert` carries the SGX extension (a PCK leaf). */
int keep_pck_ext_present(X509* cert);

#endif
