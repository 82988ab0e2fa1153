/* libFuzzer harness for the enclave's check of directory records a host
 * returns (src/runner/hostio_check.c): records it accepts tile the buffer
 * exactly, each with a NUL-terminated name inside it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/runner/hostio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *copy = malloc(size ? size : 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    if (keep_hostio_dirents_plausible(copy, size)) {
        for (size_t off = 0; off < size;) {
            keep_hostio_dirent d;
            memcpy(&d, copy + off, sizeof(d));
            const char *name = (const char *)copy + off + offsetof(keep_hostio_dirent, name);
            size_t room = d.record_size - offsetof(keep_hostio_dirent, name);
            if (d.record_size < sizeof(d) || d.record_size > size - off ||
                strnlen(name, room) == room || memchr(name, '/', strlen(name)))
                __builtin_trap();
            off += d.record_size;
        }
    }
    free(copy);
    return 0;
}
