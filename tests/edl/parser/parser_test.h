/* Helpers shared by the parser unit tests. */
#ifndef KEEP_EDL_PARSER_TEST_H
#define KEEP_EDL_PARSER_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "diag.h"
#include "edl.h"
#include "parse.h"

/* A parse whose diagnostics are captured in memory. */
typedef struct edl_run {
    edl_diag diag;
    char *messages; /* everything written to diag.out */
    size_t messages_size;
    edl_file *file;
    int rc;
} edl_run;

/* Parses `text` as "<name>.edl" with EDL_TEST_DATA_DIR on the search path
 * and the given -D names / -W options (NULL-terminated lists or NULL). */
void edl_run_text(edl_run *run, const char *name, const char *text, size_t len,
                  const char *const *defines, const char *const *woptions);
void edl_run_free(edl_run *run);

/* Parses and asserts success / failure with `message` in the output. */
edl_file *parse_ok(edl_run *run, const char *text);
void parse_fails(const char *text, const char *message);

const edl_function *find_function(const edl_function *fs, size_t count, const char *name);

int run_import_tests(void);
int run_diag_tests(void);

#endif
