/* libFuzzer harness for the ELF section, program header and DT_NEEDED reader
 * (src/common/elf.c), which reads enclave images before anything else has
 * checked them. */
#include <stdint.h>
#include <string.h>

#include "../../src/common/elf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every name reported must be readable up to its terminator. */
static void touch_name(const char *name, void *ctx)
{
    volatile size_t *total = ctx;
    *total += strlen(name);
}

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
    /* The program header reader: every segment it accepts lies inside the
     * input, and so does every address range it translates. */
    size_t total = 0;
    (void)keep_elf_needed(data, size, touch_name, &total);
    Elf64_Ehdr ehdr;
    size_t count;
    if (keep_elf_read_header(data, size, &ehdr, &count) != OE_OK)
        return 0;
    for (size_t i = 0; i < count; i++) {
        Elf64_Phdr phdr;
        size_t at;
        if (keep_elf_read_segment(data, size, &ehdr, i, &phdr) != OE_OK || !phdr.p_filesz ||
            (phdr.p_type != PT_LOAD && phdr.p_type != PT_DYNAMIC))
            continue;
        volatile uint8_t sink = data[phdr.p_offset + phdr.p_filesz - 1];
        (void)sink;
        if (keep_elf_vaddr_to_offset(data, size, &ehdr, phdr.p_vaddr, phdr.p_filesz, &at) ==
            OE_OK) {
            volatile uint8_t last = data[at + phdr.p_filesz - 1];
            (void)last;
        }
    }
    return 0;
}
