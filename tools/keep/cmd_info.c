/* keep info IMAGE [--json]: an enclave image's identity and settings, as
 * the loader checks them (docs/signing.md).
 *
 * Exit codes:
 *   0  the image is a valid enclave image (signed or not)
 *   1  invalid: not an enclave image, or its signature, measurement or
 *      properties do not match (the reason is printed)
 *  64  usage or I/O error */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/common/identity.h"
#include "keep_cli.h"

#define EXIT_INVALID 1
#define MAX_IMAGE ((size_t)1 << 31)

static void usage(FILE* f)
{
    fprintf(f,
            "usage: keep info IMAGE [--json]\n"
            "  IMAGE   an enclave image (signed with oesign, or not)\n"
            "  --json  machine-readable output\n"
            "Prints unique_id (the measurement), signer_id (MRSIGNER), product id,\n"
            "security version, debug, TCS count, heap and stack sizes and whether\n"
            "the image is signed. exit: 0 valid, 1 invalid, 64 usage/IO error\n");
}

static void print_text(const char* path, const keep_identity* id, const char* unique,
                       const char* signer)
{
    const oe_enclave_size_settings_t* s = &id->properties.header.size_settings;
    printf("image:            %s\n", path);
    printf("signed:           %s\n", id->is_signed ? "yes" : "no (loads only in debug mode)");
    printf("unique_id:        %s\n", unique);
    printf("signer_id:        %s\n", id->is_signed ? signer : "none");
    printf("product_id:       %u\n", id->product_id);
    printf("security_version: %u\n", id->security_version);
    printf("debug:            %u\n", (id->attributes & OE_SGX_FLAGS_DEBUG) ? 1u : 0u);
    printf("num_tcs:          %llu\n", (unsigned long long)s->num_tcs);
    printf("num_heap_pages:   %llu (%llu KiB)\n", (unsigned long long)s->num_heap_pages,
           (unsigned long long)s->num_heap_pages * 4);
    printf("num_stack_pages:  %llu (%llu KiB per thread)\n",
           (unsigned long long)s->num_stack_pages, (unsigned long long)s->num_stack_pages * 4);
}

static void print_json(const keep_identity* id, const char* unique, const char* signer)
{
    const oe_enclave_size_settings_t* s = &id->properties.header.size_settings;
    printf("{\"signed\": %s, \"unique_id\": \"%s\", \"signer_id\": ",
           id->is_signed ? "true" : "false", unique);
    if (id->is_signed)
        printf("\"%s\"", signer);
    else
        printf("null");
    printf(", \"product_id\": %u, \"security_version\": %u, \"debug\": %s, "
           "\"num_tcs\": %llu, \"num_heap_pages\": %llu, \"num_stack_pages\": %llu, "
           "\"heap_size\": %llu, \"stack_size\": %llu}\n",
           id->product_id, id->security_version,
           (id->attributes & OE_SGX_FLAGS_DEBUG) ? "true" : "false",
           (unsigned long long)s->num_tcs, (unsigned long long)s->num_heap_pages,
           (unsigned long long)s->num_stack_pages, (unsigned long long)s->num_heap_pages * 4096,
           (unsigned long long)s->num_stack_pages * 4096);
}

static int parse_args(int argc, char** argv, const char** image, int* json)
{
    static const struct option opts[] = {{"json", no_argument, NULL, 'j'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    int ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (ch == 'h') {
            usage(stdout);
            return 0;
        }
        if (ch != 'j')
            return -1;
        *json = 1;
    }
    if (optind + 1 != argc)
        return -1;
    *image = argv[optind];
    return 1;
}

static int info_main(int argc, char** argv)
{
    const char* path = NULL;
    int json = 0, parsed = parse_args(argc, argv, &path, &json);
    if (parsed <= 0) {
        if (parsed < 0)
            usage(stderr);
        return parsed < 0 ? KEEP_EXIT_USAGE : 0;
    }
    size_t size;
    uint8_t* image = keep_cli_read_file(path, MAX_IMAGE, &size);
    if (!image)
        return KEEP_EXIT_USAGE;
    keep_identity id;
    keep_why why = {{0}};
    oe_result_t result = keep_identity_read(&id, image, size, &why);
    free(image);
    if (result != OE_OK) {
        fprintf(stderr, "keep info: %s: %s\n", path,
                why.text[0] ? why.text : oe_result_str(result));
        return EXIT_INVALID;
    }
    char unique[65], signer[65];
    keep_hex_encode(unique, id.unique_id, sizeof(id.unique_id));
    keep_hex_encode(signer, id.signer_id, sizeof(id.signer_id));
    if (json)
        print_json(&id, unique, signer);
    else
        print_text(path, &id, unique, signer);
    return 0;
}

const keep_cmd_t keep_cmd_info = {
    .name = "info",
    .summary = "show an enclave image's identity (unique_id, signer_id) and settings",
    .run = info_main,
};
