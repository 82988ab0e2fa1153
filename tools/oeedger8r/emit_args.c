/* <name>_args.h (the EDL's own types, shared by both sides) and the
 * per-function marshalling struct <f>_args_t. */
#include "emit_internal.h"

static void emit_user_include(emit_ctx *ctx, const char *inc)
{
    if (inc[0] == '"' || inc[0] == '<')
        emit_line(ctx, 0, "#include %s", inc);
    else
        emit_line(ctx, 0, "#include \"%s\"", inc);
}

static void emit_enum(emit_ctx *ctx, const edl_user_type *t)
{
    emit_expr upper;
    if (t->name) {
        emit_upper(ctx, &upper, t->name);
        emit_line(ctx, 0, "#ifndef EDGER8R_ENUM_%s\n#define EDGER8R_ENUM_%s", upper.s, upper.s);
        emit_line(ctx, 0, "typedef enum %s\n{", t->name);
    } else {
        emit_line(ctx, 0, "enum\n{");
    }
    for (size_t i = 0; i < t->value_count; i++) {
        const edl_enum_value *v = &t->values[i];
        const char *comma = i + 1 < t->value_count ? "," : "";
        if (v->value)
            emit_line(ctx, 1, "%s = %s%s", v->name, v->value, comma);
        else
            emit_line(ctx, 1, "%s%s", v->name, comma);
    }
    if (t->name)
        emit_line(ctx, 0, "} %s;\n#endif\n", t->name);
    else
        emit_line(ctx, 0, "};\n");
}

/* Wrapped in EDGER8R_<KIND>_<NAME> so that several EDLs' headers defining
 * the same imported type can be included together. */
static void emit_struct_or_union(emit_ctx *ctx, const edl_user_type *t)
{
    const char *tag = t->kind == EDL_USER_STRUCT ? "struct" : "union";
    emit_expr upper, decl;
    emit_upper(ctx, &upper, t->name);
    emit_line(ctx, 0, "#ifndef EDGER8R_%s_%s\n#define EDGER8R_%s_%s",
              t->kind == EDL_USER_STRUCT ? "STRUCT" : "UNION", upper.s,
              t->kind == EDL_USER_STRUCT ? "STRUCT" : "UNION", upper.s);
    emit_line(ctx, 0, "typedef %s %s\n{", tag, t->name);
    for (size_t i = 0; i < t->field_count; i++) {
        emit_decl_str(ctx, &decl, &t->fields[i]);
        emit_line(ctx, 1, "%s;", decl.s);
    }
    emit_line(ctx, 0, "} %s;\n#endif\n", t->name);
}

int emit_args_h(const edl_file *edl, const edl_emit_options *opts, const char *dir)
{
    emit_ctx ctx = {.edl = edl, .opts = opts};
    emit_expr upper;
    ctx.f = emit_open(dir, edl->name, "_args.h");
    if (!ctx.f)
        return -1;
    emit_upper(&ctx, &upper, edl->name);
    emit_preamble(&ctx);
    emit_line(&ctx, 0, "#ifndef EDGER8R_%s_ARGS_H\n#define EDGER8R_%s_ARGS_H\n", upper.s, upper.s);
    emit_line(&ctx, 0, "#include <openenclave/bits/result.h>\n");
    emit_line(&ctx, 0, "/**** User includes. ****/");
    for (size_t i = 0; i < edl->include_count; i++)
        emit_user_include(&ctx, edl->includes[i]);
    emit_line(&ctx, 0, "\n/**** User defined types in EDL. ****/");
    for (size_t i = 0; i < edl->type_count; i++) {
        if (edl->types[i].kind == EDL_USER_ENUM)
            emit_enum(&ctx, &edl->types[i]);
        else
            emit_struct_or_union(&ctx, &edl->types[i]);
    }
    emit_line(&ctx, 0, "#endif /* EDGER8R_%s_ARGS_H */", upper.s);
    return emit_close(ctx.f, dir, edl->name, "_args.h", ctx.failed);
}

/* The first three members are oe_call_function_return_args_t, which the
 * runtime reads to move the deep-copy buffer (reference §2.2). */
void emit_args_struct(emit_ctx *ctx, const edl_function *fn)
{
    emit_expr decl, ret;
    emit_line(ctx, 0, "typedef struct _%s_args_t\n{", fn->name);
    emit_line(ctx, 1, "oe_result_t oe_result;");
    emit_line(ctx, 1, "uint8_t* deepcopy_out_buffer;");
    emit_line(ctx, 1, "size_t deepcopy_out_buffer_size;");
    if (fn->return_type.kind != EDL_TYPE_VOID || fn->return_type.pointer_depth) {
        /* A top-level const would make the member unassignable. */
        emit_type_str(ctx, &ret, &fn->return_type, fn->return_type.pointer_depth == 0);
        emit_line(ctx, 1, "%s oe_retval;", ret.s);
    }
    for (size_t i = 0; i < fn->param_count; i++) {
        const edl_decl *p = &fn->params[i];
        emit_field_decl_str(ctx, &decl, p);
        emit_line(ctx, 1, "%s;", decl.s);
        if (emit_is_string(p))
            emit_line(ctx, 1, "size_t %s_len;", p->name);
    }
    if (fn->propagate_errno)
        emit_line(ctx, 1, "int ocall_errno;");
    emit_line(ctx, 0, "} %s_args_t;\n", fn->name);
}
