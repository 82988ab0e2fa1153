/* Entry points: set up a session, parse, and either hand the tree over or
 * free everything after the first error. */
#include <stdlib.h>
#include <string.h>

#include "edl_internal.h"

static edl_session *session_new(const edl_parse_options *opts, edl_diag *fallback)
{
    edl_session *s = calloc(1, sizeof(*s));
    if (!s)
        return NULL;
    s->pool = edl_pool_new();
    if (!s->pool) {
        free(s);
        return NULL;
    }
    s->opts = opts;
    s->diag = opts->diag;
    if (!s->diag) {
        edl_diag_init(fallback, stderr);
        s->diag = fallback;
    }
    return s;
}

/* Parses `text` (or, when text is NULL, the file `path`). */
static int parse(edl_file **out, const char *path, const char *text, size_t len,
                 const edl_parse_options *opts)
{
    *out = NULL;
    edl_diag fallback;
    edl_session *s = session_new(opts, &fallback);
    if (!s) {
        if (opts->diag)
            edl_error(opts->diag, NULL, "out of memory");
        else
            fprintf(stderr, "error: out of memory\n");
        return -1;
    }
    if (setjmp(s->fail)) {
        /* An error was reported; nothing of the parse survives. */
        edl_pool_free(s->pool);
        free(s);
        return -1;
    }
    const edl_unit *unit = text ? edl_parse_unit(s, path, text, len) : edl_import_file(s, path);
    *out = edl_build_file(s, unit);
    free(s); /* the pool now belongs to *out */
    return 0;
}

int edl_parse_file(edl_file **out, const char *path, const edl_parse_options *opts)
{
    return parse(out, path, NULL, 0, opts);
}

int edl_parse_buffer(edl_file **out, const char *name, const char *text, size_t text_size,
                     const edl_parse_options *opts)
{
    /* An empty buffer still needs a non-NULL pointer to mean "text". */
    return parse(out, name, text ? text : "", text ? text_size : 0, opts);
}
