/* OE's experimental EEID attester plug-in (extended enclave initialisation
 * data). Keep has no EEID: initialising it gives OE_UNSUPPORTED. */
#ifndef _OE_ATTESTATION_SGX_EEID_ATTESTER_H
#define _OE_ATTESTATION_SGX_EEID_ATTESTER_H

#include "../../bits/defs.h"
#include "../../bits/result.h"

OE_EXTERNC_BEGIN

oe_result_t oe_sgx_eeid_attester_initialize(void);
oe_result_t oe_sgx_eeid_attester_shutdown(void);

OE_EXTERNC_END

#endif
