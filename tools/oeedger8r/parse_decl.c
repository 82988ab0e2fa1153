/* Declarations: attribute lists, parameters/fields, array dimensions and
 * function declarations. */
#include <stdint.h>
#include <string.h>

#include "edl_internal.h"

static const char *const attr_names[EDL_ATTR_KIND_COUNT_] = {
    [EDL_ATTR_IN] = "in",
    [EDL_ATTR_OUT] = "out",
    [EDL_ATTR_COUNT] = "count",
    [EDL_ATTR_SIZE] = "size",
    [EDL_ATTR_ISPTR] = "isptr",
    [EDL_ATTR_ISARY] = "isary",
    [EDL_ATTR_STRING] = "string",
    [EDL_ATTR_WSTRING] = "wstring",
    [EDL_ATTR_USER_CHECK] = "user_check",
};

static edl_attr_kind attr_kind(edl_parser *p, const edl_token *t)
{
    for (int k = 0; k < EDL_ATTR_KIND_COUNT_; k++)
        if (edl_tok_is(t, attr_names[k]))
            return (edl_attr_kind)k;
    if (edl_tok_is(t, "sizefunc"))
        edl_fail_here(p, "The attribute 'sizefunc' is deprecated. Please use 'size' attribute "
                         "instead.");
    edl_fail_here(p, "unknown attribute: `%s'", edl_tok_text(p, t));
}

/* `= <int|name>` after size or count. */
static void parse_size_expr(edl_parser *p, edl_size_expr *e)
{
    edl_expect(p, "=");
    edl_token v = edl_next(p);
    if (!edl_tok_is_name(&v) && !edl_tok_is_int(&v))
        edl_fail_here(p, "expecting integer");
    e->present = true;
    e->loc = edl_tok_loc(p, &v);
    if (edl_tok_is_name(&v)) {
        e->name = edl_tok_str(p, &v);
        return;
    }
    e->is_number = true;
    for (size_t i = 0; i < v.len; i++) {
        unsigned digit = (unsigned)(v.text[i] - '0');
        if (e->number > (UINT64_MAX - digit) / 10)
            edl_fail_here(p, "integer constant `%s' is too large", edl_tok_text(p, &v));
        e->number = e->number * 10 + digit;
    }
}

static void apply_attr(edl_parser *p, edl_attrs *a, edl_attr_kind kind)
{
    switch (kind) {
    case EDL_ATTR_IN:
        a->in = true;
        break;
    case EDL_ATTR_OUT:
        a->out = true;
        break;
    case EDL_ATTR_COUNT:
        parse_size_expr(p, &a->count);
        break;
    case EDL_ATTR_SIZE:
        parse_size_expr(p, &a->size);
        break;
    case EDL_ATTR_ISPTR:
        a->isptr = true;
        break;
    case EDL_ATTR_ISARY:
        a->isary = true;
        break;
    case EDL_ATTR_STRING:
        a->string = true;
        break;
    case EDL_ATTR_WSTRING:
        a->wstring = true;
        break;
    case EDL_ATTR_USER_CHECK:
        a->user_check = true;
        break;
    case EDL_ATTR_KIND_COUNT_:
        break;
    }
}

/* `[attr, attr=value, ...]`; records the attributes in source order in
 * p->attr_toks for the checks. An empty list is an unknown attribute. */
static void parse_attrs(edl_parser *p, edl_attrs *a)
{
    if (!edl_peek_is(p, "["))
        return;
    edl_token open = edl_next(p);
    a->present = true;
    a->loc = edl_tok_loc(p, &open);
    p->attr_count = 0;
    do {
        edl_token t = edl_next(p);
        edl_attr_kind kind = attr_kind(p, &t);
        if (p->in_struct && kind != EDL_ATTR_COUNT && kind != EDL_ATTR_SIZE)
            edl_fail_here(p, "only `count' and `size' attributes can be specified for struct "
                             "properties");
        for (size_t i = 0; i < p->attr_count; i++)
            if (p->attr_toks[i].kind == kind)
                edl_fail_here(p, "duplicated attribute: `%s'", edl_tok_text(p, &t));
        p->attr_toks[p->attr_count].kind = kind;
        p->attr_toks[p->attr_count].tok = t;
        p->attr_count++;
        apply_attr(p, a, kind);
        if (!edl_peek_is(p, "]"))
            edl_expect(p, ",");
    } while (!edl_peek_is(p, "]"));
    edl_expect(p, "]");
}

static void parse_dims(edl_parser *p, edl_decl *d)
{
    while (edl_peek_is(p, "[")) {
        edl_next(p);
        edl_token t = edl_next(p);
        if (!edl_tok_is_int(&t) && !edl_tok_is_name(&t))
            edl_fail_here(p, "expecting array dimension, got %s", edl_tok_text(p, &t));
        char **slot = edl_array_push(p->s, (void **)&d->dims, &d->dim_count, sizeof(char *));
        *slot = edl_tok_str(p, &t);
        edl_expect(p, "]");
    }
}

void edl_parse_decl(edl_parser *p, edl_decl *d)
{
    d->loc = edl_tok_loc(p, edl_peek(p, 0));
    parse_attrs(p, &d->attrs);
    d->type = edl_parse_type(p);
    edl_token name = edl_next(p);
    if (!edl_tok_is_name(&name))
        edl_fail_here(p, "expecting identifier got %s", edl_tok_text(p, &name));
    d->name = edl_tok_str(p, &name);
    parse_dims(p, d);
    edl_check_attrs(p, d);
}
