/* The #ifdef preprocessor. It works on tokens, not lines, as OE's does:
 * `#` starts a directive wherever it appears; names come only from -D. */
#include <string.h>

#include "edl_internal.h"

static bool is_defined(const edl_parser *p, const edl_token *name)
{
    const edl_parse_options *o = p->s->opts;
    for (size_t i = 0; i < o->define_count; i++) {
        const char *d = o->defines[i];
        if (d && strlen(d) == name->len && memcmp(d, name->text, name->len) == 0)
            return true;
    }
    return false;
}

bool edl_pp_closed(const edl_parser *p)
{
    return p->pp.depth == 0;
}

static bool included(const edl_parser *p)
{
    for (size_t i = 0; i < p->pp.depth; i++)
        if (!p->pp.active[i])
            return false;
    return true;
}

/* Raw tokens: a lexer error is reported where it happened. */
static edl_token lex(edl_parser *p)
{
    edl_token t = edl_lexer_next(&p->lex);
    if (t.kind == EDL_TOK_ERROR) {
        edl_loc loc = edl_tok_loc(p, &t);
        edl_fail_at(p, &loc, "%.*s", (int)t.len, t.text);
    }
    return t;
}

static void open_conditional(edl_parser *p, bool negate, const char *what)
{
    edl_token name = lex(p);
    if (!edl_tok_is_name(&name))
        edl_fail_here(p, "unexpected error with #%s", what);
    if (p->pp.depth >= EDL_MAX_IFDEF_DEPTH)
        edl_fail_here(p, "#%s nested too deeply (more than %d levels)", what, EDL_MAX_IFDEF_DEPTH);
    p->pp.active[p->pp.depth] = is_defined(p, &name) != negate;
    p->pp.in_else[p->pp.depth] = false;
    p->pp.depth++;
}

/* Handles the directive after `#`; returns the token that follows it. */
static edl_token directive(edl_parser *p)
{
    edl_token t = lex(p);
    if (edl_tok_is(&t, "ifdef") || edl_tok_is(&t, "ifndef")) {
        bool negate = edl_tok_is(&t, "ifndef");
        open_conditional(p, negate, negate ? "ifndef" : "ifdef");
    } else if (edl_tok_is(&t, "else")) {
        size_t top = p->pp.depth;
        if (top == 0 || p->pp.in_else[top - 1])
            edl_fail_here(p, "no previous #ifdef or #ifndef");
        p->pp.active[top - 1] = !p->pp.active[top - 1];
        p->pp.in_else[top - 1] = true;
    } else if (edl_tok_is(&t, "endif")) {
        if (p->pp.depth == 0)
            edl_fail_here(p, "no previous #ifdef, #ifndef, or #else");
        p->pp.depth--;
    } else {
        edl_fail_here(p, "unsupported directive %s", edl_tok_text(p, &t));
    }
    return lex(p);
}

edl_token edl_pp_fetch(edl_parser *p)
{
    edl_token t = lex(p);
    while (edl_tok_is(&t, "#")) {
        t = directive(p);
        /* In an excluded region, skip to the next directive. */
        if (!included(p))
            while (!edl_tok_is(&t, "#") && t.kind != EDL_TOK_EOF)
                t = lex(p);
    }
    return t;
}
