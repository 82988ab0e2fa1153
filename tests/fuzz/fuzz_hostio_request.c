/* libFuzzer harness for the host's parser of host I/O requests
 * (src/host/hostio/parse.c): whatever the enclave writes, a request that
 * parses has its paths and data inside the buffer, NUL-terminated where
 * stated, and accounts for every byte. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/host/hostio/hostio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *copy = malloc(size ? size : 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    keep_hostio_parsed p;
    if (keep_hostio_parse(&p, copy, size)) {
        const keep_hostio_request *r = &p.request;
        size_t used = sizeof(*r) + r->path_size + r->path2_size + r->data_size;
        if (used != size || r->op == 0 || r->op >= KEEP_HOSTIO_OP_COUNT)
            __builtin_trap();
        if ((p.path && strlen(p.path) + 1 != r->path_size) ||
            (p.path2 && strlen(p.path2) + 1 != r->path2_size))
            __builtin_trap();
        if (p.data + r->data_size != copy + size)
            __builtin_trap();
    }
    free(copy);
    return 0;
}
