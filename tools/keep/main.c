/* keep: the Keep command line. Subcommands: see the table below. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keep_cli.h"

static const keep_cmd_t* const commands[] = {
    &keep_cmd_verify,
    &keep_cmd_info,
    &keep_cmd_platform,
};

#define COUNT (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE* f)
{
    fprintf(f, "usage: keep <command> [options]\n\ncommands:\n");
    for (size_t i = 0; i < COUNT; i++)
        fprintf(f, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
    fprintf(f, "\nRun `keep <command> --help` for a command's options.\n");
}

uint8_t* keep_cli_read_file(const char* path, size_t max, size_t* len)
{
    FILE* f = fopen(path, "rb");
    *len = 0;
    if (!f) {
        fprintf(stderr, "keep: %s: %s\n", path, strerror(errno));
        return NULL;
    }
    uint8_t* buf = malloc(max + 1);
    size_t n = buf ? fread(buf, 1, max + 1, f) : 0;
    int bad = !buf || ferror(f) || n > max;
    fclose(f);
    if (bad) {
        fprintf(stderr, "keep: %s: cannot read (or larger than %zu bytes)\n",
                path, max);
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

int main(int argc, char** argv)
{
    if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
        !strcmp(argv[1], "help")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? KEEP_EXIT_USAGE : 0;
    }
    for (size_t i = 0; i < COUNT; i++)
        if (strcmp(argv[1], commands[i]->name) == 0)
            return commands[i]->run(argc - 1, argv + 1);
    fprintf(stderr, "keep: unknown command \"%s\"\n", argv[1]);
    usage(stderr);
    return KEEP_EXIT_USAGE;
}
