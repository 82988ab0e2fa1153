/* Deep copy (reference §3.7): which declarations carry nested data, and the
 * walks that size, pack, check, rebase, copy back and free that data.
 *
 * Every walk visits the same nested sections in the same depth-first order
 * (element by element, field by field, a nested struct's own sections right
 * after its array), so caller and callee agree on the layout without
 * describing it in the buffer. */
#include <string.h>

#include "emit_internal.h"

const edl_user_type *emit_find_struct(const edl_file *edl, const char *name)
{
    for (size_t i = 0; i < edl->type_count; i++) {
        const edl_user_type *t = &edl->types[i];
        if (t->kind == EDL_USER_STRUCT && t->name && strcmp(t->name, name) == 0)
            return t;
    }
    return NULL;
}

bool emit_field_is_deep_ptr(const edl_decl *field)
{
    return field->type.pointer_depth > 0 &&
           (field->attrs.count.present || field->attrs.size.present);
}

bool emit_struct_is_deep(const edl_user_type *st)
{
    for (size_t i = 0; i < st->field_count; i++)
        if (emit_field_is_deep_ptr(&st->fields[i]))
            return true;
    return false;
}

static bool emit_names(const edl_size_expr *x, const char *name)
{
    return x->present && !x->is_number && x->name && strcmp(x->name, name) == 0;
}

/* Fields that give another field's size or count keep the caller's value
 * after an in-out call (the callee must not grow them). */
bool emit_field_is_size_ref(const edl_user_type *st, const edl_decl *field)
{
    for (size_t i = 0; i < st->field_count; i++) {
        const edl_attrs *a = &st->fields[i].attrs;
        if (emit_names(&a->count, field->name) || emit_names(&a->size, field->name))
            return true;
    }
    return false;
}

/* The deep struct a parameter or field points to, or NULL. */
const edl_user_type *emit_deep_type(const edl_file *edl, const edl_decl *d)
{
    const edl_user_type *st;
    if (d->type.kind != EDL_TYPE_STRUCT || d->type.pointer_depth != 1 || d->dim_count)
        return NULL;
    if (d->attrs.user_check)
        return NULL;
    st = emit_find_struct(edl, d->type.name);
    return st && emit_struct_is_deep(st) ? st : NULL;
}

bool emit_has_deep_out(const edl_file *edl, const edl_function *fn)
{
    for (size_t i = 0; i < fn->param_count; i++) {
        const edl_decl *p = &fn->params[i];
        if (p->attrs.out && !p->attrs.in && emit_deep_type(edl, p))
            return true;
    }
    return false;
}

/* `oe_edger8r_<fn>(buffer, size, &offset, [src, ]count, elem, &_where)`
 * over the walk's buffer. */
static void emit_buffer_call(emit_ctx *ctx, emit_expr *call, const emit_walk *w, const char *fn,
                             const char *src, const char *c, const char *z)
{
    emit_expr_set(ctx, call, "oe_edger8r_%s(%s, %s, &%s, %s%s%s, %s, &_where)", fn, w->buffer,
                  w->buffer_size, w->offset, src ? src : "", src ? ", " : "", c, z);
}

/* Statements for one nested pointer field. `d` and `s` are the element
 * expressions (`x[_i_2]`), `c` the count and `z` the element size. */
static void emit_walk_field(emit_ctx *ctx, const emit_walk *w, const char *d, const char *s,
                            const edl_decl *fd, const char *c, const char *z, int in)
{
    emit_expr ft, call, src;
    const char *n = fd->name;
    emit_mtype_str(ctx, &ft, fd);
    emit_expr_set(ctx, &src, "%s.%s", s, n);
    switch (w->mode) {
    case EMIT_WALK_SIZE:
    case EMIT_WALK_DC_SIZE:
        emit_expr_set(ctx, &call, "oe_edger8r_add_arg_size(&%s, %s, %s)", w->total, c, z);
        emit_try(ctx, in, call.s);
        return;
    case EMIT_WALK_WRITE:
        emit_buffer_call(ctx, &call, w, "write", src.s, c, z);
        break;
    case EMIT_WALK_CALLEE_IN:
        emit_buffer_call(ctx, &call, w, "reserve", NULL, c, z);
        break;
    case EMIT_WALK_CALLEE_MOVE:
        emit_line(ctx, in, "_where = (void*)%s.%s;", d, n);
        emit_buffer_call(ctx, &call, w, "move_to", NULL, c, z);
        break;
    case EMIT_WALK_DC_TAKE:
        /* A failed take leaves NULL, never a placeholder, for the release. */
        emit_line(ctx, in, "if ((_result = oe_edger8r_take_copy(&_where, %s, %s, &%s, %s, %s, oe_malloc)) != OE_OK)",
                  w->buffer, w->buffer_size, w->offset, c, z);
        emit_line(ctx, in, "{");
        emit_line(ctx, in + 1, "%s.%s = NULL;", d, n);
        emit_line(ctx, in + 1, "goto done;");
        emit_line(ctx, in, "}");
        emit_line(ctx, in, "%s.%s = (%s)_where;", d, n, ft.s);
        return;
    default:
        return; /* handled by the callers below */
    }
    emit_try(ctx, in, call.s);
    emit_line(ctx, in, "%s.%s = (%s)_where;", d, n, ft.s);
}

static void emit_walk_nested(emit_ctx *ctx, const emit_walk *w, const edl_user_type *st,
                             const char *d, const char *s, int level, int in);

/* READ_INOUT of one nested field: copy the callee's data back into the
 * caller's own nested buffer (never replacing the caller's pointer). */
static void emit_read_inout_field(emit_ctx *ctx, const emit_walk *w, const char *d,
                                  const edl_decl *fd, const char *c, const char *z,
                                  int level, int in)
{
    const edl_user_type *nested = emit_deep_type(ctx->edl, fd);
    emit_expr ft, rhs, dst, call;
    if (!nested) {
        emit_expr_set(ctx, &rhs, "oe_edger8r_read((void*)%s.%s, %s, %s, &%s, %s, %s)", d,
                      fd->name, w->buffer, w->buffer_size, w->offset, c, z);
        emit_try(ctx, in, rhs.s);
        return;
    }
    emit_mtype_str(ctx, &ft, fd);
    emit_expr_set(ctx, &rhs, "_rhs_%d", level + 1);
    emit_expr_set(ctx, &dst, "%s.%s", d, fd->name);
    emit_buffer_call(ctx, &call, w, "reserve", NULL, c, z);
    emit_try(ctx, in, call.s);
    emit_line(ctx, in, "{");
    emit_line(ctx, in + 1, "%s %s = (%s)_where;", ft.s, rhs.s, ft.s);
    emit_walk_struct(ctx, w, nested, dst.s, rhs.s, c, level + 1, in + 1);
    emit_line(ctx, in, "}");
}

/* READ_INOUT, first pass over one element: plain fields come back from the
 * callee's copy; size/count fields stay, but growing them is an error. */
static void emit_read_inout_plain(emit_ctx *ctx, const edl_user_type *st, const char *d,
                                  const char *s, int in)
{
    emit_expr cond;
    for (size_t i = 0; i < st->field_count; i++) {
        const edl_decl *fd = &st->fields[i];
        if (emit_field_is_deep_ptr(fd))
            continue;
        if (emit_field_is_size_ref(st, fd)) {
            emit_expr_set(ctx, &cond, "%s.%s < %s.%s", d, fd->name, s, fd->name);
            emit_fail_if(ctx, in, cond.s, "OE_FAILURE");
        } else {
            emit_line(ctx, in, "memcpy((void*)&%s.%s, &%s.%s, sizeof(%s.%s));", d, fd->name, s,
                      fd->name, d, fd->name);
        }
    }
}

/* DC_WRITE of one nested field: pack the callee's data from `s`; a nested
 * struct array's packed copy (`_dc_N`) gets placeholder pointers so that
 * no callee address crosses the boundary. */
static void emit_dc_write_field(emit_ctx *ctx, const emit_walk *w, const char *d, const char *s,
                                const edl_decl *fd, const char *c, const char *z, int level,
                                int in)
{
    const edl_user_type *nested = emit_deep_type(ctx->edl, fd);
    emit_expr ft, copy, src;
    emit_mtype_str(ctx, &ft, fd);
    emit_expr_set(ctx, &src, "%s.%s", s, fd->name);
    emit_buffer_call(ctx, &copy, w, "write", src.s, c, z);
    emit_try(ctx, in, copy.s);
    if (nested) {
        emit_expr_set(ctx, &copy, "_dc_%d", level + 1);
        emit_expr_set(ctx, &src, "%s.%s", s, fd->name);
        emit_line(ctx, in, "{");
        emit_line(ctx, in + 1, "%s %s = (%s)_where;", ft.s, copy.s, ft.s);
        emit_walk_struct(ctx, w, nested, copy.s, src.s, c, level + 1, in + 1);
        emit_line(ctx, in, "}");
    }
    if (strcmp(d, s) != 0)
        emit_line(ctx, in, "%s.%s = (%s)OE_EDGER8R_DEEPCOPY_PRESENT;", d, fd->name, ft.s);
}

/* DC_FREE, SANITIZE and DC_RELEASE of one nested field `nd`: what it
 * points to first (depth first), then the pointer itself. */
static void emit_drop_field(emit_ctx *ctx, const emit_walk *w, const char *nd,
                            const edl_decl *fd, const char *c, int level, int in)
{
    const edl_user_type *nested = emit_deep_type(ctx->edl, fd);
    emit_expr ft;
    emit_mtype_str(ctx, &ft, fd);
    if (nested)
        emit_walk_struct(ctx, w, nested, nd, nd, c, level + 1, in);
    if (w->mode != EMIT_WALK_SANITIZE)
        emit_line(ctx, in, "oe_free((void*)%s);", nd);
    if (w->mode == EMIT_WALK_DC_RELEASE)
        emit_line(ctx, in, "%s = NULL;", nd);
    else
        emit_line(ctx, in, "%s = (%s)OE_EDGER8R_DEEPCOPY_PRESENT;", nd, ft.s);
}

/* One nested pointer field of one element, by walk mode. */
static void emit_walk_one(emit_ctx *ctx, const emit_walk *w, const edl_user_type *st,
                          const edl_decl *fd, const char *d, const char *s, const char *cb,
                          int level, int in)
{
    const edl_user_type *nested = emit_deep_type(ctx->edl, fd);
    emit_expr pfx, c, z, nd, ns, ft;
    emit_expr_set(ctx, &pfx, "%s.", cb);
    emit_count_expr(ctx, &c, fd, st->fields, st->field_count, pfx.s);
    emit_size_expr(ctx, &z, fd, st->fields, st->field_count, pfx.s);
    emit_expr_set(ctx, &nd, "%s.%s", d, fd->name);
    emit_expr_set(ctx, &ns, "%s.%s", s, fd->name);
    emit_mtype_str(ctx, &ft, fd);
    if (w->mode == EMIT_WALK_DC_RELEASE) /* placeholders were never allocated */
        emit_line(ctx, in, "if (%s && %s != (%s)OE_EDGER8R_DEEPCOPY_PRESENT)", nd.s, nd.s, ft.s);
    else
        emit_line(ctx, in, "if (%s.%s)", cb, fd->name);
    emit_line(ctx, in, "{");
    if (w->mode == EMIT_WALK_READ_INOUT) {
        emit_read_inout_field(ctx, w, d, fd, c.s, z.s, level, in + 1);
    } else if (w->mode == EMIT_WALK_DC_WRITE) {
        emit_dc_write_field(ctx, w, d, s, fd, c.s, z.s, level, in + 1);
    } else if (w->mode == EMIT_WALK_DC_FREE || w->mode == EMIT_WALK_SANITIZE ||
               w->mode == EMIT_WALK_DC_RELEASE) {
        emit_drop_field(ctx, w, nd.s, fd, c.s, level, in + 1);
    } else {
        emit_walk_field(ctx, w, d, s, fd, c.s, z.s, in + 1);
        if (nested)
            emit_walk_struct(ctx, w, nested, nd.s, w->mode == EMIT_WALK_WRITE ? ns.s : nd.s, c.s,
                             level + 1, in + 1);
    }
    emit_line(ctx, in, "}");
}

/* One element: every nested pointer field, in field order. Counts come
 * from the caller's own values where it has them (`s` when packing). */
static void emit_walk_nested(emit_ctx *ctx, const emit_walk *w, const edl_user_type *st,
                             const char *d, const char *s, int level, int in)
{
    bool packing = w->mode == EMIT_WALK_WRITE || w->mode == EMIT_WALK_SIZE ||
                   w->mode == EMIT_WALK_DC_WRITE;
    if (w->mode == EMIT_WALK_READ_INOUT)
        emit_read_inout_plain(ctx, st, d, s, in);
    for (size_t i = 0; i < st->field_count; i++)
        if (emit_field_is_deep_ptr(&st->fields[i]))
            emit_walk_one(ctx, w, st, &st->fields[i], d, s, packing ? s : d, level, in);
}

void emit_walk_struct(emit_ctx *ctx, const emit_walk *w, const edl_user_type *st,
                      const char *dst, const char *src, const char *count, int level,
                      int indent)
{
    emit_expr idx, d, s;
    if (level > EMIT_DEEP_MAX) {
        /* Recursive struct types land here too; OE's generator loops. */
        if (!ctx->failed)
            fprintf(stderr, "error: deep copy of struct `%s' nests deeper than %d levels\n",
                    st->name, EMIT_DEEP_MAX);
        ctx->failed = true;
        return;
    }
    emit_expr_set(ctx, &idx, "_i_%d", level);
    emit_expr_set(ctx, &d, "%s[%s]", dst, idx.s);
    emit_expr_set(ctx, &s, "%s[%s]", src, idx.s);
    emit_line(ctx, indent, "for (size_t %s = 0; %s < %s; %s++)", idx.s, idx.s, count, idx.s);
    emit_line(ctx, indent, "{");
    emit_walk_nested(ctx, w, st, d.s, s.s, level, indent + 1);
    emit_line(ctx, indent, "}");
}
