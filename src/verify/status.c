/* TCB status names, QVL result codes and convergence (sgx-dcap.md §3.4
 * steps 10-11). */
#include <string.h>

#include <keep/verify.h>

#include "tcb_eval.h"

static const char* const status_names[] = {
    [KEEP_TCB_UP_TO_DATE] = "UpToDate",
    [KEEP_TCB_OUT_OF_DATE] = "OutOfDate",
    [KEEP_TCB_REVOKED] = "Revoked",
    [KEEP_TCB_CONFIGURATION_NEEDED] = "ConfigurationNeeded",
    [KEEP_TCB_OUT_OF_DATE_CONFIGURATION_NEEDED] = "OutOfDateConfigurationNeeded",
    [KEEP_TCB_SW_HARDENING_NEEDED] = "SWHardeningNeeded",
    [KEEP_TCB_CONFIGURATION_AND_SW_HARDENING_NEEDED] =
        "ConfigurationAndSWHardeningNeeded",
    [KEEP_TCB_TD_RELAUNCH_ADVISED] = "TDRelaunchAdvised",
    [KEEP_TCB_TD_RELAUNCH_ADVISED_CONFIG_NEEDED] =
        "TDRelaunchAdvisedConfigurationNeeded",
};

const char* keep_tcb_status_str(keep_tcb_status_t status)
{
    if ((size_t)status < sizeof(status_names) / sizeof(status_names[0]))
        return status_names[status];
    return "Invalid";
}

keep_tcb_status_t keep_tcb_status_from_str(const char* str)
{
    for (size_t i = 0; str && i < sizeof(status_names) / sizeof(status_names[0]);
         i++)
        if (strcmp(str, status_names[i]) == 0)
            return (keep_tcb_status_t)i;
    return KEEP_TCB_INVALID;
}

uint32_t keep_tcb_status_qv_result(keep_tcb_status_t status)
{
    switch (status) {
    case KEEP_TCB_UP_TO_DATE: return 0x0000;
    case KEEP_TCB_CONFIGURATION_NEEDED: return 0xA001;
    case KEEP_TCB_OUT_OF_DATE: return 0xA002;
    case KEEP_TCB_OUT_OF_DATE_CONFIGURATION_NEEDED: return 0xA003;
    case KEEP_TCB_REVOKED: return 0xA005;
    case KEEP_TCB_SW_HARDENING_NEEDED: return 0xA007;
    case KEEP_TCB_CONFIGURATION_AND_SW_HARDENING_NEEDED: return 0xA008;
    case KEEP_TCB_TD_RELAUNCH_ADVISED: return 0xA009;
    case KEEP_TCB_TD_RELAUNCH_ADVISED_CONFIG_NEEDED: return 0xA00A;
    default: return 0xA006; /* UNSPECIFIED */
    }
}

static void add_advisories(keep_tcb_verdict_t* out, const keep_tcb_verdict_t* in)
{
    for (size_t i = 0; i < in->advisory_count; i++) {
        int dup = 0;
        for (size_t j = 0; j < out->advisory_count && !dup; j++)
            dup = strcmp(out->advisories[j], in->advisories[i]) == 0;
        if (!dup && out->advisory_count < KEEP_VERIFY_MAX_ADVISORIES)
            memcpy(out->advisories[out->advisory_count++], in->advisories[i],
                   KEEP_VERIFY_ADVISORY_SIZE);
    }
}

/* Intel QVL rule: a QE that is OutOfDate drags the platform status down;
 * a Revoked QE revokes; otherwise the platform status stands. Advisory IDs
 * of both are reported (the QE's only when it is not UpToDate). */
void keep_tcb_converge(keep_tcb_verdict_t* out, const keep_tcb_verdict_t* platform,
                       const keep_tcb_verdict_t* qe)
{
    *out = *platform;
    if (qe->status == KEEP_TCB_REVOKED) {
        out->status = KEEP_TCB_REVOKED;
    } else if (qe->status == KEEP_TCB_OUT_OF_DATE) {
        switch (platform->status) {
        case KEEP_TCB_UP_TO_DATE:
        case KEEP_TCB_SW_HARDENING_NEEDED:
            out->status = KEEP_TCB_OUT_OF_DATE;
            break;
        case KEEP_TCB_CONFIGURATION_NEEDED:
        case KEEP_TCB_CONFIGURATION_AND_SW_HARDENING_NEEDED:
            out->status = KEEP_TCB_OUT_OF_DATE_CONFIGURATION_NEEDED;
            break;
        default:
            break;
        }
    }
    if (qe->status != KEEP_TCB_UP_TO_DATE)
        add_advisories(out, qe);
}
