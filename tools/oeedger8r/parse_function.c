/* Function declarations inside trusted { } and untrusted { }. */
#include <string.h>

#include "edl_internal.h"

/* `allow(a, b)`: parsed, kept, and otherwise ignored, as in OE. */
static void parse_allow(edl_parser *p, edl_function *f)
{
    if (!edl_peek_is(p, "allow"))
        return;
    if (f->is_trusted)
        edl_fail_here(p, "the `allow' syntax is invalid for a trusted function (ECALL).");
    edl_next(p);
    edl_expect(p, "(");
    while (!edl_peek_is(p, ")")) {
        edl_token t = edl_next(p);
        if (!edl_tok_is_name(&t))
            edl_fail_here(p, "expecting identifier, got %s", edl_tok_text(p, &t));
        char **slot = edl_array_push(p->s, (void **)&f->allow, &f->allow_count, sizeof(char *));
        *slot = edl_tok_str(p, &t);
        if (!edl_peek_is(p, ")"))
            edl_expect(p, ",");
    }
    edl_expect(p, ")");
    edl_warn_here(p, EDL_W_UNSUPPORTED_ALLOW, NULL,
                  "Function `%s': the `allow' syntax is currently unsupported. Ignored "
                  "[-Wunsupported-allow].",
                  f->name);
}

/* transition_using_threads and (untrusted only) propagate_errno, each at
 * most once, in either order. */
static void parse_suffixes(edl_parser *p, edl_function *f)
{
    for (int i = 0; i < 2; i++) {
        if (edl_peek_is(p, "transition_using_threads") && !f->is_switchless) {
            edl_next(p);
            f->is_switchless = true;
        } else if (!f->is_trusted && edl_peek_is(p, "propagate_errno") && !f->propagate_errno) {
            edl_next(p);
            f->propagate_errno = true;
        }
    }
}

static void parse_params(edl_parser *p, edl_function *f)
{
    edl_expect(p, "(");
    if (edl_peek_is(p, "void") && edl_tok_is(edl_peek(p, 1), ")"))
        edl_next(p);
    while (!edl_peek_is(p, ")")) {
        edl_decl *d = edl_array_push(p->s, (void **)&f->params, &f->param_count, sizeof(*d));
        edl_parse_decl(p, d);
        edl_check_param(p, f, d);
        if (!edl_peek_is(p, ")"))
            edl_expect(p, ",");
    }
    edl_expect(p, ")");
}

edl_function *edl_parse_function(edl_parser *p, bool trusted)
{
    p->in_function = true;
    edl_function *f = edl_alloc(p->s, sizeof(*f));
    f->is_trusted = trusted;
    f->return_type = edl_parse_type(p);
    edl_token name = edl_next(p);
    if (!edl_tok_is_name(&name))
        edl_fail_here(p, "expecting function name, got %s", edl_tok_text(p, &name));
    f->name = edl_tok_str(p, &name);
    f->loc = edl_tok_loc(p, &name);
    if (f->return_type.pointer_depth > 0)
        edl_warn_here(p, EDL_W_RETURN_PTR, NULL,
                      "Function `%s': The function returns a pointer, which could expose memory "
                      "addresses across the host-enclave boundary. Consider passing the pointer "
                      "as an out parameter instead [-Wreturn-ptr].",
                      f->name);
    parse_params(p, f);
    parse_allow(p, f);
    parse_suffixes(p, f);
    edl_expect(p, ";");
    edl_check_function(p, f);
    p->in_function = false;
    return f;
}
