/* libFuzzer harness for the ELF section reader (src/common/elf.c), which
 * reads enclave images before anything else has checked them. */
#include <stdint.h>
#include <string.h>

#include "../../src/common/elf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {".oeinfo", ".text", ".shstrtab", ""};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        size_t offset = 0, length = 0;
        oe_result_t result = keep_elf_find_section(data, size, names[i], &offset, &length);
        /* A section found must lie inside the input: touch its bytes. */
        if (result == OE_OK && length) {
            volatile uint8_t sink = data[offset] ^ data[offset + length - 1];
            (void)sink;
        }
    }
    return 0;
}
