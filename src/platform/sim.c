/* The simulation platform. Its secrets are PUBLISHED here on purpose:
 * anyone can compute sim seal keys, forge sim reports and sign sim quotes,
 * which is what simulation means. Evidence from it always says simulation
 * (its own root, FMSPC and QE vendor id), and verifiers refuse it unless
 * told to allow it (docs/platform.md).
 *
 * seal root  = SHA-256("Keep simulation platform seal root (public)")
 * report key = SHA-256("Keep simulation platform report key (public)")
 * attestation key and certificates: sim_key.c and src/common/sim_root.c */
#include <stdlib.h>
#include <string.h>

#include <openssl/pem.h>
#include <openssl/sha.h>

#include "../common/sim_root.h"
#include "internal.h"

extern const char keep_sim_attestation_key_pem[];

static void public_secret(uint8_t out[KEEP_PLATFORM_SECRET_SIZE], const char *label)
{
    SHA256((const uint8_t *)label, strlen(label), out);
}

static oe_result_t load_sim_quoting(keep_platform *p)
{
    BIO *bio = BIO_new_mem_buf(keep_sim_attestation_key_pem, -1);
    p->attest_key = bio ? PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL) : NULL;
    BIO_free(bio);
    const char *parts[] = {keep_sim_attestation_pem, keep_sim_platform_ca_pem, keep_sim_root_pem};
    size_t total = 1;
    for (size_t i = 0; i < 3; i++)
        total += strlen(parts[i]);
    p->chain_pem = malloc(total);
    if (!p->attest_key || !p->chain_pem)
        return OE_CRYPTO_ERROR;
    p->chain_pem[0] = '\0';
    for (size_t i = 0; i < 3; i++)
        strcat(p->chain_pem, parts[i]);
    p->chain_pem_size = total;
    return keep_pf_qe_signer_from_pem(p, keep_sim_root_pem, strlen(keep_sim_root_pem));
}

oe_result_t keep_platform_open_sim(keep_platform **platform)
{
    *platform = NULL;
    keep_platform *p;
    oe_result_t result = keep_pf_new_sim(&p);
    if (result != OE_OK)
        return result;
    public_secret(p->seal_root, "Keep simulation platform seal root (public)");
    public_secret(p->report_key, "Keep simulation platform report key (public)");
    result = load_sim_quoting(p);
    if (result != OE_OK) {
        keep_platform_close(p);
        return result;
    }
    *platform = p;
    return OE_OK;
}
