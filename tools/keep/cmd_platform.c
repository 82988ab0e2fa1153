/* keep platform init | show | export-root DIR | trust DIR | untrust NAME:
 * the Keep platform of this machine (docs/platform.md).
 *
 *   init              create the platform state unless it exists
 *   show [--json]     where it is, its root fingerprint and FMSPC, the
 *                     roots it trusts
 *   export-root DIR   write the root certificate and collateral verifiers need
 *   trust DIR [--name NAME]
 *                     trust another platform's exported root (verifiers on
 *                     this machine and enclaves of this platform)
 *   untrust NAME      stop trusting it
 * Every form takes --dir D (default: $KEEP_PLATFORM_DIR, else the user's
 * data directory, /var/lib/keep for root).
 *
 * Exit codes: 0 done, 1 failed (the reason is printed), 64 usage error. */
#include <stdio.h>
#include <string.h>

#include "../../src/common/identity.h"
#include "../../src/platform/platform.h"
#include "keep_cli.h"
#include "platform_trust.h"

static void usage(FILE* f)
{
    fprintf(f,
            "usage: keep platform init [--dir D]\n"
            "       keep platform show [--dir D] [--json]\n"
            "       keep platform export-root OUTDIR [--dir D]\n"
            "       keep platform trust EXPORTDIR [--name NAME] [--dir D]\n"
            "       keep platform untrust NAME [--dir D]\n"
            "  --dir D   the platform state directory (default: $KEEP_PLATFORM_DIR,\n"
            "            else $XDG_DATA_HOME/keep/platform or ~/.local/share/keep/platform,\n"
            "            /var/lib/keep for root)\n");
}

typedef struct args {
    const char* verb;
    const char* out;
    const char* dir;
    const char* name;
    int json;
    int simulation; /* init --simulation: a new simulation platform (for Keep developers) */
} args;

static int parse(int argc, char** argv, args* a)
{
    memset(a, 0, sizeof(*a));
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--dir") && i + 1 < argc)
            a->dir = argv[++i];
        else if (!strcmp(argv[i], "--name") && i + 1 < argc)
            a->name = argv[++i];
        else if (!strcmp(argv[i], "--json"))
            a->json = 1;
        else if (!strcmp(argv[i], "--simulation"))
            a->simulation = 1;
        else if (argv[i][0] == '-')
            return -1;
        else if (!a->verb)
            a->verb = argv[i];
        else if (!a->out)
            a->out = argv[i];
        else
            return -1;
    }
    return a->verb ? 0 : -1;
}

static int fail(const char* what, oe_result_t result, const keep_why* why)
{
    fprintf(stderr, "keep platform: %s: %s\n", what, why->text[0] ? why->text : oe_result_str(result));
    return 1;
}

static int show(const char* dir, int json)
{
    uint8_t fp[32];
    char subject[256] = "", hex[65];
    keep_why why = {{0}};
    oe_result_t result = keep_platform_root_fingerprint(dir, fp, subject, sizeof(subject), &why);
    if (result != OE_OK)
        return fail("show", result, &why);
    keep_hex_encode(hex, fp, sizeof(fp));
    if (json) {
        printf("{\"dir\": \"%s\", \"root_sha256\": \"%s\", \"root_subject\": \"%s\", "
               "\"fmspc\": \"4b4545500001\", \"simulation\": false, \"trusted_roots\": ",
               dir, hex, subject);
        keep_platform_show_trusted(stdout, dir, 1);
        printf("}\n");
        return 0;
    }
    printf("platform dir:  %s\n", dir);
    printf("root subject:  %s\n", subject);
    printf("root sha256:   %s\n", hex);
    printf("fmspc:         4b4545500001 (a Keep platform, not SGX hardware)\n");
    printf("exported by `keep platform export-root`:");
    for (size_t i = 0; keep_platform_export_files[i]; i++)
        printf(" %s", keep_platform_export_files[i]);
    printf("\n");
    keep_platform_show_trusted(stdout, dir, 0);
    return 0;
}

static bool takes_operand(const char* verb)
{
    return !strcmp(verb, "export-root") || !strcmp(verb, "trust") || !strcmp(verb, "untrust");
}

static int run(int argc, char** argv)
{
    args a;
    char dir[KEEP_PLATFORM_PATH_MAX];
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        usage(stdout);
        return 0;
    }
    if (parse(argc, argv, &a) != 0 || (takes_operand(a.verb) != (a.out != NULL)) ||
        (a.name && strcmp(a.verb, "trust"))) {
        usage(stderr);
        return KEEP_EXIT_USAGE;
    }
    if (a.dir)
        snprintf(dir, sizeof(dir), "%s", a.dir);
    else if (keep_platform_default_dir(dir, sizeof(dir)) != OE_OK) {
        fprintf(stderr, "keep platform: no platform directory (set KEEP_PLATFORM_DIR)\n");
        return KEEP_EXIT_USAGE;
    }
    keep_why why = {{0}};
    bool created = false;
    if (!strcmp(a.verb, "init") && a.simulation && a.dir) {
        oe_result_t result = keep_platform_generate_simulation(dir, &why);
        if (result != OE_OK)
            return fail("init --simulation", result, &why);
        printf("generated a simulation platform in %s (see scripts/gen-sim-platform.sh)\n", dir);
        return 0;
    }
    if (!strcmp(a.verb, "init")) {
        oe_result_t result = keep_platform_init(dir, &created, &why);
        if (result != OE_OK)
            return fail("init", result, &why);
        printf("%s platform in %s\n", created ? "created a new" : "using the existing", dir);
        return show(dir, 0);
    }
    if (!strcmp(a.verb, "show"))
        return show(dir, a.json);
    if (!strcmp(a.verb, "export-root")) {
        oe_result_t result = keep_platform_export_root(dir, a.out, &why);
        if (result != OE_OK)
            return fail("export-root", result, &why);
        printf("wrote the platform root and collateral to %s\n", a.out);
        return 0;
    }
    if (!strcmp(a.verb, "trust"))
        return keep_platform_trust(dir, a.out, a.name);
    if (!strcmp(a.verb, "untrust"))
        return keep_platform_untrust(dir, a.out);
    usage(stderr);
    return KEEP_EXIT_USAGE;
}

const keep_cmd_t keep_cmd_platform = {
    .name = "platform",
    .summary = "this machine's Keep platform: init, show, export-root, trust, untrust",
    .run = run,
};
