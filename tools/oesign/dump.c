/* `oesign dump`: the properties and identity fields in OE's format
 * (name=value lines, reference §4.4), which scripts parse. The image is
 * checked as the loader checks it; an invalid one is an error. */
#include <elf.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/common/elf.h"
#include "../../src/common/identity.h"
#include "oesign.h"

#define ENTRY_SYMBOL "keep_enclave_entry"

/* The address of the dynamic symbol `name`, from .dynsym/.dynstr. */
static int find_dynamic_symbol(const uint8_t *image, size_t size, const char *name,
                               uint64_t *value)
{
    size_t sym_off, sym_size, str_off, str_size;
    if (keep_elf_find_section(image, size, ".dynsym", &sym_off, &sym_size) != OE_OK ||
        keep_elf_find_section(image, size, ".dynstr", &str_off, &str_size) != OE_OK)
        return -1;
    size_t name_size = strlen(name) + 1;
    for (size_t i = 0; i < sym_size / sizeof(Elf64_Sym); i++) {
        Elf64_Sym sym;
        memcpy(&sym, image + sym_off + i * sizeof(sym), sizeof(sym));
        if (sym.st_name >= str_size || name_size > str_size - sym.st_name)
            continue;
        if (memcmp(image + str_off + sym.st_name, name, name_size) == 0) {
            *value = sym.st_value;
            return 0;
        }
    }
    return -1;
}

static void print_hex_line(const char *name, const uint8_t *bytes, size_t size)
{
    char *hex = malloc(2 * size + 1);
    if (!hex)
        return;
    keep_hex_encode(hex, bytes, size);
    printf("%s=%s\n", name, hex);
    free(hex);
}

static void print_properties(const keep_identity *id)
{
    const oe_sgx_enclave_properties_t *p = &id->properties;
    const keep_sigstruct *s = (const keep_sigstruct *)p->sigstruct;
    printf("=== SGX Enclave Properties:\n");
    printf("product_id=%u\n", p->config.product_id);
    printf("security_version=%u\n", p->config.security_version);
    printf("debug=%u\n", (p->config.attributes & OE_SGX_FLAGS_DEBUG) ? 1u : 0u);
    printf("xfrm=%#016llx\n", (unsigned long long)p->config.xfrm);
    printf("num_heap_pages=%llu\n", (unsigned long long)p->header.size_settings.num_heap_pages);
    printf("num_stack_pages=%llu\n", (unsigned long long)p->header.size_settings.num_stack_pages);
    printf("num_tcs=%llu\n", (unsigned long long)p->header.size_settings.num_tcs);
    print_hex_line("mrenclave", s->enclave_hash, sizeof(s->enclave_hash));
    print_hex_line("mrsigner", id->signer_id, sizeof(id->signer_id));
    print_hex_line("signature", s->signature, sizeof(s->signature));
    printf("\n");
}

int oesign_dump(const oesign_args *args)
{
    size_t size;
    uint8_t *image = oesign_read_file(args->image, OESIGN_MAX_IMAGE_SIZE, &size);
    if (!image)
        return 1;
    keep_identity id;
    keep_why why = {{0}};
    oe_result_t result = keep_identity_read(&id, image, size, &why);
    if (result != OE_OK) {
        oesign_error("%s: %s", args->image, why.text[0] ? why.text : oe_result_str(result));
        free(image);
        return 1;
    }
    uint64_t entry;
    printf("\n");
    if (find_dynamic_symbol(image, size, ENTRY_SYMBOL, &entry) == 0) {
        printf("=== Entry point: \n");
        printf("name=%s\n", ENTRY_SYMBOL);
        printf("address=%#016llx\n\n", (unsigned long long)entry);
    } else {
        oesign_error("%s: no %s symbol (is it linked with liboeenclave?)", args->image,
                     ENTRY_SYMBOL);
    }
    print_properties(&id);
    free(image);
    return 0;
}
