/* See measure.h and docs/measurement.md, which this file implements record
 * by record. Every record is: an 8-byte tag, its payload size as a
 * little-endian u64, the payload. */
#include <string.h>

#include <openssl/evp.h>

#include "elf.h"
#include "measure.h"

#define PAGE 4096u
#define MAX_EXCLUDED 7 /* the SIGSTRUCT, two ELF header ranges, four build ids */

typedef struct range {
    uint64_t offset, length;
} range;

typedef struct measurer {
    EVP_MD_CTX *sha;
    const uint8_t *image;
    size_t size;
    Elf64_Ehdr ehdr;
    keep_oeinfo oeinfo;
    range excluded[MAX_EXCLUDED]; /* file ranges hashed as zeros */
    size_t excluded_count;
    keep_why *why;
} measurer;

static int update(measurer *m, const void *data, size_t length)
{
    return EVP_DigestUpdate(m->sha, data, length);
}

static int record_header(measurer *m, const char tag[8], uint64_t payload_size)
{
    uint8_t header[16];
    memcpy(header, tag, 8);
    memcpy(header + 8, &payload_size, 8);
    return update(m, header, sizeof(header));
}

static int update_u64(measurer *m, uint64_t value)
{
    return update(m, &value, sizeof(value));
}

/* Hashes file bytes [offset, offset+length), already bounds-checked, with
 * the excluded ranges replaced by zeros when `exclude` is set. */
static int update_file(measurer *m, uint64_t offset, uint64_t length, bool exclude)
{
    static const uint8_t zeros[256];
    uint64_t end = offset + length;
    while (offset < end) {
        uint64_t next = end;
        bool zero = false;
        for (size_t i = 0; exclude && i < m->excluded_count; i++) {
            const range *r = &m->excluded[i];
            if (offset >= r->offset && offset < r->offset + r->length) {
                zero = true;
                next = r->offset + r->length < end ? r->offset + r->length : end;
                break;
            }
            if (r->offset > offset && r->offset < next)
                next = r->offset;
        }
        if (zero && next - offset > sizeof(zeros))
            next = offset + sizeof(zeros);
        if (!update(m, zero ? zeros : m->image + offset, (size_t)(next - offset)))
            return 0;
        offset = next;
    }
    return 1;
}

static oe_result_t fail(measurer *m, const char *what)
{
    keep_why_set(m->why, "%s", what);
    return OE_INVALID_IMAGE;
}

/* Reads program header `i`, saying why when it is malformed. */
static oe_result_t read_phdr(measurer *m, size_t i, Elf64_Phdr *phdr)
{
    if (keep_elf_read_segment(m->image, m->size, &m->ehdr, i, phdr) == OE_OK)
        return OE_OK;
    return fail(m, "a program header's range is outside the file or inconsistent");
}

/* ELFHDR: the header fields that decide how the image is loaded. */
static oe_result_t measure_elf_header(measurer *m)
{
    const Elf64_Ehdr *e = &m->ehdr;
    uint8_t p[24] = {0};
    memcpy(p, &e->e_type, 2);
    memcpy(p + 2, &e->e_machine, 2);
    memcpy(p + 4, &e->e_version, 4);
    memcpy(p + 8, &e->e_entry, 8);
    memcpy(p + 16, &e->e_flags, 4);
    memcpy(p + 20, &e->e_phnum, 2);
    return record_header(m, "ELFHDR\0\0", sizeof(p)) && update(m, p, sizeof(p))
               ? OE_OK
               : OE_CRYPTO_ERROR;
}

/* PHDR records (every program header as stored), then a LOAD record per
 * PT_LOAD segment: its measured start address, then its bytes. */
static oe_result_t measure_segments(measurer *m)
{
    Elf64_Phdr phdr;
    for (size_t i = 0; i < m->ehdr.e_phnum; i++) {
        if (read_phdr(m, i, &phdr) != OE_OK)
            return OE_INVALID_IMAGE;
        if (!record_header(m, "PHDR\0\0\0\0", sizeof(phdr)) || !update(m, &phdr, sizeof(phdr)))
            return OE_CRYPTO_ERROR;
    }
    for (size_t i = 0; i < m->ehdr.e_phnum; i++) {
        if (read_phdr(m, i, &phdr) != OE_OK)
            return OE_INVALID_IMAGE;
        if (phdr.p_type != PT_LOAD)
            continue;
        uint64_t start = phdr.p_offset, end = phdr.p_offset + phdr.p_filesz;
        bool code = (phdr.p_flags & PF_X) != 0;
        if (code) { /* the whole pages the loader maps executable */
            start -= start % PAGE;
            end = end % PAGE ? end + (PAGE - end % PAGE) : end;
            end = end > m->size ? m->size : end;
            const range *sig = &m->excluded[0]; /* always the SIGSTRUCT */
            if (start < sig->offset + sig->length && sig->offset < end)
                return fail(m, "the SIGSTRUCT shares a page with executable code");
        }
        uint64_t vaddr = phdr.p_vaddr - (phdr.p_offset - start);
        if (!record_header(m, "LOAD\0\0\0\0", 8 + (end - start)) || !update_u64(m, vaddr) ||
            !update_file(m, start, end - start, !code))
            return OE_CRYPTO_ERROR;
    }
    return OE_OK;
}

/* The dynamic section as the loader reads it: from the loaded segment at
 * PT_DYNAMIC's address. Exactly one PT_DYNAMIC is required. */
static oe_result_t find_dynamic(measurer *m, size_t *offset, size_t *count)
{
    Elf64_Phdr phdr;
    bool found = false;
    for (size_t i = 0; i < m->ehdr.e_phnum; i++) {
        if (read_phdr(m, i, &phdr) != OE_OK)
            return OE_INVALID_IMAGE;
        if (phdr.p_type != PT_DYNAMIC)
            continue;
        if (found || keep_elf_vaddr_to_offset(m->image, m->size, &m->ehdr, phdr.p_vaddr,
                                              phdr.p_filesz, offset) != OE_OK)
            return fail(m, "the dynamic section is duplicated or not inside a loaded segment");
        *count = (size_t)(phdr.p_filesz / sizeof(Elf64_Dyn));
        found = true;
    }
    return found ? OE_OK : fail(m, "the image has no dynamic section");
}

/* The relocation tables, in this order; each is (address tag, size tag). */
static const struct {
    char tag[8];
    int64_t address, size;
} tables[] = {{"RELA\0\0\0\0", DT_RELA, DT_RELASZ},
              {"JMPREL\0\0", DT_JMPREL, DT_PLTRELSZ},
              {"REL\0\0\0\0\0", DT_REL, DT_RELSZ},
              {"RELR\0\0\0\0", 36 /* DT_RELR */, 35 /* DT_RELRSZ */}};
#define TABLE_COUNT (sizeof(tables) / sizeof(tables[0]))

/* Reads the address and size tags of every table (0 when absent). */
static oe_result_t read_dynamic(measurer *m, uint64_t address[], uint64_t size[])
{
    size_t offset, count;
    oe_result_t result = find_dynamic(m, &offset, &count);
    for (size_t i = 0; result == OE_OK && i < count; i++) {
        Elf64_Dyn dyn;
        memcpy(&dyn, m->image + offset + i * sizeof(dyn), sizeof(dyn));
        if (dyn.d_tag == DT_NULL)
            break;
        for (size_t t = 0; t < TABLE_COUNT; t++) {
            uint64_t *slot = dyn.d_tag == tables[t].address ? &address[t]
                             : dyn.d_tag == tables[t].size  ? &size[t]
                                                            : NULL;
            if (slot && *slot)
                return fail(m, "a relocation tag appears twice in the dynamic section");
            if (slot)
                *slot = dyn.d_un.d_val;
        }
    }
    return result;
}

/* RELA, JMPREL, REL, RELR records: the table's address, then its bytes. */
static oe_result_t measure_relocations(measurer *m)
{
    uint64_t address[TABLE_COUNT] = {0}, size[TABLE_COUNT] = {0};
    oe_result_t result = read_dynamic(m, address, size);
    for (size_t t = 0; result == OE_OK && t < TABLE_COUNT; t++) {
        size_t offset;
        if (!address[t] && !size[t])
            continue;
        if (!address[t] || keep_elf_vaddr_to_offset(m->image, m->size, &m->ehdr, address[t],
                                                     size[t], &offset) != OE_OK)
            return fail(m, "a relocation table is not inside a loaded segment");
        if (!record_header(m, tables[t].tag, 8 + size[t]) || !update_u64(m, address[t]) ||
            !update_file(m, offset, size[t], true))
            result = OE_CRYPTO_ERROR;
    }
    return result;
}

/* Excludes the descriptor of each GNU build-id note (docs/measurement.md:
 * it hashes the whole file, paths in debug information included). */
static oe_result_t exclude_build_ids(measurer *m)
{
    Elf64_Phdr phdr;
    for (size_t i = 0; i < m->ehdr.e_phnum; i++) {
        if (read_phdr(m, i, &phdr) != OE_OK)
            return OE_INVALID_IMAGE;
        uint64_t at = phdr.p_offset, end = phdr.p_offset + phdr.p_filesz;
        while (phdr.p_type == PT_NOTE && end - at >= 12) {
            uint32_t note[3]; /* namesz, descsz, type */
            memcpy(note, m->image + at, sizeof(note));
            uint64_t name_size = ((uint64_t)note[0] + 3) & ~3ull;
            uint64_t desc_size = ((uint64_t)note[1] + 3) & ~3ull;
            if (name_size > end - at - 12 || desc_size > end - at - 12 - name_size)
                return fail(m, "a note segment is malformed");
            uint64_t desc = at + 12 + name_size;
            if (note[2] == NT_GNU_BUILD_ID && note[0] == 4 &&
                memcmp(m->image + at + 12, "GNU", 4) == 0) {
                if (m->excluded_count == MAX_EXCLUDED)
                    return fail(m, "too many build-id notes");
                m->excluded[m->excluded_count++] = (range){desc, note[1]};
            }
            at = desc + desc_size;
        }
    }
    return OE_OK;
}

/* OEINFO: the properties' address, then the properties with the SIGSTRUCT
 * zeroed. */
static oe_result_t measure_properties(measurer *m)
{
    oe_sgx_enclave_properties_t p = m->oeinfo.properties;
    memset(p.sigstruct, 0, sizeof(p.sigstruct));
    return record_header(m, "OEINFO\0\0", 8 + sizeof(p)) && update_u64(m, m->oeinfo.vaddr) &&
                   update(m, &p, sizeof(p))
               ? OE_OK
               : OE_CRYPTO_ERROR;
}

static oe_result_t measure_all(measurer *m)
{
    size_t count;
    if (keep_elf_read_header(m->image, m->size, &m->ehdr, &count) != OE_OK)
        return fail(m, "not an x86-64 ELF shared object with a valid program header table");
    oe_result_t result = keep_oeinfo_find(&m->oeinfo, m->image, m->size, m->why);
    if (result != OE_OK)
        return result;
    m->excluded[0] = (range){m->oeinfo.offset + offsetof(oe_sgx_enclave_properties_t, sigstruct),
                             OE_SGX_SIGSTRUCT_SIZE};
    /* The section header fields of the ELF header (e_shoff; e_shentsize,
     * e_shnum, e_shstrndx): the loader does not use them and they move
     * with the size of the debug information. */
    m->excluded[1] = (range){offsetof(Elf64_Ehdr, e_shoff), sizeof(m->ehdr.e_shoff)};
    m->excluded[2] = (range){offsetof(Elf64_Ehdr, e_shentsize), 3 * sizeof(Elf64_Half)};
    m->excluded_count = 3;
    result = exclude_build_ids(m);
    if (result == OE_OK && !(EVP_DigestInit_ex(m->sha, EVP_sha256(), NULL) &&
                             record_header(m, "KEEPMR01", 0)))
        result = OE_CRYPTO_ERROR;
    if (result == OE_OK)
        result = measure_elf_header(m);
    if (result == OE_OK)
        result = measure_segments(m);
    if (result == OE_OK)
        result = measure_relocations(m);
    if (result == OE_OK)
        result = measure_properties(m);
    return result;
}

oe_result_t keep_measure(uint8_t measurement[KEEP_MEASUREMENT_SIZE], const uint8_t *image,
                         size_t size, keep_why *why)
{
    memset(measurement, 0, KEEP_MEASUREMENT_SIZE);
    if (!image)
        return OE_INVALID_PARAMETER;
    measurer m = {.sha = EVP_MD_CTX_new(), .image = image, .size = size, .why = why};
    if (!m.sha)
        return OE_OUT_OF_MEMORY;
    oe_result_t result = measure_all(&m);
    unsigned int length = 0;
    if (result == OE_OK &&
        (!EVP_DigestFinal_ex(m.sha, measurement, &length) || length != KEEP_MEASUREMENT_SIZE))
        result = OE_CRYPTO_ERROR;
    if (result != OE_OK)
        memset(measurement, 0, KEEP_MEASUREMENT_SIZE);
    EVP_MD_CTX_free(m.sha);
    return result;
}
