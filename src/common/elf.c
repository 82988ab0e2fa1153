/* See elf.h. Section headers are copied out of the buffer before use, so
 * the parser works on unaligned input too. */
#include <elf.h>
#include <stdbool.h>
#include <string.h>

#include "elf.h"

/* Checks that [offset, offset+length) lies within `size`. */
static int range_ok(size_t size, uint64_t offset, uint64_t length)
{
    return offset <= size && length <= size - offset;
}

static oe_result_t read_header(const uint8_t *image, size_t size, Elf64_Ehdr *ehdr)
{
    if (size < sizeof(*ehdr))
        return OE_INVALID_IMAGE;
    memcpy(ehdr, image, sizeof(*ehdr));
    if (memcmp(ehdr->e_ident, ELFMAG, SELFMAG) != 0 || ehdr->e_ident[EI_CLASS] != ELFCLASS64 ||
        ehdr->e_ident[EI_DATA] != ELFDATA2LSB || ehdr->e_shentsize != sizeof(Elf64_Shdr))
        return OE_INVALID_IMAGE;
    if (ehdr->e_shnum == 0 || ehdr->e_shstrndx >= ehdr->e_shnum)
        return OE_INVALID_IMAGE;
    if (!range_ok(size, ehdr->e_shoff, (uint64_t)ehdr->e_shnum * sizeof(Elf64_Shdr)))
        return OE_INVALID_IMAGE;
    return OE_OK;
}

static void read_section(const uint8_t *image, const Elf64_Ehdr *ehdr, size_t index,
                         Elf64_Shdr *shdr)
{
    memcpy(shdr, image + ehdr->e_shoff + index * sizeof(Elf64_Shdr), sizeof(*shdr));
}

oe_result_t keep_elf_find_section(const uint8_t *image, size_t size, const char *name,
                                  size_t *section_offset, size_t *section_size)
{
    Elf64_Ehdr ehdr;
    Elf64_Shdr strtab, shdr;
    *section_offset = *section_size = 0;
    if (!image)
        return OE_INVALID_PARAMETER;
    oe_result_t result = read_header(image, size, &ehdr);
    if (result != OE_OK)
        return result;
    read_section(image, &ehdr, ehdr.e_shstrndx, &strtab);
    if (strtab.sh_type != SHT_STRTAB || !range_ok(size, strtab.sh_offset, strtab.sh_size))
        return OE_INVALID_IMAGE;
    const char *names = (const char *)image + strtab.sh_offset;
    size_t name_length = strlen(name);
    for (size_t i = 0; i < ehdr.e_shnum; i++) {
        read_section(image, &ehdr, i, &shdr);
        /* The name and its terminator must lie inside the string table. */
        if (shdr.sh_name >= strtab.sh_size || name_length >= strtab.sh_size - shdr.sh_name)
            continue;
        if (memcmp(names + shdr.sh_name, name, name_length + 1) != 0)
            continue;
        if (shdr.sh_type == SHT_NOBITS || !range_ok(size, shdr.sh_offset, shdr.sh_size))
            return OE_INVALID_IMAGE;
        *section_offset = (size_t)shdr.sh_offset;
        *section_size = (size_t)shdr.sh_size;
        return OE_OK;
    }
    return OE_NOT_FOUND;
}

#define KEEP_ELF_PAGE_SIZE 4096u

oe_result_t keep_elf_read_header(const uint8_t *image, size_t size, Elf64_Ehdr *ehdr,
                                 size_t *segment_count)
{
    *segment_count = 0;
    memset(ehdr, 0, sizeof(*ehdr));
    if (!image || size < sizeof(*ehdr))
        return OE_INVALID_IMAGE;
    memcpy(ehdr, image, sizeof(*ehdr));
    if (memcmp(ehdr->e_ident, ELFMAG, SELFMAG) != 0 || ehdr->e_ident[EI_CLASS] != ELFCLASS64 ||
        ehdr->e_ident[EI_DATA] != ELFDATA2LSB || ehdr->e_type != ET_DYN ||
        ehdr->e_machine != EM_X86_64 || ehdr->e_phentsize != sizeof(Elf64_Phdr))
        return OE_INVALID_IMAGE;
    if (ehdr->e_phnum == 0 || ehdr->e_phnum > KEEP_ELF_MAX_SEGMENTS ||
        !range_ok(size, ehdr->e_phoff, (uint64_t)ehdr->e_phnum * sizeof(Elf64_Phdr)))
        return OE_INVALID_IMAGE;
    *segment_count = ehdr->e_phnum;
    return OE_OK;
}

oe_result_t keep_elf_read_segment(const uint8_t *image, size_t size, const Elf64_Ehdr *ehdr,
                                  size_t index, Elf64_Phdr *phdr)
{
    memset(phdr, 0, sizeof(*phdr));
    if (index >= ehdr->e_phnum)
        return OE_INVALID_PARAMETER;
    memcpy(phdr, image + ehdr->e_phoff + index * sizeof(Elf64_Phdr), sizeof(*phdr));
    uint32_t type = phdr->p_type;
    if ((type == PT_LOAD || type == PT_DYNAMIC || type == PT_NOTE) &&
        !range_ok(size, phdr->p_offset, phdr->p_filesz))
        return OE_INVALID_IMAGE;
    if (type != PT_LOAD)
        return OE_OK;
    if (phdr->p_filesz > phdr->p_memsz || phdr->p_vaddr > UINT64_MAX - phdr->p_memsz ||
        phdr->p_offset % KEEP_ELF_PAGE_SIZE != phdr->p_vaddr % KEEP_ELF_PAGE_SIZE)
        return OE_INVALID_IMAGE;
    return OE_OK;
}

oe_result_t keep_elf_load_segment_of(const uint8_t *image, size_t size, const Elf64_Ehdr *ehdr,
                                     keep_elf_space space, uint64_t start, uint64_t length,
                                     Elf64_Phdr *found)
{
    memset(found, 0, sizeof(*found));
    for (size_t i = 0; i < ehdr->e_phnum; i++) {
        Elf64_Phdr phdr;
        if (keep_elf_read_segment(image, size, ehdr, i, &phdr) != OE_OK)
            return OE_INVALID_IMAGE;
        uint64_t base = space == KEEP_ELF_VADDR ? phdr.p_vaddr : phdr.p_offset;
        if (phdr.p_type != PT_LOAD || start < base)
            continue;
        uint64_t delta = start - base;
        if (delta <= phdr.p_filesz && length <= phdr.p_filesz - delta) {
            *found = phdr;
            return OE_OK;
        }
    }
    return OE_INVALID_IMAGE;
}

oe_result_t keep_elf_vaddr_to_offset(const uint8_t *image, size_t size, const Elf64_Ehdr *ehdr,
                                     uint64_t vaddr, uint64_t length, size_t *offset)
{
    Elf64_Phdr phdr;
    *offset = 0;
    oe_result_t result =
        keep_elf_load_segment_of(image, size, ehdr, KEEP_ELF_VADDR, vaddr, length, &phdr);
    if (result == OE_OK)
        *offset = (size_t)(phdr.p_offset + (vaddr - phdr.p_vaddr));
    return result;
}

/* The dynamic segment's string table and DT_NEEDED name offsets. */
typedef struct dynamic_names {
    uint64_t strtab, strsz;
    uint64_t needed[KEEP_ELF_MAX_NEEDED];
    size_t needed_count;
} dynamic_names;

static oe_result_t read_dynamic(const uint8_t *image, size_t size, const Elf64_Ehdr *ehdr,
                                dynamic_names *names)
{
    Elf64_Phdr phdr = {0};
    size_t i;
    for (i = 0; i < ehdr->e_phnum; i++) {
        if (keep_elf_read_segment(image, size, ehdr, i, &phdr) != OE_OK)
            return OE_INVALID_IMAGE;
        if (phdr.p_type == PT_DYNAMIC)
            break;
    }
    if (i == ehdr->e_phnum)
        return OE_NOT_FOUND;
    bool have_strtab = false, have_strsz = false;
    for (uint64_t at = 0; at + sizeof(Elf64_Dyn) <= phdr.p_filesz; at += sizeof(Elf64_Dyn)) {
        Elf64_Dyn dyn;
        memcpy(&dyn, image + phdr.p_offset + at, sizeof(dyn));
        if (dyn.d_tag == DT_NULL)
            break;
        if (dyn.d_tag == DT_STRTAB) {
            names->strtab = dyn.d_un.d_ptr;
            have_strtab = true;
        } else if (dyn.d_tag == DT_STRSZ) {
            names->strsz = dyn.d_un.d_val;
            have_strsz = true;
        } else if (dyn.d_tag == DT_NEEDED && names->needed_count < KEEP_ELF_MAX_NEEDED) {
            names->needed[names->needed_count++] = dyn.d_un.d_val;
        }
    }
    if (names->needed_count && (!have_strtab || !have_strsz))
        return OE_INVALID_IMAGE;
    return OE_OK;
}

oe_result_t keep_elf_needed(const uint8_t *image, size_t size,
                            void (*visit)(const char *name, void *ctx), void *ctx)
{
    Elf64_Ehdr ehdr;
    size_t count, strtab;
    dynamic_names names = {0};
    oe_result_t result = keep_elf_read_header(image, size, &ehdr, &count);
    if (result == OE_OK)
        result = read_dynamic(image, size, &ehdr, &names);
    if (result != OE_OK || !names.needed_count)
        return result;
    if (keep_elf_vaddr_to_offset(image, size, &ehdr, names.strtab, names.strsz, &strtab) != OE_OK)
        return OE_INVALID_IMAGE;
    const char *table = (const char *)image + strtab;
    for (size_t i = 0; i < names.needed_count; i++)
        if (names.needed[i] >= names.strsz ||
            !memchr(table + names.needed[i], '\0', names.strsz - names.needed[i]))
            return OE_INVALID_IMAGE;
    for (size_t i = 0; i < names.needed_count; i++)
        visit(table + names.needed[i], ctx);
    return OE_OK;
}
