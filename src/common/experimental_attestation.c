/* OE's experimental attestation plug-ins that Keep does not implement
 * (EEID, TDX; openenclave-api.md Appendix A): present so OE code links,
 * answering OE_UNSUPPORTED. Host and enclave. */
#include <stdio.h>
#include <stdlib.h>

#include <openenclave/attestation/sgx/eeid_attester.h>
#include <openenclave/attestation/sgx/eeid_verifier.h>
#include <openenclave/attestation/tdx/evidence.h>

/* Says once per call why the answer is OE_UNSUPPORTED: code ported from OE
 * may not check the result of an initializer. stderr, because this file
 * serves host, enclave and verifier alike (each has its own log). */
static oe_result_t unsupported(const char *function)
{
    fprintf(stderr, "%s: OE's experimental EEID/TDX attestation is not supported by Keep "
                    "(OE_UNSUPPORTED)\n", function);
    return OE_UNSUPPORTED;
}

oe_result_t oe_sgx_eeid_attester_initialize(void)
{
    return unsupported(__func__);
}

oe_result_t oe_sgx_eeid_attester_shutdown(void)
{
    return unsupported(__func__);
}

oe_result_t oe_sgx_eeid_verifier_initialize(void)
{
    return unsupported(__func__);
}

oe_result_t oe_sgx_eeid_verifier_shutdown(void)
{
    return unsupported(__func__);
}

oe_result_t oe_tdx_verifier_initialize(void)
{
    return unsupported(__func__);
}

oe_result_t oe_tdx_verifier_shutdown(void)
{
    return unsupported(__func__);
}

oe_result_t oe_get_tdx_endorsements(const uint8_t *evidence_buffer, uint32_t evidence_buffer_size,
                                    uint8_t **endorsements_buffer,
                                    uint32_t *endorsements_buffer_size)
{
    (void)evidence_buffer;
    (void)evidence_buffer_size;
    if (endorsements_buffer)
        *endorsements_buffer = NULL;
    if (endorsements_buffer_size)
        *endorsements_buffer_size = 0;
    return unsupported(__func__);
}

void oe_free_tdx_endorsements(uint8_t *endorsements_buffer)
{
    free(endorsements_buffer);
}

oe_result_t oe_get_tdx_fmspc_from_quote(const uint8_t *quote, uint32_t quote_size, uint8_t *fmspc,
                                        uint32_t fmspc_size)
{
    (void)quote;
    (void)quote_size;
    (void)fmspc;
    (void)fmspc_size;
    return unsupported(__func__);
}
