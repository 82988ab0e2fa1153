/* See measure.h: finding an image's properties (.oeinfo). */
#include <string.h>

#include "elf.h"
#include "measure.h"

static oe_result_t locate(keep_oeinfo *oeinfo, const uint8_t *image, size_t size,
                          keep_why *why)
{
    size_t offset, length;
    Elf64_Ehdr ehdr;
    size_t count;
    if (keep_elf_read_header(image, size, &ehdr, &count) != OE_OK) {
        keep_why_set(why, "not an x86-64 ELF shared object with a valid program header table");
        return OE_INVALID_IMAGE;
    }
    oe_result_t result = keep_elf_find_section(image, size, OE_INFO_SECTION_NAME, &offset,
                                               &length);
    if (result == OE_NOT_FOUND) {
        keep_why_set(why, "no %s section (is the image linked with liboeenclave?)",
                     OE_INFO_SECTION_NAME);
        return OE_UNSUPPORTED_ENCLAVE_IMAGE;
    }
    if (result != OE_OK) {
        keep_why_set(why, "malformed ELF section headers");
        return OE_INVALID_IMAGE;
    }
    if (length != sizeof(oe_sgx_enclave_properties_t)) {
        keep_why_set(why, "the %s section is %zu bytes, not %zu", OE_INFO_SECTION_NAME, length,
                     sizeof(oe_sgx_enclave_properties_t));
        return OE_INVALID_IMAGE;
    }
    Elf64_Phdr phdr;
    if (keep_elf_load_segment_of(image, size, &ehdr, KEEP_ELF_OFFSET, offset, length, &phdr) !=
            OE_OK ||
        (phdr.p_flags & PF_X)) {
        keep_why_set(why, "the %s section is not inside one non-executable loadable segment",
                     OE_INFO_SECTION_NAME);
        return OE_INVALID_IMAGE;
    }
    oeinfo->offset = offset;
    oeinfo->vaddr = phdr.p_vaddr + (offset - phdr.p_offset);
    return OE_OK;
}

oe_result_t keep_oeinfo_find(keep_oeinfo *oeinfo, const uint8_t *image, size_t size,
                             keep_why *why)
{
    memset(oeinfo, 0, sizeof(*oeinfo));
    oe_result_t result = locate(oeinfo, image, size, why);
    if (result != OE_OK)
        return result;
    oe_sgx_enclave_properties_t *p = &oeinfo->properties;
    memcpy(p, image + oeinfo->offset, sizeof(*p));
    if (p->header.size != sizeof(*p) || p->end_marker != OE_SGX_ENCLAVE_PROPERTIES_END_MARKER) {
        keep_why_set(why, "the %s section does not hold an oe_sgx_enclave_properties_t",
                     OE_INFO_SECTION_NAME);
        memset(oeinfo, 0, sizeof(*oeinfo));
        return OE_INVALID_IMAGE;
    }
    return OE_OK;
}
