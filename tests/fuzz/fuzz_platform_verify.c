/* libFuzzer harness for the platform's VERIFY_EVIDENCE payload parser and
 * verifier (keep_verify_platform_request, src/verify/platform_verify.c):
 * what an enclave sends the platform to verify remote evidence. Runs with
 * the published simulation root in memory, as a simulation platform; an
 * answer with claims (OE_OK, or OE_TCB_LEVEL_INVALID for genuine evidence
 * of a TCB status OE does not accept) must fit and parse back as OE custom
 * claims (what liboeenclave parses it with). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openenclave/attestation/custom_claims.h>

#include "../../src/common/platform_wire.h"
#include "../../src/common/sim_root.h"
#include "platform_verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static keep_root *root;
static uint8_t out[KEEP_PLATFORM_MAX_PAYLOAD];

static void open_root(void)
{
    const char *const blobs[KEEP_ROOT_FILE_COUNT] = {
        keep_sim_root_pem,     keep_sim_platform_ca_pem, keep_sim_tcb_signing_pem,
        keep_sim_root_crl_pem, keep_sim_pck_crl_pem,     keep_sim_tcb_info_json,
        keep_sim_qe_identity_json};
    keep_root_files files;
    for (size_t i = 0; i < KEEP_ROOT_FILE_COUNT; i++) {
        files.data[i] = (const uint8_t *)blobs[i];
        files.size[i] = strlen(blobs[i]);
    }
    if (keep_root_new(&root, &files, 1, "fuzz") != OE_OK)
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!root)
        open_root();
    size_t written = 0;
    oe_result_t r = keep_verify_platform_request(root, true, data, size, out, sizeof(out),
                                                 &written);
    /* Claims come with OE_OK, and with OE_TCB_LEVEL_INVALID when the
     * evidence is genuine; never with another result. */
    if (r != OE_OK && (r != OE_TCB_LEVEL_INVALID || written == 0))
        return written == 0 ? 0 : (__builtin_trap(), 0);
    oe_claim_t *claims = NULL;
    size_t count = 0;
    if (written > sizeof(out) ||
        oe_deserialize_custom_claims(out, written, &claims, &count) != OE_OK || count == 0)
        __builtin_trap();
    oe_free_custom_claims(claims, count);
    return 0;
}
