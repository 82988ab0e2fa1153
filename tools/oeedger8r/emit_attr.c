/* Element counts and sizes of buffer declarations (OE's rules, §3.6):
 * strings carry <p>_len characters; arrays and foreign isary types are one
 * block of sizeof(whole); otherwise count= elements (default 1) of size=
 * bytes (default the pointee's size). */
#include <string.h>

#include "emit_internal.h"

static bool emit_in_scope(const char *name, const edl_decl *scope, size_t scope_count)
{
    for (size_t i = 0; i < scope_count; i++)
        if (strcmp(scope[i].name, name) == 0)
            return true;
    return false;
}

static void emit_operand(emit_ctx *ctx, emit_expr *e, const edl_size_expr *x,
                         const edl_decl *scope, size_t scope_count, const char *prefix)
{
    if (x->is_number)
        emit_expr_set(ctx, e, "(size_t)%llu", (unsigned long long)x->number);
    else if (emit_in_scope(x->name, scope, scope_count))
        emit_expr_set(ctx, e, "(size_t)(%s%s)", prefix, x->name);
    else
        emit_expr_set(ctx, e, "(size_t)(%s)", x->name);
}

void emit_count_expr(emit_ctx *ctx, emit_expr *e, const edl_decl *d, const edl_decl *scope,
                     size_t scope_count, const char *prefix)
{
    if (emit_is_string(d))
        emit_expr_set(ctx, e, "%s%s_len", prefix, d->name);
    else if (d->dim_count || emit_is_isary(d) || !d->attrs.count.present)
        emit_expr_set(ctx, e, "(size_t)1");
    else
        emit_operand(ctx, e, &d->attrs.count, scope, scope_count, prefix);
}

void emit_size_expr(emit_ctx *ctx, emit_expr *e, const edl_decl *d, const edl_decl *scope,
                    size_t scope_count, const char *prefix)
{
    emit_expr type;
    if (emit_is_string(d)) {
        emit_expr_set(ctx, e, "sizeof(%s)", d->attrs.wstring ? "wchar_t" : "char");
    } else if (d->dim_count) {
        edl_decl whole = *d;
        whole.name = (char *)"";
        emit_decl_str(ctx, &type, &whole);
        emit_expr_set(ctx, e, "sizeof(%s)", type.s);
    } else if (emit_is_isary(d)) {
        emit_expr_set(ctx, e, "sizeof(%s)", d->type.name);
    } else if (d->attrs.size.present) {
        emit_operand(ctx, e, &d->attrs.size, scope, scope_count, prefix);
    } else if (d->type.kind == EDL_TYPE_FOREIGN && d->attrs.isptr) {
        emit_expr_set(ctx, e, "sizeof(*(%s)0)", d->type.name);
    } else if (d->type.pointer_depth == 1 && d->type.kind == EDL_TYPE_VOID) {
        emit_expr_set(ctx, e, "(size_t)1"); /* void* without size=: bytes */
    } else {
        emit_pointee_str(ctx, &type, d);
        emit_expr_set(ctx, e, "sizeof(%s)", type.s);
    }
}
