/* Remote reports (quotes) in the host's oe_verify_report. Verification
 * lives in liboehostverify, which liboehost does not link: when the
 * application links it too, it registers its quote verifier here (from a
 * constructor beside oe_verify_evidence and oe_verifier_initialize). */
#include "host_enclave.h"

typedef oe_result_t (*keep_quote_verifier)(const uint8_t *quote, size_t quote_size);

static keep_quote_verifier quote_verifier;

/* Called by liboehostverify (a weak reference there). */
OE_EXPORT void keep_host_set_quote_verifier(keep_quote_verifier verifier);

void keep_host_set_quote_verifier(keep_quote_verifier verifier)
{
    quote_verifier = verifier;
}

oe_result_t keep_host_verify_remote_report(const uint8_t *quote, size_t quote_size)
{
    return quote_verifier ? quote_verifier(quote, quote_size) : OE_UNSUPPORTED;
}
