/* oesign: signs Keep enclave images, with Open Enclave's commands and
 * options (docs/signing.md). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "oesign.h"

static const char usage_text[] =
    "Usage: oesign <command> [options]\n"
    "\n"
    "Commands:\n"
    "  sign    -e ENCLAVE_IMAGE [-c CONFIG_FILE] [-o OUTPUT_FILE] SIGN_OPTIONS\n"
    "          SIGN_OPTIONS: -k/--key-file PEM_PRIVATE_KEY\n"
    "                      | -x/--x509 CERT_OR_PUBLIC_KEY_PEM -d/--digest-signature SIGNATURE\n"
    "          Writes ENCLAVE_IMAGE.signed (or OUTPUT_FILE): the image with the\n"
    "          configuration's properties and a SIGSTRUCT in its .oeinfo section.\n"
    "  digest  -e ENCLAVE_IMAGE [-c CONFIG_FILE] -d/--digest-file DIGEST_FILE\n"
    "          Writes the SHA-256 digest to sign elsewhere (for example with\n"
    "          openssl pkeyutl -sign -pkeyopt digest:sha256), for sign -x -d.\n"
    "  dump    -e/--enclave-image ENCLAVE_IMAGE\n"
    "          Prints the enclave's properties and identity.\n"
    "\n"
    "Options:\n"
    "  -e, --enclave-image   the enclave image (an ELF shared object)\n"
    "  -c, --config-file     NAME=VALUE settings: Debug, NumHeapPages, NumStackPages,\n"
    "                        NumTCS, ProductID, SecurityVersion, ExtendedProductID,\n"
    "                        FamilyID, CapturePFGPExceptions, CreateZeroBaseEnclave,\n"
    "                        StartAddress\n"
    "  -k, --key-file        RSA-3072 private key with exponent 3, PEM\n"
    "                        (openssl genrsa -out private.pem -3 3072)\n"
    "  -o, --output-file     where to write the signed image\n"
    "  -h, --help            this text\n";

static int usage(FILE *f, int rc)
{
    fputs(usage_text, f);
    return rc;
}

static int parse(int argc, char **argv, oesign_args *args)
{
    static const struct option options[] = {
        {"enclave-image", required_argument, NULL, 'e'},
        {"config-file", required_argument, NULL, 'c'},
        {"key-file", required_argument, NULL, 'k'},
        {"x509", required_argument, NULL, 'x'},
        {"digest-signature", required_argument, NULL, 'd'},
        {"digest-file", required_argument, NULL, 'd'},
        {"output-file", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "e:c:k:x:d:o:h", options, NULL)) != -1) {
        const char **slot = c == 'e' ? &args->image
                            : c == 'c' ? &args->conf
                            : c == 'k' ? &args->key
                            : c == 'x' ? &args->x509
                            : c == 'd' ? &args->digest
                            : c == 'o' ? &args->output
                                       : NULL;
        if (c == 'h')
            return 1;
        if (!slot)
            return -1;
        if (*slot) {
            oesign_error("option -%c given twice", c);
            return -1;
        }
        *slot = optarg;
    }
    if (optind != argc) {
        oesign_error("unexpected argument \"%s\"", argv[optind]);
        return -1;
    }
    if (!args->image) {
        oesign_error("--enclave-image (-e) is required");
        return -1;
    }
    return 0;
}

static int check_sign_options(const oesign_args *args)
{
    int by_key = args->key != NULL, by_x509 = args->x509 != NULL || args->digest != NULL;
    if (by_key == by_x509) {
        oesign_error("One of the SIGN_OPTIONS like --key-file must be specified (either -k, or "
                     "-x with -d)");
        return -1;
    }
    if (by_x509 && (!args->x509 || !args->digest)) {
        oesign_error("--x509 (-x) and --digest-signature (-d) go together");
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage(stderr, 1);
    const char *command = argv[1];
    if (!strcmp(command, "-h") || !strcmp(command, "--help") || !strcmp(command, "help"))
        return usage(stdout, 0);
    oesign_args args = {0};
    int parsed = parse(argc - 1, argv + 1, &args);
    if (parsed != 0)
        return parsed > 0 ? usage(stdout, 0) : usage(stderr, 1);
    if (!strcmp(command, "sign"))
        return check_sign_options(&args) ? 1 : oesign_sign(&args);
    if (!strcmp(command, "digest")) {
        if (!args.digest || args.key || args.x509 || args.output) {
            oesign_error("digest takes -e, optionally -c, and -d DIGEST_FILE");
            return 1;
        }
        return oesign_digest(&args);
    }
    if (!strcmp(command, "dump")) {
        if (args.conf || args.key || args.x509 || args.digest || args.output) {
            oesign_error("dump takes only -e ENCLAVE_IMAGE");
            return 1;
        }
        return oesign_dump(&args);
    }
    oesign_error("unknown command \"%s\"", command);
    return usage(stderr, 1);
}
