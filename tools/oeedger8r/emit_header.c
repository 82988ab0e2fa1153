/* <name>_t.h and <name>_u.h: what user code on each side includes. */
#include "emit_internal.h"

static bool emit_returns(const edl_function *fn)
{
    return fn->return_type.kind != EDL_TYPE_VOID || fn->return_type.pointer_depth;
}

/* The user's function (`R f(P...)`) or, with `wrapper`, the generated
 * wrapper (`oe_result_t f([oe_enclave_t* enclave,] [R* _retval,] P...)`).
 * An empty list is always written `(void)`. */
void emit_prototype(emit_ctx *ctx, const edl_function *fn, bool wrapper, const char *prefix,
                    const char *end)
{
    emit_expr ret, decl;
    size_t n = 0;
    emit_type_str(ctx, &ret, &fn->return_type, false);
    fprintf(ctx->f, "%s %s%s(", wrapper ? "oe_result_t" : ret.s, prefix, fn->name);
    if (wrapper && fn->is_trusted)
        fprintf(ctx->f, "%s\n    oe_enclave_t* enclave", n++ ? "," : "");
    if (wrapper && emit_returns(fn))
        fprintf(ctx->f, "%s\n    %s* _retval", n++ ? "," : "", ret.s);
    for (size_t i = 0; i < fn->param_count; i++) {
        emit_decl_str(ctx, &decl, &fn->params[i]);
        fprintf(ctx->f, "%s\n    %s", n++ ? "," : "", decl.s);
    }
    fprintf(ctx->f, "%s)%s", n ? "" : "void", end);
}

void emit_create_prototype(emit_ctx *ctx, const char *end)
{
    emit_line(ctx, 0, "oe_result_t oe_create_%s_enclave(", ctx->edl->name);
    emit_line(ctx, 1, "const char* path,");
    emit_line(ctx, 1, "oe_enclave_type_t type,");
    emit_line(ctx, 1, "uint32_t flags,");
    emit_line(ctx, 1, "const oe_enclave_setting_t* settings,");
    emit_line(ctx, 1, "uint32_t setting_count,");
    fprintf(ctx->f, "    oe_enclave_t** enclave)%s", end);
}

static void emit_side_h_body(emit_ctx *ctx)
{
    const edl_file *edl = ctx->edl;
    const char *prefix = "";
    emit_expr pfx;
    if (ctx->enclave_side) {
        emit_line(ctx, 0, "extern bool oe_edger8r_secure_unserialize;\n");
    } else {
        emit_create_prototype(ctx, ";\n\n");
        if (ctx->opts->use_prefix) {
            emit_expr_set(ctx, &pfx, "%s_", edl->name);
            prefix = pfx.s;
        }
    }
    emit_line(ctx, 0, "/**** ECALL prototypes. ****/\n");
    for (size_t i = 0; i < edl->trusted_count; i++)
        emit_prototype(ctx, &edl->trusted[i], !ctx->enclave_side, prefix, ";\n\n");
    emit_line(ctx, 0, "/**** OCALL prototypes. ****/\n");
    for (size_t i = 0; i < edl->untrusted_count; i++)
        emit_prototype(ctx, &edl->untrusted[i], ctx->enclave_side, "", ";\n\n");
}

int emit_side_h(const edl_file *edl, const edl_emit_options *opts, bool enclave_side)
{
    const char *suffix = enclave_side ? "_t.h" : "_u.h";
    const char *dir = enclave_side ? opts->trusted_dir : opts->untrusted_dir;
    emit_ctx ctx = {.edl = edl, .opts = opts, .enclave_side = enclave_side};
    emit_expr guard, upper;
    ctx.f = emit_open(dir, edl->name, suffix);
    if (!ctx.f)
        return -1;
    emit_upper(&ctx, &upper, edl->name);
    emit_expr_set(&ctx, &guard, "EDGER8R_%s_%s_H", upper.s, enclave_side ? "T" : "U");
    emit_preamble(&ctx);
    emit_line(&ctx, 0, "#ifndef %s\n#define %s\n", guard.s, guard.s);
    emit_line(&ctx, 0, "#include <openenclave/%s.h>\n", enclave_side ? "enclave" : "host");
    emit_line(&ctx, 0, "#include \"%s_args.h\"\n", edl->name);
    emit_line(&ctx, 0, "OE_EXTERNC_BEGIN\n");
    emit_side_h_body(&ctx);
    emit_line(&ctx, 0, "OE_EXTERNC_END\n");
    emit_line(&ctx, 0, "#endif /* %s */", guard.s);
    return emit_close(ctx.f, dir, edl->name, suffix, ctx.failed);
}
