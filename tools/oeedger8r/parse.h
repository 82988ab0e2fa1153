/* Reading EDL: lexing, the #ifdef preprocessor, parsing, import resolution
 * and the semantic checks OE's oeedger8r applies. */
#ifndef KEEP_EDGER8R_PARSE_H
#define KEEP_EDGER8R_PARSE_H

#include "diag.h"
#include "edl.h"

typedef struct edl_parse_options {
    const char *const *search_paths; /* --search-path, in order */
    size_t search_path_count;
    const char *const *defines; /* -D names */
    size_t define_count;
    edl_diag *diag; /* where errors and warnings go, and the -W settings */
} edl_parse_options;

/* Reads `path` (looked up on the search path when not found as given),
 * resolves its imports and checks it. On success returns 0 and stores a new
 * tree in *out (free with edl_file_free). On failure returns -1 after the
 * first error has been reported through opts->diag; *out is NULL. */
int edl_parse_file(edl_file **out, const char *path, const edl_parse_options *opts);

/* The same for EDL text already in memory (used by the fuzzer and unit
 * tests); `name` is used for diagnostics and as the EDL's name. Imports are
 * resolved on the search path as for files. `text` need not be
 * NUL-terminated. */
int edl_parse_buffer(edl_file **out, const char *name, const char *text, size_t text_size,
                     const edl_parse_options *opts);

#endif
