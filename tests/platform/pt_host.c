/* See pt_host.h. */
#include <string.h>

#include "pt_host.h"
#include "pt_u.h"

int pt_failures;
const char *pt_backend = "sandbox";

oe_enclave_t *pt_create(const char *path, const char *dir, bool debug)
{
    if (dir)
        setenv("KEEP_PLATFORM_DIR", dir, 1);
    uint32_t flags = (debug ? OE_ENCLAVE_FLAG_DEBUG : 0) |
                     (strcmp(pt_backend, "sim") == 0 ? OE_ENCLAVE_FLAG_SIMULATE : 0);
    oe_enclave_t *enclave = NULL;
    oe_result_t r = oe_create_pt_enclave(path, OE_ENCLAVE_TYPE_AUTO, flags, NULL, 0, &enclave);
    if (r != OE_OK) {
        fprintf(stderr, "cannot create %s on %s: %s\n", path, pt_backend, oe_result_str(r));
        exit(2);
    }
    return enclave;
}
