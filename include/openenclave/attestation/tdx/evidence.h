/* OE's TDX evidence helpers (openenclave-api.md Appendix A). Keep verifies
 * SGX quotes only: these give OE_UNSUPPORTED (the free is a no-op on NULL). */
#ifndef _OE_ATTESTATION_TDX_EVIDENCE_H
#define _OE_ATTESTATION_TDX_EVIDENCE_H

#include "../../bits/defs.h"
#include "../../bits/result.h"

OE_EXTERNC_BEGIN

/* 8ba70286-c1cf-11ed-afa1-0242ac120002 */
#define OE_FORMAT_UUID_TDX_QUOTE_ECDSA                                                   \
    {                                                                                    \
        0x8b, 0xa7, 0x02, 0x86, 0xc1, 0xcf, 0x11, 0xed, 0xaf, 0xa1, 0x02, 0x42, 0xac, 0x12, \
            0x00, 0x02                                                                   \
    }

oe_result_t oe_tdx_verifier_initialize(void);
oe_result_t oe_tdx_verifier_shutdown(void);
oe_result_t oe_get_tdx_endorsements(const uint8_t* evidence_buffer, uint32_t evidence_buffer_size,
                                    uint8_t** endorsements_buffer,
                                    uint32_t* endorsements_buffer_size);
void oe_free_tdx_endorsements(uint8_t* endorsements_buffer);
oe_result_t oe_get_tdx_fmspc_from_quote(const uint8_t* quote, uint32_t quote_size, uint8_t* fmspc,
                                        uint32_t fmspc_size);

OE_EXTERNC_END

#endif
