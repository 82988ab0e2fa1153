/* Diagnostics and the -W warning switches, with OE's precedence rules. */
#include "diag.h"

#include <stdarg.h>
#include <string.h>

/* OE formats warning messages into a 256-byte buffer; long names are cut
 * off the same way here. */
#define EDL_WARNING_MESSAGE_SIZE 256

static const char *const warning_names[EDL_W_COUNT_] = {
    [EDL_W_FOREIGN_TYPE_PTR] = "foreign-type-ptr",
    [EDL_W_NON_PORTABLE_TYPE] = "non-portable-type",
    [EDL_W_PTR_IN_STRUCT] = "ptr-in-struct",
    [EDL_W_PTR_IN_FUNCTION] = "ptr-in-function",
    [EDL_W_UNSUPPORTED_ALLOW] = "unsupported-allow",
    [EDL_W_RETURN_PTR] = "return-ptr",
    [EDL_W_SIGNED_SIZE_OR_COUNT] = "signed-size-or-count",
};

/* Derives enabled[]/as_error[] from the recorded option states. */
static void diag_refresh(edl_diag *diag)
{
    for (int w = 0; w < EDL_W_COUNT_; w++) {
        int st = diag->state[w];
        diag->enabled[w] = st != EDL_WSTATE_IGNORE &&
                           (st != EDL_WSTATE_UNSET || diag->all_state == EDL_WSTATE_WARN);
        diag->as_error[w] = st == EDL_WSTATE_ERROR || diag->error_state == EDL_WSTATE_WARN;
    }
}

void edl_diag_init(edl_diag *diag, FILE *out)
{
    memset(diag, 0, sizeof(*diag));
    diag->out = out;
    diag->progress = stdout;
    diag->state[EDL_W_NON_PORTABLE_TYPE] = EDL_WSTATE_WARN;
    diag->state[EDL_W_SIGNED_SIZE_OR_COUNT] = EDL_WSTATE_WARN;
    diag_refresh(diag);
}

/* A later option wins only with higher precedence: ignore > error > warn. */
static void set_state(int *slot, int state)
{
    if (state > *slot)
        *slot = state;
}

/* Maps a warning name to its state slot, or NULL when unknown. */
static int *state_slot(edl_diag *diag, const char *name, bool *special)
{
    *special = true;
    if (strcmp(name, "all") == 0)
        return &diag->all_state;
    if (strcmp(name, "error") == 0)
        return &diag->error_state;
    *special = false;
    for (int w = 0; w < EDL_W_COUNT_; w++)
        if (strcmp(name, warning_names[w]) == 0)
            return &diag->state[w];
    return NULL;
}

int edl_diag_option(edl_diag *diag, const char *option)
{
    int state = EDL_WSTATE_WARN;
    const char *name = option + 2;
    if (strncmp(option, "-Wno-", 5) == 0) {
        state = EDL_WSTATE_IGNORE;
        name = option + 5;
    } else if (strncmp(option, "-Werror=", 8) == 0) {
        state = EDL_WSTATE_ERROR;
        name = option + 8;
    }
    bool special;
    int *slot = strncmp(option, "-W", 2) == 0 ? state_slot(diag, name, &special) : NULL;
    if (!slot) {
        fprintf(diag->out, "error: unknown warning option '%s'\n", option);
        return -1;
    }
    if (special && state == EDL_WSTATE_ERROR) {
        fprintf(diag->out, "error: invalid option '%s'\n", option);
        return -1;
    }
    set_state(slot, state);
    diag_refresh(diag);
    return 0;
}

__attribute__((format(printf, 4, 0))) static void
vreport(edl_diag *diag, const char *kind, const edl_loc *loc, const char *fmt, va_list ap)
{
    if (loc && loc->file)
        fprintf(diag->out, "%s: %s:%d:%d ", kind, loc->file, loc->line, loc->col);
    else
        fprintf(diag->out, "%s: ", kind);
    vfprintf(diag->out, fmt, ap);
    fputc('\n', diag->out);
    fflush(diag->out);
}

void edl_error(edl_diag *diag, const edl_loc *loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(diag, "error", loc, fmt, ap);
    va_end(ap);
    diag->error_count++;
}

bool edl_warn(edl_diag *diag, edl_warning w, const edl_loc *loc, const char *fmt, ...)
{
    if ((unsigned)w >= EDL_W_COUNT_ || !diag->enabled[w])
        return false;
    char message[EDL_WARNING_MESSAGE_SIZE];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof(message), fmt, ap);
    va_end(ap);
    if (diag->as_error[w]) {
        edl_error(diag, loc, "%s", message);
        return true;
    }
    diag->warning_count++;
    if (loc && loc->file)
        fprintf(diag->out, "warning: %s:%d:%d %s\n", loc->file, loc->line, loc->col, message);
    else
        fprintf(diag->out, "warning: %s\n", message);
    return false;
}
