/* Output primitives and C spellings of EDL types and declarations. */
#include <ctype.h>
#include <stdarg.h>
#include <string.h>

#include "emit_internal.h"

void emit_line(emit_ctx *ctx, int indent, const char *fmt, ...)
{
    va_list ap;
    for (int i = 0; i < indent; i++)
        fputs("    ", ctx->f);
    va_start(ap, fmt);
    vfprintf(ctx->f, fmt, ap);
    va_end(ap);
    fputc('\n', ctx->f);
}

void emit_expr_set(emit_ctx *ctx, emit_expr *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(e->s, sizeof(e->s), fmt, ap);
    va_end(ap);
    /* A truncated expression would generate wrong code: fail the file. */
    if (n < 0 || (size_t)n >= sizeof(e->s))
        ctx->failed = true;
}

void emit_try(emit_ctx *ctx, int indent, const char *call)
{
    emit_line(ctx, indent, "if ((_result = %s) != OE_OK)", call);
    emit_line(ctx, indent + 1, "goto done;");
}

void emit_fail_if(emit_ctx *ctx, int indent, const char *cond, const char *result)
{
    emit_line(ctx, indent, "if (%s)", cond);
    emit_line(ctx, indent, "{");
    emit_line(ctx, indent + 1, "_result = %s;", result);
    emit_line(ctx, indent + 1, "goto done;");
    emit_line(ctx, indent, "}");
}

static const char *const emit_base_names[] = {
    [EDL_TYPE_VOID] = "void",
    [EDL_TYPE_BOOL] = "bool",
    [EDL_TYPE_CHAR] = "char",
    [EDL_TYPE_SHORT] = "short",
    [EDL_TYPE_INT] = "int",
    [EDL_TYPE_LONG] = "long",
    [EDL_TYPE_LONG_LONG] = "long long",
    [EDL_TYPE_UNSIGNED_CHAR] = "unsigned char",
    [EDL_TYPE_UNSIGNED_SHORT] = "unsigned short",
    [EDL_TYPE_UNSIGNED_INT] = "unsigned int",
    [EDL_TYPE_UNSIGNED_LONG] = "unsigned long",
    [EDL_TYPE_UNSIGNED_LONG_LONG] = "unsigned long long",
    [EDL_TYPE_FLOAT] = "float",
    [EDL_TYPE_DOUBLE] = "double",
    [EDL_TYPE_LONG_DOUBLE] = "long double",
    [EDL_TYPE_WCHAR] = "wchar_t",
    [EDL_TYPE_SIZE_T] = "size_t",
    [EDL_TYPE_INT8] = "int8_t",
    [EDL_TYPE_INT16] = "int16_t",
    [EDL_TYPE_INT32] = "int32_t",
    [EDL_TYPE_INT64] = "int64_t",
    [EDL_TYPE_UINT8] = "uint8_t",
    [EDL_TYPE_UINT16] = "uint16_t",
    [EDL_TYPE_UINT32] = "uint32_t",
    [EDL_TYPE_UINT64] = "uint64_t",
};

/* The base type without const or `*`: "int", "struct S", "S", "my_t". */
const char *emit_base_type(const edl_type *t)
{
    if (t->kind < EDL_TYPE_STRUCT)
        return emit_base_names[t->kind];
    return t->name;
}

static const char *emit_keyword(const edl_type *t)
{
    if (!t->has_keyword)
        return "";
    switch (t->kind) {
    case EDL_TYPE_STRUCT:
        return "struct ";
    case EDL_TYPE_UNION:
        return "union ";
    case EDL_TYPE_ENUM:
        return "enum ";
    default:
        return "";
    }
}

void emit_type_str(emit_ctx *ctx, emit_expr *e, const edl_type *t, bool strip_const)
{
    char stars[64] = "";
    int depth = t->pointer_depth < 63 ? t->pointer_depth : 63;
    memset(stars, '*', (size_t)depth);
    emit_expr_set(ctx, e, "%s%s%s%s", (t->is_const && !strip_const) ? "const " : "",
                  emit_keyword(t), emit_base_type(t), stars);
}

static void emit_dims_str(emit_ctx *ctx, emit_expr *e, const edl_decl *d)
{
    emit_expr tmp;
    e->s[0] = '\0';
    for (size_t i = 0; i < d->dim_count; i++) {
        emit_expr_set(ctx, &tmp, "%s[%s]", e->s, d->dims[i]);
        *e = tmp;
    }
}

/* `type name[dims]` exactly as the EDL wrote it (prototypes, struct fields). */
void emit_decl_str(emit_ctx *ctx, emit_expr *e, const edl_decl *d)
{
    emit_expr type, dims;
    emit_type_str(ctx, &type, &d->type, false);
    emit_dims_str(ctx, &dims, d);
    emit_expr_set(ctx, e, "%s %s%s", type.s, d->name, dims.s);
}

/* The type of a parameter's member in <f>_args_t: const dropped (the
 * callee rewrites pointers in place), arrays decayed to a pointer to their
 * element, foreign isary types carried as void*. */
void emit_mtype_str(emit_ctx *ctx, emit_expr *e, const edl_decl *d)
{
    emit_expr type;
    if (emit_is_isary(d)) {
        emit_expr_set(ctx, e, "void*");
        return;
    }
    emit_type_str(ctx, &type, &d->type, true);
    emit_expr_set(ctx, e, "%s%s", type.s, d->dim_count ? "*" : "");
}

void emit_field_decl_str(emit_ctx *ctx, emit_expr *e, const edl_decl *d)
{
    emit_expr type;
    emit_mtype_str(ctx, &type, d);
    emit_expr_set(ctx, e, "%s %s", type.s, d->name);
}

/* The element type a pointer parameter points to, const dropped. */
void emit_pointee_str(emit_ctx *ctx, emit_expr *e, const edl_decl *d)
{
    edl_type t = d->type;
    if (t.pointer_depth > 0)
        t.pointer_depth--;
    emit_type_str(ctx, e, &t, true);
}

void emit_upper(emit_ctx *ctx, emit_expr *e, const char *s)
{
    emit_expr_set(ctx, e, "%s", s);
    for (char *p = e->s; *p; p++)
        *p = (char)toupper((unsigned char)*p);
}

bool emit_is_buffer(const edl_decl *d)
{
    return emit_is_in(d) || emit_is_out(d);
}

bool emit_is_string(const edl_decl *d)
{
    return d->attrs.string || d->attrs.wstring;
}

bool emit_is_isary(const edl_decl *d)
{
    return d->type.kind == EDL_TYPE_FOREIGN && d->attrs.isary;
}

/* Arrays without a direction travel [in], as the safe default. */
bool emit_is_in(const edl_decl *d)
{
    if (d->attrs.user_check)
        return false;
    return d->attrs.in || (d->dim_count && !d->attrs.out);
}

bool emit_is_out(const edl_decl *d)
{
    return d->attrs.out && !d->attrs.user_check;
}

/* Parameters the wrapper passes as a pointer value (cast to the member type). */
bool emit_is_pointer_like(const edl_decl *d)
{
    return d->type.pointer_depth > 0 || d->dim_count || emit_is_isary(d);
}
