/* The callee's half of a call: the enclave's ECALL forwarder (<name>_t.c)
 * and the host's OCALL forwarder (<name>_u.c). It checks the buffers the
 * runtime hands over, points every parameter at its section (each section
 * bounds-checked before the pointer is formed), calls the user's function
 * and reports how much output it wrote. Nothing is trusted from the
 * arguments: counts and lengths come from the input copy and are checked
 * against the buffer sizes with overflow-safe arithmetic. */
#include "emit_internal.h"

static void emit_exprs(emit_ctx *ctx, const edl_function *fn, const edl_decl *p,
                       emit_expr *count, emit_expr *size)
{
    emit_count_expr(ctx, count, p, fn->params, fn->param_count, "_pargs_in->");
    emit_size_expr(ctx, size, p, fn->params, fn->param_count, "_pargs_in->");
}

static void emit_forwarder_locals(emit_ctx *ctx, const edl_function *fn)
{
    emit_line(ctx, 1, "oe_result_t _result = OE_FAILURE;");
    emit_line(ctx, 1, "uint8_t* _input_buffer = (uint8_t*)input_buffer;");
    emit_line(ctx, 1, "%s_args_t* _pargs_in = (%s_args_t*)_input_buffer;", fn->name, fn->name);
    emit_line(ctx, 1, "%s_args_t* _pargs_out = (%s_args_t*)output_buffer;", fn->name, fn->name);
    emit_line(ctx, 1, "size_t _input_buffer_offset = 0;");
    emit_line(ctx, 1, "size_t _output_buffer_offset = 0;");
    emit_line(ctx, 1, "void* _where = NULL;");
    if (emit_has_deep_out(ctx->edl, fn)) {
        emit_line(ctx, 1, "uint8_t* _deepcopy_out_buffer = NULL;");
        emit_line(ctx, 1, "size_t _deepcopy_out_buffer_size = 0;");
        emit_line(ctx, 1, "size_t _deepcopy_out_buffer_offset = 0;");
        emit_line(ctx, 1, "bool _called = false;");
    }
    emit_line(ctx, 1, "OE_UNUSED(_where);");
    emit_line(ctx, 0, "%s", "");
}

static void emit_buffer_checks(emit_ctx *ctx, const edl_function *fn)
{
    emit_expr cond;
    const char *n = fn->name;
    emit_expr_set(ctx, &cond,
                  "!input_buffer || !output_buffer || !output_bytes_written ||\n"
                  "        input_buffer_size < sizeof(%s_args_t) ||\n"
                  "        output_buffer_size < sizeof(%s_args_t) ||\n"
                  "        ((uintptr_t)input_buffer %% __alignof__(%s_args_t)) != 0 ||\n"
                  "        ((uintptr_t)output_buffer %% __alignof__(%s_args_t)) != 0",
                  n, n, n, n);
    emit_fail_if(ctx, 1, cond.s, "OE_INVALID_PARAMETER");
    if (ctx->enclave_side) /* the runtime copied both in: never use host memory */
        emit_fail_if(ctx, 1,
                     "!oe_is_within_enclave(input_buffer, input_buffer_size) ||\n"
                     "        !oe_is_within_enclave(output_buffer, output_buffer_size)",
                     "OE_INVALID_PARAMETER");
    emit_try(ctx, 1, "oe_add_size(&_input_buffer_offset, sizeof(*_pargs_in))");
    emit_try(ctx, 1, "oe_add_size(&_output_buffer_offset, sizeof(*_pargs_out))");
    emit_line(ctx, 0, "%s", "");
}

/* In and in-out data is used where it lies in the input copy. */
static void emit_set_in_pointers(emit_ctx *ctx, const edl_function *fn)
{
    emit_walk w = {EMIT_WALK_CALLEE_IN, NULL, "_input_buffer", "input_buffer_size",
                   "_input_buffer_offset"};
    emit_expr count, size, mt, call, base;
    for (size_t i = 0; i < fn->param_count; i++) {
        const edl_decl *p = &fn->params[i];
        const edl_user_type *st = emit_deep_type(ctx->edl, p);
        if (!emit_is_in(p))
            continue;
        emit_exprs(ctx, fn, p, &count, &size);
        emit_mtype_str(ctx, &mt, p);
        emit_line(ctx, 1, "if (_pargs_in->%s)", p->name);
        emit_line(ctx, 1, "{");
        emit_expr_set(ctx, &call,
                      "oe_edger8r_reserve(_input_buffer, input_buffer_size, "
                      "&_input_buffer_offset, %s, %s, &_where)",
                      count.s, size.s);
        emit_try(ctx, 2, call.s);
        emit_line(ctx, 2, "_pargs_in->%s = (%s)_where;", p->name, mt.s);
        emit_expr_set(ctx, &base, "_pargs_in->%s", p->name);
        if (st)
            emit_walk_struct(ctx, &w, st, base.s, base.s, count.s, 1, 2);
        emit_line(ctx, 1, "}");
    }
}

/* Out data gets its output section; in-out data is moved there so the
 * results need no second copy. The runtime hands the forwarder a zeroed
 * output buffer (header, padding and sections alike), so an [out] the
 * callee leaves unwritten carries zeros, never stale memory. */
static void emit_set_out_pointers(emit_ctx *ctx, const edl_function *fn)
{
    emit_walk w = {EMIT_WALK_CALLEE_MOVE, NULL, "output_buffer", "output_buffer_size",
                   "_output_buffer_offset"};
    emit_expr count, size, mt, call, base;
    for (size_t i = 0; i < fn->param_count; i++) {
        const edl_decl *p = &fn->params[i];
        const edl_user_type *st = emit_deep_type(ctx->edl, p);
        bool inout = emit_is_in(p);
        if (!emit_is_out(p))
            continue;
        emit_exprs(ctx, fn, p, &count, &size);
        emit_mtype_str(ctx, &mt, p);
        emit_line(ctx, 1, "if (_pargs_in->%s)", p->name);
        emit_line(ctx, 1, "{");
        if (inout)
            emit_line(ctx, 2, "_where = (void*)_pargs_in->%s;", p->name);
        emit_expr_set(ctx, &call,
                      "oe_edger8r_%s(output_buffer, output_buffer_size, "
                      "&_output_buffer_offset, %s, %s, &_where)",
                      inout ? "move_to" : "reserve", count.s, size.s);
        emit_try(ctx, 2, call.s);
        emit_line(ctx, 2, "_pargs_in->%s = (%s)_where;", p->name, mt.s);
        emit_expr_set(ctx, &base, "_pargs_in->%s", p->name);
        if (st && inout)
            emit_walk_struct(ctx, &w, st, base.s, base.s, count.s, 1, 2);
        emit_line(ctx, 1, "}");
    }
}

static void emit_string_checks(emit_ctx *ctx, const edl_function *fn)
{
    emit_expr call;
    for (size_t i = 0; i < fn->param_count; i++) {
        const edl_decl *p = &fn->params[i];
        if (!emit_is_string(p) || !emit_is_buffer(p))
            continue;
        emit_expr_set(ctx, &call, "oe_edger8r_check_%s(_pargs_in->%s, _pargs_in->%s_len)",
                      p->attrs.wstring ? "wstring" : "string", p->name, p->name);
        emit_try(ctx, 1, call.s);
    }
}

/* One argument as the user's function takes it. */
static void emit_call_arg(emit_ctx *ctx, const edl_decl *p, bool last)
{
    emit_expr type, cast;
    const char *comma = last ? "" : ",";
    if (p->dim_count) {
        edl_decl whole = *p;
        whole.name = (char *)"(*)";
        emit_decl_str(ctx, &type, &whole);
        emit_line(ctx, 2, "*(%s)_pargs_in->%s%s", type.s, p->name, comma);
    } else if (emit_is_isary(p)) {
        emit_line(ctx, 2, "*(%s*)_pargs_in->%s%s", p->type.name, p->name, comma);
    } else if (p->type.pointer_depth > 0) {
        emit_type_str(ctx, &cast, &p->type, false);
        emit_line(ctx, 2, "(%s)_pargs_in->%s%s", cast.s, p->name, comma);
    } else {
        emit_line(ctx, 2, "_pargs_in->%s%s", p->name, comma);
    }
}

static void emit_deep_walk(emit_ctx *ctx, const edl_function *fn, const emit_walk *w,
                           bool inout, int indent);

static void emit_call_user(emit_ctx *ctx, const edl_function *fn)
{
    emit_walk sanitize = {.mode = EMIT_WALK_SANITIZE};
    bool ret = fn->return_type.kind != EDL_TYPE_VOID || fn->return_type.pointer_depth;
    if (ctx->enclave_side)
        emit_line(ctx, 1, "oe_lfence(); /* no speculation past the checks above */");
    emit_line(ctx, 1, "%s%s(", ret ? "_pargs_out->oe_retval = " : "", fn->name);
    for (size_t i = 0; i < fn->param_count; i++)
        emit_call_arg(ctx, &fn->params[i], i + 1 == fn->param_count);
    emit_line(ctx, 2, ");");
    if (emit_has_deep_out(ctx->edl, fn))
        emit_line(ctx, 1, "_called = true;");
    /* The caller finds in-out nested data by position, not by pointer. */
    emit_deep_walk(ctx, fn, &sanitize, true, 1);
    if (!ctx->enclave_side && fn->propagate_errno)
        emit_line(ctx, 1, "_pargs_out->ocall_errno = errno;");
    emit_line(ctx, 0, "%s", "");
}

/* Runs `w` over every deep [out] (or, with `inout`, [in,out]) parameter. */
static void emit_deep_walk(emit_ctx *ctx, const edl_function *fn, const emit_walk *w,
                           bool inout, int indent)
{
    emit_expr count, size, base;
    for (size_t i = 0; i < fn->param_count; i++) {
        const edl_decl *p = &fn->params[i];
        const edl_user_type *st = emit_deep_type(ctx->edl, p);
        if (!st || !p->attrs.out || p->attrs.in != inout)
            continue;
        emit_exprs(ctx, fn, p, &count, &size);
        emit_expr_set(ctx, &base, "_pargs_in->%s", p->name);
        emit_line(ctx, indent, "if (_pargs_in->%s)", p->name);
        emit_line(ctx, indent, "{");
        emit_walk_struct(ctx, w, st, base.s, base.s, count.s, 1, indent + 1);
        emit_line(ctx, indent, "}");
    }
}

/* The user function allocated the nested [out] buffers in the callee's
 * heap: pack them into one deep-copy buffer that the runtime moves across
 * (reference §3.7); they are freed at `done`. */
static void emit_pack_deep_out(emit_ctx *ctx, const edl_function *fn)
{
    emit_walk size = {.mode = EMIT_WALK_DC_SIZE, .total = "_deepcopy_out_buffer_size"};
    emit_walk write = {EMIT_WALK_DC_WRITE, NULL, "_deepcopy_out_buffer",
                       "_deepcopy_out_buffer_size", "_deepcopy_out_buffer_offset"};
    emit_deep_walk(ctx, fn, &size, false, 1);
    emit_line(ctx, 1, "if (_deepcopy_out_buffer_size)");
    emit_line(ctx, 1, "{");
    emit_line(ctx, 2, "_deepcopy_out_buffer = (uint8_t*)oe_malloc(_deepcopy_out_buffer_size);");
    emit_fail_if(ctx, 2, "_deepcopy_out_buffer == NULL", "OE_OUT_OF_MEMORY");
    emit_line(ctx, 1, "}");
    emit_deep_walk(ctx, fn, &write, false, 1);
    emit_fail_if(ctx, 1, "_deepcopy_out_buffer_offset != _deepcopy_out_buffer_size",
                 "OE_FAILURE");
    emit_line(ctx, 0, "%s", "");
}

static void emit_forwarder_done(emit_ctx *ctx, const edl_function *fn)
{
    bool deep = emit_has_deep_out(ctx->edl, fn);
    emit_walk release = {.mode = EMIT_WALK_DC_FREE};
    emit_line(ctx, 1, "_result = OE_OK;");
    emit_line(ctx, 1, "*output_bytes_written = _output_buffer_offset;");
    emit_line(ctx, 0, "%s", "");
    emit_line(ctx, 0, "done:");
    if (deep) {
        emit_line(ctx, 1, "if (_called)");
        emit_line(ctx, 1, "{");
        emit_deep_walk(ctx, fn, &release, false, 2);
        emit_line(ctx, 1, "}");
        emit_line(ctx, 1, "if (_result != OE_OK && _deepcopy_out_buffer)");
        emit_line(ctx, 1, "{");
        emit_line(ctx, 2, "oe_free(_deepcopy_out_buffer);");
        emit_line(ctx, 2, "_deepcopy_out_buffer = NULL;");
        emit_line(ctx, 2, "_deepcopy_out_buffer_size = 0;");
        emit_line(ctx, 1, "}");
    }
    emit_line(ctx, 1, "if (output_buffer && output_buffer_size >= sizeof(*_pargs_out) &&");
    emit_line(ctx, 2, "((uintptr_t)output_buffer %% __alignof__(%s_args_t)) == 0%s)", fn->name,
              ctx->enclave_side ? " &&\n        oe_is_within_enclave(output_buffer, output_buffer_size)"
                                : "");
    emit_line(ctx, 1, "{");
    emit_line(ctx, 2, "_pargs_out->oe_result = _result;");
    emit_line(ctx, 2, "_pargs_out->deepcopy_out_buffer = %s;", deep ? "_deepcopy_out_buffer" : "NULL");
    emit_line(ctx, 2, "_pargs_out->deepcopy_out_buffer_size = %s;",
              deep ? "_deepcopy_out_buffer_size" : "0");
    emit_line(ctx, 1, "}");
    emit_line(ctx, 0, "}");
    emit_line(ctx, 0, "%s", "");
}

void emit_forwarder(emit_ctx *ctx, const edl_function *fn)
{
    emit_line(ctx, 0, "static void %s_%s(", ctx->enclave_side ? "ecall" : "ocall", fn->name);
    emit_line(ctx, 1, "const uint8_t* input_buffer,");
    emit_line(ctx, 1, "size_t input_buffer_size,");
    emit_line(ctx, 1, "uint8_t* output_buffer,");
    emit_line(ctx, 1, "size_t output_buffer_size,");
    emit_line(ctx, 1, "size_t* output_bytes_written)");
    emit_line(ctx, 0, "{");
    emit_forwarder_locals(ctx, fn);
    emit_buffer_checks(ctx, fn);
    emit_set_in_pointers(ctx, fn);
    emit_set_out_pointers(ctx, fn);
    emit_string_checks(ctx, fn);
    emit_call_user(ctx, fn);
    if (emit_has_deep_out(ctx->edl, fn))
        emit_pack_deep_out(ctx, fn);
    emit_forwarder_done(ctx, fn);
}
