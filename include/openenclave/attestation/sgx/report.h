/* SGX report helpers, as Open Enclave's
 * <openenclave/attestation/sgx/report.h> (openenclave-api.md Appendix A). */
#ifndef _OE_ATTESTATION_SGX_REPORT_H
#define _OE_ATTESTATION_SGX_REPORT_H

#include "../../bits/defs.h"
#include "../../bits/result.h"

OE_EXTERNC_BEGIN

/* The signer id (MRSIGNER: SHA-256 of the little-endian RSA modulus, as
 * SGX defines it) of the RSA-3072 public key in `pem` (pem_size bytes,
 * including its terminating NUL). *signer_id_size is the capacity on entry
 * and 32 on return; OE_BUFFER_TOO_SMALL when under 32;
 * OE_INVALID_PARAMETER when the PEM is not an RSA public key of 3072 bits. */
oe_result_t oe_sgx_get_signer_id_from_public_key(const char* pem, size_t pem_size,
                                                 uint8_t* signer_id, size_t* signer_id_size);

OE_EXTERNC_END

#endif
