/* The simulation platform. Its secrets are PUBLISHED here on purpose:
 * anyone can compute sim seal keys and forge sim reports, which is what
 * simulation means. Evidence from it always says simulation (its own FMSPC
 * and QE vendor id), and verifiers refuse it unless told to allow it.
 *
 * seal root  = SHA-256("Keep simulation platform seal root (public)")
 * report key = SHA-256("Keep simulation platform report key (public)") */
#include <string.h>

#include <openssl/sha.h>

#include "internal.h"

static void public_secret(uint8_t out[KEEP_PLATFORM_SECRET_SIZE], const char *label)
{
    SHA256((const uint8_t *)label, strlen(label), out);
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
    *platform = p;
    return OE_OK;
}
