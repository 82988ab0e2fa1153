/* Evidence verification for the Keep platform (VERIFY_EVIDENCE,
 * src/common/platform_wire.h): the host's oe_verify_evidence with the Keep
 * root given in memory. Internal to liboehostverify and its users. */
#ifndef KEEP_VERIFY_PLATFORM_VERIFY_H
#define KEEP_VERIFY_PLATFORM_VERIFY_H

#include <stdbool.h>

#include <openenclave/attestation/verifier.h>

#include "keep_roots.h"

/* oe_verify_evidence (oe_verifier.c), but Keep quotes are checked against
 * `root` (a list: the first that verifies) only (NULL: the trusted roots
 * of keep_roots.c) and simulation quotes only when allow_sim. */
oe_result_t keep_verify_evidence_with(const keep_root *root, int allow_sim,
                                      const oe_uuid_t *format_id, const uint8_t *evidence,
                                      size_t evidence_size, const uint8_t *endorsements,
                                      size_t endorsements_size, const oe_policy_t *policies,
                                      size_t policies_size, oe_claim_t **claims,
                                      size_t *claims_length);

/* A keep_platform_verifier (src/platform/platform.h): parses one
 * VERIFY_EVIDENCE payload (exact sizes, no unknown flags), verifies, and
 * writes the claims serialized as OE custom claims into out (also with
 * OE_TCB_LEVEL_INVALID, when the evidence is genuine and the request sets
 * KEEP_PLATFORM_VERIFY_TCB_CLAIMS). ctx is the const
 * keep_root list the platform trusts (this platform's root and its
 * trusted-roots/, loaded before confinement); NULL only on the simulation
 * platform (in the host process, which may read files): then
 * keep_root_platform_config(), the same configuration read when used, so
 * that sim and sandbox enclaves trust the same roots. Simulation evidence
 * is accepted only when the request asks and the platform is the
 * simulation platform. */
oe_result_t keep_verify_platform_request(const void *ctx, bool simulation,
                                         const uint8_t *request, size_t size, uint8_t *out,
                                         size_t out_capacity, size_t *written);

#endif
