/* Remote reports (quotes) on the host: verified by liboehostverify when
 * the application links it (oe_verify_evidence does the full job with
 * policies and claims); liboehost alone cannot. */
#include "host_enclave.h"

__attribute__((weak)) oe_result_t keep_host_verify_remote_report(const uint8_t *quote,
                                                                 size_t quote_size)
{
    (void)quote;
    (void)quote_size;
    return OE_UNSUPPORTED;
}
