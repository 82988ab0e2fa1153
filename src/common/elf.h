/* Reading the parts of an enclave image's ELF file that Keep needs, from
 * untrusted bytes: every offset and size is checked against the buffer. */
#ifndef KEEP_ELF_H
#define KEEP_ELF_H

#include <elf.h>
#include <stddef.h>
#include <stdint.h>

#include <openenclave/bits/result.h>

/* Finds section `name` in the 64-bit little-endian ELF image [image,
 * image+size). On success stores the section's file offset and size (which
 * lie within the image). OE_NOT_FOUND when there is no such section,
 * OE_INVALID_IMAGE when the file is not a well-formed ELF64 image. */
oe_result_t keep_elf_find_section(const uint8_t *image, size_t size, const char *name,
                                  size_t *section_offset, size_t *section_size)
    __attribute__((warn_unused_result));

/* The most program headers an enclave image may have. */
#define KEEP_ELF_MAX_SEGMENTS 64

/* Reads the ELF header of a 64-bit little-endian x86-64 shared object
 * (ET_DYN) and checks that its program header table lies inside the image.
 * Stores the header and the number of program headers (1 to
 * KEEP_ELF_MAX_SEGMENTS). OE_INVALID_IMAGE otherwise. */
oe_result_t keep_elf_read_header(const uint8_t *image, size_t size, Elf64_Ehdr *ehdr,
                                 size_t *segment_count) __attribute__((warn_unused_result));

/* Copies program header `index` (< the count keep_elf_read_header gave) and
 * checks it: for PT_LOAD, PT_DYNAMIC and PT_NOTE the file range lies inside
 * the image; for PT_LOAD, p_filesz <= p_memsz, the address range does not
 * wrap, and offset and address agree modulo the 4 KiB page (as the dynamic
 * loader requires). OE_INVALID_IMAGE otherwise. */
oe_result_t keep_elf_read_segment(const uint8_t *image, size_t size, const Elf64_Ehdr *ehdr,
                                  size_t index, Elf64_Phdr *phdr)
    __attribute__((warn_unused_result));

typedef enum keep_elf_space { KEEP_ELF_VADDR, KEEP_ELF_OFFSET } keep_elf_space;

/* Finds the PT_LOAD segment whose file-backed part holds [start,
 * start+length), `start` being a virtual address or a file offset.
 * OE_INVALID_IMAGE when there is none or a program header is malformed. */
oe_result_t keep_elf_load_segment_of(const uint8_t *image, size_t size, const Elf64_Ehdr *ehdr,
                                     keep_elf_space space, uint64_t start, uint64_t length,
                                     Elf64_Phdr *found) __attribute__((warn_unused_result));

/* Translates the virtual address range [vaddr, vaddr+length) to a file
 * offset, when it lies entirely inside the file-backed part of one PT_LOAD
 * segment. OE_INVALID_IMAGE otherwise. */
oe_result_t keep_elf_vaddr_to_offset(const uint8_t *image, size_t size, const Elf64_Ehdr *ehdr,
                                     uint64_t vaddr, uint64_t length, size_t *offset)
    __attribute__((warn_unused_result));

/* The most DT_NEEDED entries keep_elf_needed reports. */
#define KEEP_ELF_MAX_NEEDED 64

/* Calls visit(name, ctx) for each DT_NEEDED entry of the image's PT_DYNAMIC
 * segment, in order, at most KEEP_ELF_MAX_NEEDED. Every name is checked to
 * lie, NUL-terminated, inside the dynamic string table, and the table inside
 * the file-backed part of one PT_LOAD segment. OE_NOT_FOUND without a
 * dynamic segment; OE_INVALID_IMAGE when it or its string table is
 * malformed (nothing is visited then). */
oe_result_t keep_elf_needed(const uint8_t *image, size_t size,
                            void (*visit)(const char *name, void *ctx), void *ctx);

#endif
