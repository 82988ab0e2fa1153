/* <name>_t.c and <name>_u.c: ids, marshalling structs, wrappers,
 * forwarders and the tables the runtime dispatches through. */
#include "emit_internal.h"

static void emit_ids(emit_ctx *ctx, const edl_function *fns, size_t n, const char *max)
{
    emit_line(ctx, 0, "enum\n{");
    for (size_t i = 0; i < n; i++)
        emit_line(ctx, 1, "%s_fcn_id_%s = %zu,", ctx->edl->name, fns[i].name, i);
    emit_line(ctx, 1, "%s_fcn_id_%s = OE_ENUM_MAX", ctx->edl->name, max);
    emit_line(ctx, 0, "};\n");
}

static void emit_structs(emit_ctx *ctx, const edl_function *fns, size_t n)
{
    for (size_t i = 0; i < n; i++)
        emit_args_struct(ctx, &fns[i]);
}

/* The enclave's table, indexed by local ECALL id; the runtime bounds the
 * index by oe_ecalls_table_size. An empty EDL still gets a valid array. */
static void emit_ecalls_table(emit_ctx *ctx)
{
    const edl_file *edl = ctx->edl;
    emit_line(ctx, 0, "oe_ecall_func_t oe_ecalls_table[] = {");
    for (size_t i = 0; i < edl->trusted_count; i++)
        emit_line(ctx, 1, "ecall_%s,", edl->trusted[i].name);
    if (!edl->trusted_count)
        emit_line(ctx, 1, "NULL");
    emit_line(ctx, 0, "};\n");
    emit_line(ctx, 0, "size_t oe_ecalls_table_size = %zu;\n", edl->trusted_count);
}

/* ECALLs are found by name, so one host can load enclaves whose EDLs list
 * them in different orders (reference §1.5). */
static void emit_ecall_names(emit_ctx *ctx)
{
    const edl_file *edl = ctx->edl;
    emit_line(ctx, 0, "static const oe_ecall_info_t _%s_ecall_info_table[] = {", edl->name);
    for (size_t i = 0; i < edl->trusted_count; i++)
        emit_line(ctx, 1, "{\"%s\"},", edl->trusted[i].name);
    if (!edl->trusted_count)
        emit_line(ctx, 1, "{NULL}");
    emit_line(ctx, 0, "};\n");
}

typedef void (*emit_each_fn)(emit_ctx *ctx, const edl_function *fn);

/* One direction of calls: ids, marshalling structs, then one wrapper or
 * forwarder per function (`each`). */
static void emit_direction(emit_ctx *ctx, bool trusted, emit_each_fn each)
{
    const edl_file *edl = ctx->edl;
    const edl_function *fns = trusted ? edl->trusted : edl->untrusted;
    size_t n = trusted ? edl->trusted_count : edl->untrusted_count;
    const char *kind = trusted ? "ECALL" : "OCALL";
    emit_line(ctx, 0, "/**** %s function IDs. ****/", trusted ? "Trusted" : "Untrusted");
    emit_ids(ctx, fns, n, trusted ? "trusted_call_id_max" : "untrusted_call_max");
    if (trusted && !ctx->enclave_side)
        emit_ecall_names(ctx);
    emit_line(ctx, 0, "/**** %s marshalling structs. ****/", kind);
    emit_structs(ctx, fns, n);
    emit_line(ctx, 0, "/**** %s %s. ****/\n", kind,
              each == emit_wrapper ? "function wrappers" : "functions");
    for (size_t i = 0; i < n; i++)
        each(ctx, &fns[i]);
}

static void emit_t_c(emit_ctx *ctx)
{
    emit_line(ctx, 0, "#include \"%s_t.h\"\n", ctx->edl->name);
    emit_line(ctx, 0, "#include <openenclave/edger8r/enclave.h>\n");
    emit_line(ctx, 0, "OE_EXTERNC_BEGIN\n");
    emit_direction(ctx, true, emit_forwarder);
    emit_line(ctx, 0, "/**** ECALL function table. ****/\n");
    emit_ecalls_table(ctx);
    emit_direction(ctx, false, emit_wrapper);
    emit_line(ctx, 0, "/* Host outputs are copied into the enclave before use unless the");
    emit_line(ctx, 0, " * application defines this as false. */");
    emit_line(ctx, 0, "OE_WEAK bool oe_edger8r_secure_unserialize = true;\n");
    emit_line(ctx, 0, "OE_EXTERNC_END");
}

static void emit_host_tables(emit_ctx *ctx)
{
    const edl_file *edl = ctx->edl;
    emit_line(ctx, 0, "/**** OCALL function table. ****/\n");
    emit_line(ctx, 0, "static oe_ocall_func_t _%s_ocall_function_table[] = {", edl->name);
    for (size_t i = 0; i < edl->untrusted_count; i++)
        emit_line(ctx, 1, "ocall_%s,", edl->untrusted[i].name);
    emit_line(ctx, 1, "NULL");
    emit_line(ctx, 0, "};\n");
    emit_create_prototype(ctx, "\n");
    emit_line(ctx, 0, "{");
    emit_line(ctx, 1, "return oe_create_enclave(");
    emit_line(ctx, 2, "path, type, flags, settings, setting_count,");
    emit_line(ctx, 2, "_%s_ocall_function_table, %zu,", edl->name, edl->untrusted_count);
    emit_line(ctx, 2, "_%s_ecall_info_table, %zu,", edl->name, edl->trusted_count);
    emit_line(ctx, 2, "enclave);");
    emit_line(ctx, 0, "}\n");
}

static void emit_u_c(emit_ctx *ctx)
{
    emit_line(ctx, 0, "#include \"%s_u.h\"\n", ctx->edl->name);
    emit_line(ctx, 0, "#include <openenclave/edger8r/host.h>\n");
    emit_line(ctx, 0, "OE_EXTERNC_BEGIN\n");
    emit_direction(ctx, true, emit_wrapper);
    emit_direction(ctx, false, emit_forwarder);
    emit_host_tables(ctx);
    emit_line(ctx, 0, "OE_EXTERNC_END");
}

int emit_side_c(const edl_file *edl, const edl_emit_options *opts, bool enclave_side)
{
    const char *suffix = enclave_side ? "_t.c" : "_u.c";
    const char *dir = enclave_side ? opts->trusted_dir : opts->untrusted_dir;
    emit_ctx ctx = {.edl = edl, .opts = opts, .enclave_side = enclave_side};
    ctx.f = emit_open(dir, edl->name, suffix);
    if (!ctx.f)
        return -1;
    emit_preamble(&ctx);
    if (enclave_side)
        emit_t_c(&ctx);
    else
        emit_u_c(&ctx);
    return emit_close(ctx.f, dir, edl->name, suffix, ctx.failed);
}
