/* oe_verify_remote_report (host_verify.h): an OE remote report is the OE
 * report header followed by a quote, which is the evidence format
 * OE_FORMAT_UUID_LEGACY_REPORT_REMOTE; it is verified by the same path as
 * every other piece of evidence (oe_verify_evidence). */
#include <openenclave/attestation/sgx/evidence.h>
#include <openenclave/host_verify.h>

#include "../common/oe_report.h"

oe_result_t oe_verify_remote_report(const uint8_t *report, size_t report_size,
                                    const uint8_t *endorsements, size_t endorsements_size,
                                    oe_report_t *parsed_report)
{
    static const oe_uuid_t legacy_remote = {OE_FORMAT_UUID_LEGACY_REPORT_REMOTE};
    oe_report_t parsed;
    keep_sgx_report_body body;
    bool remote = false;
    if (!report || (!endorsements && endorsements_size))
        return OE_INVALID_PARAMETER;
    oe_result_t result = keep_oe_report_parse(report, report_size, &parsed, &body, &remote);
    if (result != OE_OK)
        return result;
    /* A local report can only be checked by its target enclave. */
    if (!remote)
        return OE_UNSUPPORTED;
    result = oe_verify_evidence(&legacy_remote, report, report_size, endorsements,
                                endorsements_size, NULL, 0, NULL, NULL);
    if (result == OE_OK && parsed_report)
        *parsed_report = parsed;
    return result;
}
