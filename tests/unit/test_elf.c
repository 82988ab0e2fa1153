/* The ELF section reader against hand-built and real images, truncated
 * and corrupted ones included. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/common/elf.h"

/* Layout: Ehdr | strtab | payload | 3 section headers. */
#define STRTAB "\0.shstrtab\0.oeinfo\0"
#define PAYLOAD "properties!"

typedef struct image {
    uint8_t bytes[512];
    size_t size;
    size_t shoff;
} image;

static void build(image *im)
{
    memset(im, 0, sizeof(*im));
    Elf64_Ehdr ehdr = {0};
    memcpy(ehdr.e_ident, ELFMAG, SELFMAG);
    ehdr.e_ident[EI_CLASS] = ELFCLASS64;
    ehdr.e_ident[EI_DATA] = ELFDATA2LSB;
    ehdr.e_shentsize = sizeof(Elf64_Shdr);
    ehdr.e_shnum = 3;
    ehdr.e_shstrndx = 1;
    size_t strtab_off = sizeof(ehdr), payload_off = strtab_off + sizeof(STRTAB);
    im->shoff = (payload_off + sizeof(PAYLOAD) + 7) & ~(size_t)7;
    ehdr.e_shoff = im->shoff;
    Elf64_Shdr sh[3] = {{0},
                        {.sh_name = 1, .sh_type = SHT_STRTAB, .sh_offset = strtab_off,
                         .sh_size = sizeof(STRTAB)},
                        {.sh_name = 11, .sh_type = SHT_PROGBITS, .sh_offset = payload_off,
                         .sh_size = sizeof(PAYLOAD)}};
    memcpy(im->bytes, &ehdr, sizeof(ehdr));
    memcpy(im->bytes + strtab_off, STRTAB, sizeof(STRTAB));
    memcpy(im->bytes + payload_off, PAYLOAD, sizeof(PAYLOAD));
    memcpy(im->bytes + im->shoff, sh, sizeof(sh));
    im->size = im->shoff + sizeof(sh);
}

static void test_finds_section(void **state)
{
    (void)state;
    image im;
    build(&im);
    size_t offset, size;
    assert_int_equal(keep_elf_find_section(im.bytes, im.size, ".oeinfo", &offset, &size), OE_OK);
    assert_int_equal(size, sizeof(PAYLOAD));
    assert_memory_equal(im.bytes + offset, PAYLOAD, sizeof(PAYLOAD));
    assert_int_equal(keep_elf_find_section(im.bytes, im.size, ".text", &offset, &size),
                     OE_NOT_FOUND);
    /* A prefix of a section name does not match. */
    assert_int_equal(keep_elf_find_section(im.bytes, im.size, ".oe", &offset, &size),
                     OE_NOT_FOUND);
}

/* Every truncation is a clean error, never a read past the end. */
static void test_every_truncation(void **state)
{
    (void)state;
    image im;
    build(&im);
    for (size_t len = 0; len < im.size; len++) {
        uint8_t *copy = malloc(len ? len : 1); /* exact size: ASan sees overreads */
        memcpy(copy, im.bytes, len);
        size_t offset, size;
        oe_result_t result = keep_elf_find_section(copy, len, ".oeinfo", &offset, &size);
        assert_true(result == OE_INVALID_IMAGE || result == OE_NOT_FOUND);
        free(copy);
    }
}

static void test_corruptions(void **state)
{
    (void)state;
    image im;
    size_t offset, size;
    Elf64_Ehdr *ehdr = (Elf64_Ehdr *)im.bytes;

    build(&im);
    ehdr->e_shoff = UINT64_MAX - 8; /* overflowing table offset */
    assert_int_equal(keep_elf_find_section(im.bytes, im.size, ".oeinfo", &offset, &size),
                     OE_INVALID_IMAGE);
    build(&im);
    ehdr->e_shstrndx = 3; /* out of range */
    assert_int_equal(keep_elf_find_section(im.bytes, im.size, ".oeinfo", &offset, &size),
                     OE_INVALID_IMAGE);
    build(&im);
    ehdr->e_ident[EI_CLASS] = ELFCLASS32;
    assert_int_equal(keep_elf_find_section(im.bytes, im.size, ".oeinfo", &offset, &size),
                     OE_INVALID_IMAGE);
    build(&im);
    Elf64_Shdr *sh = (Elf64_Shdr *)(im.bytes + im.shoff);
    sh[2].sh_size = UINT64_MAX; /* section runs past the file */
    assert_int_equal(keep_elf_find_section(im.bytes, im.size, ".oeinfo", &offset, &size),
                     OE_INVALID_IMAGE);
    build(&im);
    sh[2].sh_name = 1000; /* name outside the string table: skipped */
    assert_int_equal(keep_elf_find_section(im.bytes, im.size, ".oeinfo", &offset, &size),
                     OE_NOT_FOUND);
    build(&im);
    sh[1].sh_size = 12; /* ".oeinfo" would run off the end of the strtab */
    assert_int_equal(keep_elf_find_section(im.bytes, im.size, ".oeinfo", &offset, &size),
                     OE_NOT_FOUND);
}

static void test_real_image(void **state)
{
    (void)state;
    FILE *f = fopen("/proc/self/exe", "rb");
    assert_non_null(f);
    static uint8_t buffer[16 << 20];
    size_t len = fread(buffer, 1, sizeof(buffer), f);
    fclose(f);
    size_t offset, size;
    assert_int_equal(keep_elf_find_section(buffer, len, ".text", &offset, &size), OE_OK);
    assert_true(size > 0 && offset + size <= len);
}

/* Program headers: Ehdr | PT_LOAD | PT_DYNAMIC | 4 KiB of segment data. */
typedef struct seg_image {
    uint8_t bytes[64 + 2 * sizeof(Elf64_Phdr) + 4096];
} seg_image;

static Elf64_Phdr *seg_phdr(seg_image *im, size_t i)
{
    return (Elf64_Phdr *)(im->bytes + sizeof(Elf64_Ehdr) + i * sizeof(Elf64_Phdr));
}

static void build_segments(seg_image *im)
{
    memset(im, 0, sizeof(*im));
    Elf64_Ehdr *e = (Elf64_Ehdr *)im->bytes;
    memcpy(e->e_ident, ELFMAG, SELFMAG);
    e->e_ident[EI_CLASS] = ELFCLASS64;
    e->e_ident[EI_DATA] = ELFDATA2LSB;
    e->e_type = ET_DYN;
    e->e_machine = EM_X86_64;
    e->e_phoff = sizeof(Elf64_Ehdr);
    e->e_phentsize = sizeof(Elf64_Phdr);
    e->e_phnum = 2;
    *seg_phdr(im, 0) = (Elf64_Phdr){.p_type = PT_LOAD, .p_flags = PF_R, .p_offset = 0,
                                    .p_vaddr = 0x10000, .p_filesz = sizeof(im->bytes),
                                    .p_memsz = 0x3000};
    *seg_phdr(im, 1) = (Elf64_Phdr){.p_type = PT_DYNAMIC, .p_flags = PF_R, .p_offset = 0x100,
                                    .p_vaddr = 0x10100, .p_filesz = 0x40, .p_memsz = 0x40};
}

static oe_result_t read_segment(seg_image *im, size_t len, size_t index)
{
    Elf64_Ehdr ehdr;
    Elf64_Phdr phdr;
    size_t count;
    oe_result_t result = keep_elf_read_header(im->bytes, len, &ehdr, &count);
    if (result == OE_OK)
        result = keep_elf_read_segment(im->bytes, len, &ehdr, index, &phdr);
    return result;
}

static void test_segments(void **state)
{
    (void)state;
    seg_image im;
    build_segments(&im);
    Elf64_Ehdr ehdr;
    Elf64_Phdr phdr;
    size_t count, offset;
    assert_int_equal(keep_elf_read_header(im.bytes, sizeof(im.bytes), &ehdr, &count), OE_OK);
    assert_int_equal(count, 2);
    assert_int_equal(keep_elf_read_segment(im.bytes, sizeof(im.bytes), &ehdr, 1, &phdr), OE_OK);
    assert_int_equal(phdr.p_type, PT_DYNAMIC);
    assert_int_equal(keep_elf_read_segment(im.bytes, sizeof(im.bytes), &ehdr, 2, &phdr),
                     OE_INVALID_PARAMETER);
    assert_int_equal(keep_elf_vaddr_to_offset(im.bytes, sizeof(im.bytes), &ehdr, 0x10100, 0x40,
                                              &offset), OE_OK);
    assert_int_equal(offset, 0x100);
    /* Past the file-backed part (into the zero-filled tail), or before it. */
    assert_int_equal(keep_elf_vaddr_to_offset(im.bytes, sizeof(im.bytes), &ehdr,
                                              0x10000 + sizeof(im.bytes) - 4, 8, &offset),
                     OE_INVALID_IMAGE);
    assert_int_equal(keep_elf_vaddr_to_offset(im.bytes, sizeof(im.bytes), &ehdr, 0xfff0, 8,
                                              &offset), OE_INVALID_IMAGE);
    assert_int_equal(keep_elf_vaddr_to_offset(im.bytes, sizeof(im.bytes), &ehdr, 0x10100,
                                              UINT64_MAX, &offset), OE_INVALID_IMAGE);
}

static void test_segment_corruptions(void **state)
{
    (void)state;
    seg_image im;
    Elf64_Ehdr *e = (Elf64_Ehdr *)im.bytes;
    const size_t len = sizeof(im.bytes);
    build_segments(&im);
    e->e_phoff = UINT64_MAX - 8;
    assert_int_equal(read_segment(&im, len, 0), OE_INVALID_IMAGE);
    build_segments(&im);
    e->e_phnum = 0;
    assert_int_equal(read_segment(&im, len, 0), OE_INVALID_IMAGE);
    build_segments(&im);
    e->e_phnum = KEEP_ELF_MAX_SEGMENTS + 1;
    assert_int_equal(read_segment(&im, len, 0), OE_INVALID_IMAGE);
    build_segments(&im);
    e->e_phentsize = 32;
    assert_int_equal(read_segment(&im, len, 0), OE_INVALID_IMAGE);
    build_segments(&im);
    e->e_type = ET_EXEC;
    assert_int_equal(read_segment(&im, len, 0), OE_INVALID_IMAGE);
    build_segments(&im);
    seg_phdr(&im, 0)->p_memsz = 16; /* filesz > memsz */
    assert_int_equal(read_segment(&im, len, 0), OE_INVALID_IMAGE);
    build_segments(&im);
    seg_phdr(&im, 0)->p_vaddr = 0x10008; /* offset and address disagree mod 4 KiB */
    assert_int_equal(read_segment(&im, len, 0), OE_INVALID_IMAGE);
    build_segments(&im);
    seg_phdr(&im, 0)->p_vaddr = UINT64_MAX - 0xfff; /* address range wraps */
    assert_int_equal(read_segment(&im, len, 0), OE_INVALID_IMAGE);
    build_segments(&im);
    seg_phdr(&im, 1)->p_filesz = UINT64_MAX; /* runs past the file */
    assert_int_equal(read_segment(&im, len, 1), OE_INVALID_IMAGE);
    build_segments(&im);
    seg_phdr(&im, 0)->p_offset = 8; /* file range past the end */
    seg_phdr(&im, 0)->p_vaddr = 0x10008;
    assert_int_equal(read_segment(&im, len, 0), OE_INVALID_IMAGE);
}

static void test_segment_truncation(void **state)
{
    (void)state;
    seg_image im;
    build_segments(&im);
    for (size_t len = 0; len < sizeof(im.bytes); len++) {
        seg_image *copy = malloc(sizeof(*copy));
        memcpy(copy, &im, sizeof(im));
        oe_result_t r0 = read_segment(copy, len, 0), r1 = read_segment(copy, len, 1);
        /* The PT_LOAD covers the whole file: any truncation cuts it. */
        assert_int_equal(r0, OE_INVALID_IMAGE);
        assert_true(r1 == OE_INVALID_IMAGE || (r1 == OE_OK && len >= 0x140));
        free(copy);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_finds_section),
        cmocka_unit_test(test_every_truncation),
        cmocka_unit_test(test_corruptions),
        cmocka_unit_test(test_real_image),
        cmocka_unit_test(test_segments),
        cmocka_unit_test(test_segment_corruptions),
        cmocka_unit_test(test_segment_truncation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
