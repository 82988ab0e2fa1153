// The data-sealing sample's host: enclave A version 1 seals a secret with
// each policy; A v1 and A v2 (same signer, newer version) and B (another
// signer) try to unseal it. Expected: PRODUCT unseals in A v1 and A v2,
// UNIQUE only in A v1, nothing in B.
#include <openenclave/host.h>
#include <stdio.h>
#include <string.h>

#include "datasealing_u.h"

#define CAP 4096

typedef struct blob {
    unsigned char bytes[CAP];
    size_t size;
} blob;

static oe_enclave_t* create(const char* path, uint32_t flags)
{
    oe_enclave_t* enclave = NULL;
    oe_result_t r = oe_create_datasealing_enclave(path, OE_ENCLAVE_TYPE_AUTO, flags, NULL, 0,
                                                  &enclave);
    if (r != OE_OK)
        fprintf(stderr, "creating %s: %s\n", path, oe_result_str(r));
    return enclave;
}

static int try_unseal(oe_enclave_t* e, const char* who, const char* what, const blob* b,
                      int expect_ok)
{
    unsigned char out[CAP];
    size_t out_size = 0;
    int ret = -1;
    oe_result_t r = unseal_data(e, &ret, b->bytes, b->size, out, sizeof(out), &out_size);
    int ok = r == OE_OK && ret == OE_OK;
    printf("%-24s unseals the %-7s blob: %s%s%.*s\n", who, what,
           ok ? "yes: " : "no (", ok ? "" : oe_result_str(r != OE_OK ? r : (oe_result_t)ret),
           ok ? (int)out_size : 1, ok ? (const char*)out : ")");
    return ok == expect_ok ? 0 : 1;
}

int main(int argc, const char* argv[])
{
    if (argc < 4) {
        fprintf(stderr, "Usage: %s enclave_a_v1 enclave_a_v2 enclave_b [--simulate]\n", argv[0]);
        return 1;
    }
    uint32_t flags = OE_ENCLAVE_FLAG_DEBUG;
    if (argc > 4 && strcmp(argv[4], "--simulate") == 0)
        flags |= OE_ENCLAVE_FLAG_SIMULATE;
    oe_enclave_t* a1 = create(argv[1], flags);
    oe_enclave_t* a2 = create(argv[2], flags);
    oe_enclave_t* b = create(argv[3], flags);
    if (!a1 || !a2 || !b)
        return 1;
    const char secret[] = "the launch code is 0000";
    blob unique, product;
    int ret = -1, failures = 0;
    if (seal_data(a1, &ret, OE_SEAL_POLICY_UNIQUE, (const unsigned char*)secret, sizeof(secret),
                  unique.bytes, CAP, &unique.size) != OE_OK || ret != OE_OK ||
        seal_data(a1, &ret, OE_SEAL_POLICY_PRODUCT, (const unsigned char*)secret, sizeof(secret),
                  product.bytes, CAP, &product.size) != OE_OK || ret != OE_OK) {
        fprintf(stderr, "sealing failed: %s\n", oe_result_str((oe_result_t)ret));
        return 1;
    }
    printf("enclave A v1 sealed %zu bytes: UNIQUE blob %zu bytes, PRODUCT blob %zu bytes\n",
           sizeof(secret), unique.size, product.size);
    failures += try_unseal(a1, "enclave A v1", "UNIQUE", &unique, 1);
    failures += try_unseal(a1, "enclave A v1", "PRODUCT", &product, 1);
    failures += try_unseal(a2, "enclave A v2", "UNIQUE", &unique, 0);
    failures += try_unseal(a2, "enclave A v2", "PRODUCT", &product, 1);
    failures += try_unseal(b, "enclave B (other signer)", "UNIQUE", &unique, 0);
    failures += try_unseal(b, "enclave B (other signer)", "PRODUCT", &product, 0);
    printf("%s\n", failures ? "UNEXPECTED RESULTS" : "data-sealing: all results as expected");
    oe_terminate_enclave(a1);
    oe_terminate_enclave(a2);
    oe_terminate_enclave(b);
    return failures ? 1 : 0;
}
