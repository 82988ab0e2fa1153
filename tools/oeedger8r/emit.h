/* Writing the generated C files for one parsed EDL. */
#ifndef KEEP_EDGER8R_EMIT_H
#define KEEP_EDGER8R_EMIT_H

#include <stdbool.h>

#include "edl.h"

typedef struct edl_emit_options {
    bool trusted;       /* write <name>_t.h, <name>_t.c, <name>_args.h */
    bool untrusted;     /* write <name>_u.h, <name>_u.c, <name>_args.h */
    bool header_only;   /* write only the headers of the selected sides */
    bool use_prefix;    /* --use-prefix */
    const char *trusted_dir;   /* existing directory, never NULL ("." default) */
    const char *untrusted_dir; /* existing directory, never NULL ("." default) */
} edl_emit_options;

/* Writes the selected files. Returns 0, or -1 after printing
 * "error: <what>" to stderr (for example a file that cannot be written). */
int edl_emit(const edl_file *file, const edl_emit_options *opts);

#endif
