/* oeedger8r: the command line of Keep's EDL compiler, compatible with OE's
 * (options, messages, exit codes). Keep adds --version, and rejects unknown
 * options instead of treating them as file names. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "emit.h"
#include "parse.h"

#ifndef KEEP_VERSION
#define KEEP_VERSION "unknown"
#endif

static const char usage[] =
    "usage: oeedger8r [options] <file> ...\n"
    "\n"
    "Options:\n"
    "  --search-path <dir>    add <dir> to the places searched for .edl files\n"
    "                         (the input files too, when not found as given)\n"
    "  --trusted              write the enclave side (<name>_t.h, <name>_t.c, <name>_args.h)\n"
    "  --untrusted            write the host side (<name>_u.h, <name>_u.c, <name>_args.h)\n"
    "  --trusted-dir <dir>    where enclave-side files go (created if missing)\n"
    "  --untrusted-dir <dir>  where host-side files go (created if missing)\n"
    "  --header-only          write the headers only\n"
    "  --use-prefix           prefix host-side ECALL wrappers with the EDL name\n"
    "  -D<name>               define <name> for #ifdef/#ifndef\n"
    "  --experimental         accepted for compatibility; no effect\n"
    "  -W<warning>            enable a warning\n"
    "  -Wno-<warning>         disable a warning\n"
    "  -Wall                  enable every warning\n"
    "  -Werror                treat warnings as errors\n"
    "  -Werror=<warning>      treat one warning as an error\n"
    "  --help                 show this text\n"
    "  --version              show the version\n"
    "\n"
    "Warnings: foreign-type-ptr, non-portable-type (on by default),\n"
    "ptr-in-struct, ptr-in-function, unsupported-allow, return-ptr,\n"
    "signed-size-or-count (on by default).\n"
    "\n"
    "With neither --trusted nor --untrusted, both sides are written.\n";

/* The growable lists the command line collects. */
typedef struct str_list {
    const char **items;
    size_t count;
} str_list;

typedef struct cli {
    str_list files;
    str_list search_paths;
    str_list defines;
    edl_emit_options emit;
    edl_diag diag;
} cli;

static void list_add(str_list *list, const char *item)
{
    const char **grown = realloc(list->items, (list->count + 1) * sizeof(*grown));
    if (!grown) {
        fprintf(stderr, "error: out of memory\n");
        exit(1);
    }
    grown[list->count++] = item;
    list->items = grown;
}

/* OE accepts Windows separators on any host; it turns them into '/'. */
static const char *fix_separators(char *path)
{
    for (char *c = path; *c; c++)
        if (*c == '\\')
            *c = '/';
    return path;
}

static const char *dir_argument(int argc, char **argv, int i)
{
    if (i >= argc) {
        fprintf(stderr, "error: missing directory name after %s\n", argv[i - 1]);
        fprintf(stderr, "%s\n", usage);
        exit(1);
    }
    return fix_separators(argv[i]);
}

/* Handles one option that takes no value. Returns -1 when unknown,
 * otherwise an exit code to stop with, or 256 to carry on. */
static int flag_option(cli *c, const char *a)
{
    if (strcmp(a, "--use-prefix") == 0)
        c->emit.use_prefix = true;
    else if (strcmp(a, "--header-only") == 0)
        c->emit.header_only = true;
    else if (strcmp(a, "--untrusted") == 0)
        c->emit.untrusted = true;
    else if (strcmp(a, "--trusted") == 0)
        c->emit.trusted = true;
    else if (strcmp(a, "--experimental") == 0)
        ; /* historically gated deep copy; nothing depends on it now */
    else if (strcmp(a, "--help") == 0)
        return printf("%s\n", usage), 1;
    else if (strcmp(a, "--version") == 0)
        return printf("oeedger8r (Keep) %s\n", KEEP_VERSION), 0;
    else
        return -1;
    return 256;
}

/* Returns 256 to carry on, or the exit code. */
static int parse_option(cli *c, int argc, char **argv, int *i)
{
    char *a = argv[(*i)++];
    if (strcmp(a, "--search-path") == 0) {
        list_add(&c->search_paths, dir_argument(argc, argv, (*i)++));
    } else if (strcmp(a, "--trusted-dir") == 0) {
        c->emit.trusted_dir = dir_argument(argc, argv, (*i)++);
    } else if (strcmp(a, "--untrusted-dir") == 0) {
        c->emit.untrusted_dir = dir_argument(argc, argv, (*i)++);
    } else if (strncmp(a, "-D", 2) == 0) {
        if (a[2] == '\0') {
            fprintf(stderr, "error: macro name missing after '-D'\n%s", usage);
            return 255;
        }
        list_add(&c->defines, a + 2);
    } else if (strncmp(a, "-W", 2) == 0) {
        if (edl_diag_option(&c->diag, a) != 0) {
            fprintf(stderr, "%s", usage);
            return 255;
        }
    } else if (a[0] != '-') {
        list_add(&c->files, fix_separators(a));
    } else {
        int rc = flag_option(c, a);
        if (rc >= 0)
            return rc;
        fprintf(stderr, "error: unknown option '%s'\n%s", a, usage);
        return 1;
    }
    return 256;
}

/* mkdir -p: creates every missing component of dir. */
static int ensure_directory(const char *dir)
{
    size_t len = strlen(dir);
    char *path = malloc(len + 1);
    if (!path)
        return -1;
    memcpy(path, dir, len + 1);
    int rc = 0;
    for (size_t i = 1; i <= len && rc == 0; i++) {
        if (path[i] != '/' && path[i] != '\0')
            continue;
        char saved = path[i];
        path[i] = '\0';
        struct stat st;
        if (stat(path, &st) != 0 && mkdir(path, 0777) != 0 && errno != EEXIST)
            rc = -1;
        path[i] = saved;
    }
    if (rc != 0)
        fprintf(stderr, "error: cannot create directory %s: %s\n", dir, strerror(errno));
    free(path);
    return rc;
}

static int process_file(cli *c, const char *path)
{
    edl_parse_options opts = {
        .search_paths = c->search_paths.items,
        .search_path_count = c->search_paths.count,
        .defines = c->defines.items,
        .define_count = c->defines.count,
        .diag = &c->diag,
    };
    edl_file *file;
    if (edl_parse_file(&file, path, &opts) != 0)
        return 1;
    int rc = edl_emit(file, &c->emit) == 0 ? 0 : 1;
    edl_file_free(file);
    return rc;
}

static int run(cli *c)
{
    if (c->files.count == 0) {
        fprintf(stderr, "error: missing edl filename.\n%s", usage);
        return 255;
    }
    printf("Generating edge routine, for the Open Enclave SDK.\n");
    fflush(stdout);
    if (!c->emit.trusted && !c->emit.untrusted)
        c->emit.trusted = c->emit.untrusted = true;
    if (ensure_directory(c->emit.trusted_dir) != 0 || ensure_directory(c->emit.untrusted_dir) != 0)
        return 1;
    for (size_t i = 0; i < c->files.count; i++)
        if (process_file(c, c->files.items[i]) != 0)
            return 1;
    printf("Success.\n");
    return 0;
}

int main(int argc, char **argv)
{
    if (argc <= 1) {
        printf("%s\n", usage);
        return 1;
    }
    cli c;
    memset(&c, 0, sizeof(c));
    c.emit.trusted_dir = ".";
    c.emit.untrusted_dir = ".";
    edl_diag_init(&c.diag, stderr);
    int rc = 256;
    for (int i = 1; i < argc && rc == 256;)
        rc = parse_option(&c, argc, argv, &i);
    if (rc == 256)
        rc = run(&c);
    free(c.files.items);
    free(c.search_paths.items);
    free(c.defines.items);
    return rc;
}
