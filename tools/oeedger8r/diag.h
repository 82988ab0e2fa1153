/* Diagnostics for oeedger8r: errors and the -W warning set, printed as
 * `error: file:line:col message` / `warning: file:line:col message` the way
 * OE's oeedger8r prints them. */
#ifndef KEEP_EDGER8R_DIAG_H
#define KEEP_EDGER8R_DIAG_H

#include <stdbool.h>
#include <stdio.h>

#include "edl.h"

typedef enum edl_warning {
    EDL_W_FOREIGN_TYPE_PTR,
    EDL_W_NON_PORTABLE_TYPE,
    EDL_W_PTR_IN_STRUCT,
    EDL_W_PTR_IN_FUNCTION,
    EDL_W_UNSUPPORTED_ALLOW,
    EDL_W_RETURN_PTR,
    EDL_W_SIGNED_SIZE_OR_COUNT,
    EDL_W_COUNT_ /* number of warnings */
} edl_warning;

typedef struct edl_diag {
    FILE *out;                      /* stderr unless a test redirects it */
    bool enabled[EDL_W_COUNT_];     /* -W / -Wno- / defaults */
    bool as_error[EDL_W_COUNT_];    /* -Werror / -Werror=<name> */
    int error_count;
    int warning_count;
    /* Where `Processing <file>.` lines go (stdout by default; NULL: nowhere). */
    FILE *progress;
    /* The -W option states behind enabled[]/as_error[], kept so that later
     * options combine with earlier ones by OE's precedence rules
     * (-Wno- over -Werror[=] over -W/-Wall). Values: edl_wstate. */
    int state[EDL_W_COUNT_];
    int all_state;   /* -Wall / -Wno-all */
    int error_state; /* -Werror / -Wno-error */
} edl_diag;

/* States of a -W option, lowest precedence first. */
typedef enum edl_wstate {
    EDL_WSTATE_UNSET,
    EDL_WSTATE_WARN,
    EDL_WSTATE_ERROR,
    EDL_WSTATE_IGNORE,
} edl_wstate;

/* Sets OE's defaults: non-portable-type and signed-size-or-count on. */
void edl_diag_init(edl_diag *diag, FILE *out);

/* Applies one command-line option that starts with "-W". Returns 0, or -1
 * (after printing an error) for an unknown warning name or a rejected form
 * such as -Werror=all. */
int edl_diag_option(edl_diag *diag, const char *option);

/* Reports an error at `loc` (loc may be NULL) and counts it. */
void edl_error(edl_diag *diag, const edl_loc *loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Reports warning `w` if enabled; returns true when it counts as an error. */
bool edl_warn(edl_diag *diag, edl_warning w, const edl_loc *loc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
