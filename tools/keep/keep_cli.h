/* The `keep` command line: each subcommand lives in its own cmd_*.c file
 * and is listed in main.c's table. */
#ifndef KEEP_CLI_H
#define KEEP_CLI_H

#include <stddef.h>
#include <stdint.h>

typedef struct keep_cmd {
    const char* name;
    const char* summary;
    /* argv[0] is the subcommand name. Returns the process exit code. */
    int (*run)(int argc, char** argv);
} keep_cmd_t;

extern const keep_cmd_t keep_cmd_verify;
extern const keep_cmd_t keep_cmd_info;
extern const keep_cmd_t keep_cmd_platform;

/* Exit code for usage and I/O errors, shared by subcommands. */
#define KEEP_EXIT_USAGE 64

/* keep verify --cert FILE (cmd_verify_cert.c). */
int keep_verify_cert(const char* path);

/* Reads a whole file (at most max bytes). Caller frees. NULL on error, with
 * a message printed to stderr. */
uint8_t* keep_cli_read_file(const char* path, size_t max, size_t* len);

#endif
