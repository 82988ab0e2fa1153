/* Host-side verification of remote attestation evidence, as Open
 * Enclave's <openenclave/host_verify.h>: for programs that verify but do
 * not host enclaves (link liboehostverify, pkg-config oehostverify-*).
 *
 * Keep provides the evidence API (attestation/verifier.h, included here);
 * OE's report-based oe_verify_remote_report() and
 * oe_verify_attestation_certificate() need oe_report_t from bits/report.h
 * and are not provided yet (docs/verification.md). */
#ifndef _OE_HOST_VERIFY_H
#define _OE_HOST_VERIFY_H

#ifdef _OE_ENCLAVE_H
#error "enclave.h must not be in the same compilation unit as host_verify.h"
#endif

#include "attestation/verifier.h"
#include "bits/defs.h"
#include "bits/evidence.h"
#include "bits/result.h"

#endif
