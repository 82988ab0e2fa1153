/* Checks on one declaration's attribute list, in OE's order: each
 * attribute as written is checked in turn and the first problem wins. */
#include <stdio.h>

#include "edl_internal.h"

/* OE records [in, out] and [out, in] differently: the second direction
 * turns the declaration "in-out" while the first one stays set. Only the
 * string check tells them apart, so derive OE's three flags here. */
typedef struct oe_dirs {
    bool in;
    bool out;
    bool inout;
} oe_dirs;

static oe_dirs directions(const edl_parser *p, const edl_attrs *a)
{
    oe_dirs d = {a->in, a->out, a->in && a->out};
    if (d.inout) {
        bool in_first = true;
        for (size_t i = 0; i < p->attr_count; i++) {
            if (p->attr_toks[i].kind == EDL_ATTR_IN || p->attr_toks[i].kind == EDL_ATTR_OUT) {
                in_first = p->attr_toks[i].kind == EDL_ATTR_IN;
                break;
            }
        }
        d.in = in_first;
        d.out = !in_first;
    }
    return d;
}

static bool any_direction(oe_dirs d)
{
    return d.in || d.out || d.inout;
}

static void check_string(edl_parser *p, const edl_decl *d, const edl_attr_tok *at, oe_dirs dir)
{
    const edl_attrs *a = &d->attrs;
    edl_loc loc = edl_tok_loc(p, &at->tok);
    const edl_type *t = &d->type;
    /* The pointee after one `*` and const; a deeper pointer is no char. */
    bool char_ptr = t->pointer_depth == 1 && t->kind == EDL_TYPE_CHAR;
    bool wchar_ptr = t->pointer_depth == 1 && t->kind == EDL_TYPE_WCHAR;
    if (dir.out)
        edl_fail_at(p, &loc, "string/wstring attribute should be used with an `in' attribute");
    if (!dir.in && !dir.inout)
        edl_fail_at(p, &loc, "string/wstring attributes must be used with pointer direction");
    if (a->count.present || a->size.present)
        edl_fail_at(p, &loc, "size attributes are mutually exclusive with (w)string attribute");
    if (a->string && a->wstring)
        edl_fail_at(p, &loc, "`string' and `wstring' are mutually exclusive");
    if (at->kind == EDL_ATTR_STRING && !char_ptr)
        edl_fail_at(p, &loc, "invalid `string' attribute - `%s' is not char pointer", d->name);
    if (at->kind == EDL_ATTR_WSTRING && !wchar_ptr)
        edl_fail_at(p, &loc, "invalid `wstring' attribute - `%s' is not wchar_t pointer", d->name);
}

static void check_isary_isptr(edl_parser *p, const edl_decl *d, const edl_attr_tok *at, oe_dirs dir)
{
    const edl_attrs *a = &d->attrs;
    edl_loc loc = edl_tok_loc(p, &at->tok);
    const char *name = at->kind == EDL_ATTR_ISARY ? "`isary'" : "`isptr'";
    if (a->isary && a->isptr)
        edl_fail_at(p, &loc, "`isary' cannot be used with `isptr' together");
    if (!any_direction(dir) && !a->user_check)
        edl_fail_at(p, &loc, "%s should have direction attribute or `user_check'", name);
    if (d->type.kind != EDL_TYPE_FOREIGN || d->type.is_const || d->type.pointer_depth) {
        char ts[512];
        edl_type_str(ts, sizeof(ts), &d->type);
        edl_fail_at(p, &loc, "%s attribute is only valid for user defined type, not for `%s'", name,
                    ts);
    }
    if (at->kind == EDL_ATTR_ISPTR && d->dim_count)
        edl_fail_at(p, &loc, "invalid parameter - `%s' is a pointer array", d->name);
}

/* size/count/in/out/user_check need something pointer-like. */
static void check_not_plain(edl_parser *p, const edl_decl *d, const edl_loc *loc, const char *attr)
{
    const edl_attrs *a = &d->attrs;
    if (d->type.pointer_depth || a->isptr || d->dim_count || a->isary)
        return;
    char ts[512];
    edl_type_str(ts, sizeof(ts), &d->type);
    if (d->type.kind == EDL_TYPE_FOREIGN && !d->type.is_const)
        edl_fail_at(p, loc, "`%s' is invalid for plain type `%s'", attr, ts);
    edl_fail_at(p, loc, "unexpected pointer attributes for `%s'", ts);
}

static void check_direction(edl_parser *p, const edl_decl *d, const edl_attr_tok *at)
{
    edl_loc loc = edl_tok_loc(p, &at->tok);
    check_not_plain(p, d, &loc, at->kind == EDL_ATTR_IN ? "in" : "out");
    if (!d->type.pointer_depth)
        return;
    const edl_user_type *ut = edl_deep_copy_type(p->unit, d);
    if (ut && d->attrs.size.present)
        edl_fail_at(p, &loc,
                    "size attributes are invalid for the pointer of an user-defined type `%s'",
                    ut->name);
    if (d->dim_count)
        edl_fail_at(p, &loc, "invalid parameter - `%s' is a pointer array", d->name);
}

static void check_one(edl_parser *p, const edl_decl *d, const edl_attr_tok *at, oe_dirs dir)
{
    edl_loc loc = edl_tok_loc(p, &at->tok);
    switch (at->kind) {
    case EDL_ATTR_STRING:
    case EDL_ATTR_WSTRING:
        check_string(p, d, at, dir);
        break;
    case EDL_ATTR_ISARY:
    case EDL_ATTR_ISPTR:
        check_isary_isptr(p, d, at, dir);
        break;
    case EDL_ATTR_COUNT:
    case EDL_ATTR_SIZE:
        if (p->in_function && !any_direction(dir))
            edl_fail_at(p, &loc, "size/count attributes must be used with pointer direction");
        check_not_plain(p, d, &loc, at->kind == EDL_ATTR_COUNT ? "count" : "size");
        break;
    case EDL_ATTR_IN:
    case EDL_ATTR_OUT:
        check_direction(p, d, at);
        break;
    case EDL_ATTR_USER_CHECK:
        if (any_direction(dir))
            edl_fail_at(p, &loc, "pointer direction and `user_check' are mutually exclusive");
        if (!d->attrs.isptr && !d->attrs.isary && !d->dim_count && !d->type.pointer_depth) {
            char ts[512];
            edl_type_str(ts, sizeof(ts), &d->type);
            edl_fail_at(p, &loc, "`user_check' attribute is invalid for plain type `%s'", ts);
        }
        break;
    case EDL_ATTR_KIND_COUNT_:
        break;
    }
}

void edl_check_attrs(edl_parser *p, const edl_decl *d)
{
    if (!d->attrs.present)
        return;
    oe_dirs dir = directions(p, &d->attrs);
    for (size_t i = 0; i < p->attr_count; i++)
        check_one(p, d, &p->attr_toks[i], dir);
}
