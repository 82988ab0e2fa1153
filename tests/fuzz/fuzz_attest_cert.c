/* libFuzzer harness for keep_attest_cert_parse (src/verify/
 * attest_cert_parse.c), which parses a peer's attested TLS certificate
 * before any evidence is verified: DER, self-signature, the evidence
 * extension (new and legacy OIDs) and the public key. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attest_cert.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    keep_attest_cert c;
    if (keep_attest_cert_parse(&c, data, size) != OE_OK)
        return 0;
    if (!c.cert || !c.evidence || c.evidence_size == 0 || !c.public_key_pem ||
        strlen(c.public_key_pem) != c.public_key_pem_size ||
        (c.kind != KEEP_CERT_EVIDENCE && c.kind != KEEP_CERT_REPORT))
        __builtin_trap();
    keep_attest_cert_free(&c);
    return 0;
}
