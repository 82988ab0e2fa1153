/* The caller's half of a call: the host's ECALL wrapper (<name>_u.c) and
 * the enclave's OCALL wrapper (<name>_t.c). It packs the arguments, makes
 * the call, checks what came back and copies results out (reference §3.6).
 *
 * Everything it reads back is bounded by sizes the caller computed itself
 * from its own values; in the enclave the host's output is first copied
 * into enclave memory (oe_edger8r_secure_unserialize). */
#include "emit_internal.h"

typedef struct emit_param_exprs {
    emit_expr count, size, mtype;
} emit_param_exprs;

static void emit_param_exprs_of(emit_ctx *ctx, emit_param_exprs *x, const edl_function *fn,
                                const edl_decl *p)
{
    emit_count_expr(ctx, &x->count, p, fn->params, fn->param_count, "_args.");
    emit_size_expr(ctx, &x->size, p, fn->params, fn->param_count, "_args.");
    emit_mtype_str(ctx, &x->mtype, p);
}

static bool emit_is_deep_out(const emit_ctx *ctx, const edl_decl *p)
{
    return p->attrs.out && !p->attrs.in && emit_deep_type(ctx->edl, p);
}

/* A deep [out] result is unpacked in the output buffer, where a failure
 * can still be undone, and reaches the caller's memory only at the end. */
static void emit_deep_out_locals(emit_ctx *ctx, const edl_function *fn)
{
    emit_expr st;
    for (size_t i = 0; i < fn->param_count; i++) {
        const edl_decl *p = &fn->params[i];
        if (!emit_is_deep_out(ctx, p))
            continue;
        emit_pointee_str(ctx, &st, p);
        emit_line(ctx, 1, "%s* _dc_out_%s = NULL;", st.s, p->name);
    }
}

/* Frees what a failed call had unpacked of each deep [out] result still
 * held in _dc_out_<p>, or (`deliver`) copies the results to the caller. In
 * the enclave _dc_out_<p> is a private copy, released here either way. */
static void emit_deep_out_finish(emit_ctx *ctx, const edl_function *fn, bool deliver, int in)
{
    emit_walk release = {.mode = EMIT_WALK_DC_RELEASE};
    emit_expr count, size, base;
    for (size_t i = 0; i < fn->param_count; i++) {
        const edl_decl *p = &fn->params[i];
        if (!emit_is_deep_out(ctx, p))
            continue;
        emit_count_expr(ctx, &count, p, fn->params, fn->param_count, "_args.");
        emit_size_expr(ctx, &size, p, fn->params, fn->param_count, "_args.");
        emit_expr_set(ctx, &base, "_dc_out_%s", p->name);
        emit_line(ctx, in, "if (%s)", base.s);
        emit_line(ctx, in, "{");
        if (deliver)
            emit_line(ctx, in + 1, "memcpy((void*)%s, %s, %s * %s);", p->name, base.s, count.s,
                      size.s);
        else
            emit_walk_struct(ctx, &release, emit_deep_type(ctx->edl, p), base.s, base.s, count.s, 1,
                             in + 1);
        if (ctx->enclave_side) {
            emit_line(ctx, in + 1, "oe_free(%s);", base.s);
            emit_line(ctx, in + 1, "%s = NULL;", base.s);
        }
        emit_line(ctx, in, "}");
    }
}

static void emit_wrapper_locals(emit_ctx *ctx, const edl_function *fn)
{
    emit_line(ctx, 1, "oe_result_t _result = OE_FAILURE;");
    if (!ctx->enclave_side)
        emit_line(ctx, 1, "static uint64_t _global_id = OE_GLOBAL_ECALL_ID_NULL;");
    else
        emit_line(ctx, 1, "uint8_t* _output_copy = NULL;");
    emit_line(ctx, 1, "%s_args_t _args;", fn->name);
    emit_line(ctx, 1, "%s_args_t* _pargs_in = NULL;", fn->name);
    emit_line(ctx, 1, "%s_args_t* _pargs_out = NULL;", fn->name);
    emit_line(ctx, 1, "size_t _input_buffer_size = 0;");
    emit_line(ctx, 1, "size_t _output_buffer_size = 0;");
    emit_line(ctx, 1, "size_t _total_buffer_size = 0;");
    emit_line(ctx, 1, "uint8_t* _buffer = NULL;");
    emit_line(ctx, 1, "uint8_t* _input_buffer = NULL;");
    emit_line(ctx, 1, "uint8_t* _output_buffer = NULL;");
    emit_line(ctx, 1, "size_t _input_buffer_offset = 0;");
    emit_line(ctx, 1, "size_t _output_buffer_offset = 0;");
    emit_line(ctx, 1, "size_t _output_bytes_written = 0;");
    emit_line(ctx, 1, "void* _where = NULL;");
    if (emit_has_deep_out(ctx->edl, fn)) {
        emit_line(ctx, 1, "uint8_t* _deepcopy_out_buffer = NULL;");
        emit_line(ctx, 1, "size_t _deepcopy_out_buffer_size = 0;");
        emit_line(ctx, 1, "size_t _deepcopy_out_buffer_offset = 0;");
        emit_deep_out_locals(ctx, fn);
    }
    emit_line(ctx, 1, "OE_UNUSED(_where);");
    emit_line(ctx, 0, "%s", "");
}

static void emit_fill_args(emit_ctx *ctx, const edl_function *fn)
{
    emit_expr mt;
    emit_line(ctx, 1, "memset(&_args, 0, sizeof(_args));");
    for (size_t i = 0; i < fn->param_count; i++) {
        const edl_decl *p = &fn->params[i];
        emit_mtype_str(ctx, &mt, p);
        if (emit_is_pointer_like(p))
            emit_line(ctx, 1, "_args.%s = (%s)%s;", p->name, mt.s, p->name);
        else
            emit_line(ctx, 1, "_args.%s = %s;", p->name, p->name);
        if (emit_is_string(p))
            emit_line(ctx, 1, "_args.%s_len = %s ? %s(%s) + 1 : 0;", p->name, p->name,
                      p->attrs.wstring ? "oe_wcslen" : "oe_strlen", p->name);
    }
    emit_line(ctx, 0, "%s", "");
}

/* Input: in and in-out data (with nested deep-copy data); output: out and
 * in-out data (nested data only for in-out: [out] nesting comes back in
 * the separate deep-copy buffer). */
static void emit_buffer_sizes(emit_ctx *ctx, const edl_function *fn, bool input)
{
    const char *total = input ? "_input_buffer_size" : "_output_buffer_size";
    emit_walk w = {.mode = EMIT_WALK_SIZE, .total = total};
    emit_param_exprs x;
    emit_expr call;
    emit_expr_set(ctx, &call, "oe_add_size(&%s, sizeof(%s_args_t))", total, fn->name);
    emit_try(ctx, 1, call.s);
    for (size_t i = 0; i < fn->param_count; i++) {
        const edl_decl *p = &fn->params[i];
        const edl_user_type *st = emit_deep_type(ctx->edl, p);
        if (input ? !emit_is_in(p) : !emit_is_out(p))
            continue;
        emit_param_exprs_of(ctx, &x, fn, p);
        emit_line(ctx, 1, "if (%s)", p->name);
        emit_line(ctx, 1, "{");
        emit_expr_set(ctx, &call, "oe_edger8r_add_arg_size(&%s, %s, %s)", total, x.count.s,
                      x.size.s);
        emit_try(ctx, 2, call.s);
        if (st && emit_is_in(p))
            emit_walk_struct(ctx, &w, st, p->name, p->name, x.count.s, 1, 2);
        emit_line(ctx, 1, "}");
    }
}

/* True when the host reads every output of `fn` once and checks nothing in
 * it (no strings, no deep copies). Only such ECALLs marshal into an arena
 * call buffer, which the enclave can still write while the wrapper reads;
 * the rest keep their output in host memory. */
static bool outputs_are_plain(const emit_ctx *ctx, const edl_function *fn)
{
    for (size_t i = 0; i < fn->param_count; i++) {
        const edl_decl *p = &fn->params[i];
        if (emit_is_out(p) && (emit_is_string(p) || emit_deep_type(ctx->edl, p)))
            return false;
    }
    return true;
}

static void emit_allocate(emit_ctx *ctx, const edl_function *fn)
{
    emit_line(ctx, 1, "_total_buffer_size = _input_buffer_size;");
    emit_try(ctx, 1, "oe_add_size(&_total_buffer_size, _output_buffer_size)");
    if (ctx->enclave_side)
        emit_line(ctx, 1, "_buffer = (uint8_t*)%s(_total_buffer_size);",
                  fn->is_switchless ? "oe_allocate_switchless_ocall_buffer"
                                    : "oe_allocate_ocall_buffer");
    else if (outputs_are_plain(ctx, fn))
        emit_line(ctx, 1,
                  "_buffer = (uint8_t*)oe_edger8r_allocate_ecall_buffer(enclave, "
                  "_total_buffer_size);");
    else
        emit_line(ctx, 1, "_buffer = (uint8_t*)oe_malloc(_total_buffer_size);");
    emit_fail_if(ctx, 1, "_buffer == NULL", "OE_OUT_OF_MEMORY");
    emit_line(ctx, 1, "_input_buffer = _buffer;");
    emit_line(ctx, 1, "_output_buffer = _buffer + _input_buffer_size;");
    emit_line(ctx, 1, "_pargs_in = (%s_args_t*)_input_buffer;", fn->name);
    emit_try(ctx, 1, "oe_add_size(&_input_buffer_offset, sizeof(*_pargs_in))");
    emit_line(ctx, 0, "%s", "");
}

static void emit_serialize(emit_ctx *ctx, const edl_function *fn)
{
    emit_walk w = {EMIT_WALK_WRITE, NULL, "_input_buffer", "_input_buffer_size",
                   "_input_buffer_offset"};
    emit_param_exprs x;
    emit_expr call, dst;
    for (size_t i = 0; i < fn->param_count; i++) {
        const edl_decl *p = &fn->params[i];
        const edl_user_type *st = emit_deep_type(ctx->edl, p);
        if (!emit_is_in(p))
            continue;
        emit_param_exprs_of(ctx, &x, fn, p);
        emit_line(ctx, 1, "if (%s)", p->name);
        emit_line(ctx, 1, "{");
        emit_expr_set(ctx, &call,
                      "oe_edger8r_write(_input_buffer, _input_buffer_size, "
                      "&_input_buffer_offset, %s, %s, %s, &_where)",
                      p->name, x.count.s, x.size.s);
        emit_try(ctx, 2, call.s);
        emit_line(ctx, 2, "_args.%s = (%s)_where;", p->name, x.mtype.s);
        emit_expr_set(ctx, &dst, "_args.%s", p->name);
        if (st)
            emit_walk_struct(ctx, &w, st, dst.s, p->name, x.count.s, 1, 2);
        emit_line(ctx, 1, "}");
    }
    emit_line(ctx, 1, "memcpy(_pargs_in, &_args, sizeof(*_pargs_in));");
    emit_line(ctx, 0, "%s", "");
}

static void emit_call(emit_ctx *ctx, const edl_function *fn)
{
    const char *edl = ctx->edl->name;
    if (!ctx->enclave_side) {
        emit_line(ctx, 1, "if ((_result = %s(",
                  fn->is_switchless ? "oe_switchless_call_enclave_function"
                                    : "oe_call_enclave_function");
        emit_line(ctx, 3, "enclave,");
        emit_line(ctx, 3, "&_global_id,");
        emit_line(ctx, 3, "_%s_ecall_info_table[%s_fcn_id_%s].name,", edl, edl, fn->name);
    } else {
        emit_line(ctx, 1, "if ((_result = %s(",
                  fn->is_switchless ? "oe_switchless_call_host_function" : "oe_call_host_function");
        emit_line(ctx, 3, "%s_fcn_id_%s,", edl, fn->name);
    }
    emit_line(ctx, 3, "_input_buffer,");
    emit_line(ctx, 3, "_input_buffer_size,");
    emit_line(ctx, 3, "_output_buffer,");
    emit_line(ctx, 3, "_output_buffer_size,");
    emit_line(ctx, 3, "&_output_bytes_written)) != OE_OK)");
    emit_line(ctx, 2, "goto done;");
    emit_line(ctx, 0, "%s", "");
}

/* In the enclave the host can change its output buffer at any time: read
 * it once, into enclave memory, before looking at any of it. */
static void emit_secure_copy(emit_ctx *ctx)
{
    emit_line(ctx, 1, "if (oe_edger8r_secure_unserialize)");
    emit_line(ctx, 1, "{");
    emit_fail_if(ctx, 2, "((uintptr_t)_output_buffer % 8) != 0 || (_output_buffer_size % 8) != 0",
                 "OE_UNEXPECTED");
    emit_line(ctx, 2, "_output_copy = (uint8_t*)oe_malloc(_output_buffer_size);");
    emit_fail_if(ctx, 2, "_output_copy == NULL", "OE_OUT_OF_MEMORY");
    emit_line(ctx, 2, "memcpy(_output_copy, _output_buffer, _output_buffer_size);");
    emit_line(ctx, 2, "_output_buffer = _output_copy;");
    emit_line(ctx, 1, "}");
}

static void emit_receive(emit_ctx *ctx, const edl_function *fn)
{
    if (ctx->enclave_side)
        emit_secure_copy(ctx);
    emit_line(ctx, 1, "_pargs_out = (%s_args_t*)_output_buffer;", fn->name);
    emit_try(ctx, 1, "oe_add_size(&_output_buffer_offset, sizeof(*_pargs_out))");
    if (ctx->enclave_side) {
        /* A status outside oe_result_t's values is itself a host error. */
        emit_line(ctx, 1, "if ((_result = _pargs_out->oe_result) != OE_OK)");
        emit_line(ctx, 1, "{");
        emit_line(ctx, 2, "if (!oe_is_valid_result((uint32_t)_result))");
        emit_line(ctx, 3, "_result = OE_UNEXPECTED;");
        emit_line(ctx, 2, "goto done;");
        emit_line(ctx, 1, "}");
    } else {
        emit_try(ctx, 1, "_pargs_out->oe_result");
    }
    if (emit_has_deep_out(ctx->edl, fn)) {
        if (ctx->enclave_side) {
            /* The runtime moved the buffer into enclave memory and hands it
             * over directly: the pointer in the host's output is never used. */
            emit_line(ctx, 1,
                      "_deepcopy_out_buffer = (uint8_t*)oe_edger8r_take_deepcopy_out_buffer(");
            emit_line(ctx, 2, "&_deepcopy_out_buffer_size);");
            emit_line(ctx, 1, "if (_deepcopy_out_buffer &&");
            emit_line(ctx, 2,
                      "!oe_is_within_enclave(_deepcopy_out_buffer, _deepcopy_out_buffer_size))");
            emit_line(ctx, 1, "{");
            emit_line(ctx, 2, "_deepcopy_out_buffer = NULL;");
            emit_line(ctx, 2, "_result = OE_UNEXPECTED;");
            emit_line(ctx, 2, "goto done;");
            emit_line(ctx, 1, "}");
        } else {
            emit_line(ctx, 1, "_deepcopy_out_buffer = _pargs_out->deepcopy_out_buffer;");
            emit_line(ctx, 1, "_deepcopy_out_buffer_size = _pargs_out->deepcopy_out_buffer_size;");
        }
    }
    emit_line(ctx, 1, "/* The callee must have filled exactly the output the caller sized. */");
    emit_fail_if(ctx, 1, "_output_bytes_written != _output_buffer_size", "OE_FAILURE");
    if (fn->return_type.kind != EDL_TYPE_VOID || fn->return_type.pointer_depth)
        emit_line(ctx, 1, "if (_retval)\n        *_retval = _pargs_out->oe_retval;");
    emit_line(ctx, 0, "%s", "");
}

static void emit_reserve_out(emit_ctx *ctx, const emit_param_exprs *x, int in)
{
    emit_expr call;
    emit_expr_set(ctx, &call,
                  "oe_edger8r_reserve(_output_buffer, _output_buffer_size, "
                  "&_output_buffer_offset, %s, %s, &_where)",
                  x->count.s, x->size.s);
    emit_try(ctx, in, call.s);
}

/* A string coming back must still end inside its length, checked before
 * it reaches the caller's memory. */
static void emit_unmarshal_string(emit_ctx *ctx, const edl_decl *p, const emit_param_exprs *x)
{
    emit_expr call;
    bool wide = p->attrs.wstring;
    emit_reserve_out(ctx, x, 2);
    emit_expr_set(ctx, &call, "oe_edger8r_check_%s((const %s*)_where, _args.%s_len)",
                  wide ? "wstring" : "string", wide ? "wchar_t" : "char", p->name);
    emit_try(ctx, 2, call.s);
    emit_line(ctx, 2, "memcpy((void*)%s, _where, %s * %s);", p->name, x->count.s, x->size.s);
}

static void emit_unmarshal_deep(emit_ctx *ctx, const edl_decl *p, const edl_user_type *st,
                                const emit_param_exprs *x)
{
    emit_walk inout = {EMIT_WALK_READ_INOUT, NULL, "_output_buffer", "_output_buffer_size",
                       "_output_buffer_offset"};
    emit_walk take = {EMIT_WALK_DC_TAKE, NULL, "_deepcopy_out_buffer", "_deepcopy_out_buffer_size",
                      "_deepcopy_out_buffer_offset"};
    emit_expr st_type, base, cond;
    emit_pointee_str(ctx, &st_type, p);
    emit_reserve_out(ctx, x, 2);
    if (p->attrs.in) {
        emit_line(ctx, 2, "{");
        emit_line(ctx, 3, "%s* _rhs_1 = (%s*)_where;", st_type.s, st_type.s);
        emit_walk_struct(ctx, &inout, st, p->name, "_rhs_1", x->count.s, 1, 3);
        emit_line(ctx, 2, "}");
        return;
    }
    emit_expr_set(ctx, &base, "_dc_out_%s", p->name);
    if (ctx->enclave_side) {
        /* Unpack in enclave memory: pointers written here are read back. */
        emit_line(ctx, 2, "%s = (%s*)oe_malloc((%s * %s) != 0 ? %s * %s : 1);", base.s, st_type.s,
                  x->count.s, x->size.s, x->count.s, x->size.s);
        emit_expr_set(ctx, &cond, "%s == NULL", base.s);
        emit_fail_if(ctx, 2, cond.s, "OE_OUT_OF_MEMORY");
        emit_line(ctx, 2, "memcpy(%s, _where, %s * %s);", base.s, x->count.s, x->size.s);
    } else {
        emit_line(ctx, 2, "%s = (%s*)_where;", base.s, st_type.s);
    }
    emit_walk_struct(ctx, &take, st, base.s, base.s, x->count.s, 1, 2);
}

static void emit_unmarshal(emit_ctx *ctx, const edl_function *fn)
{
    emit_param_exprs x;
    emit_expr call;
    for (size_t i = 0; i < fn->param_count; i++) {
        const edl_decl *p = &fn->params[i];
        const edl_user_type *st = emit_deep_type(ctx->edl, p);
        if (!emit_is_out(p))
            continue;
        emit_param_exprs_of(ctx, &x, fn, p);
        emit_line(ctx, 1, "if (%s)", p->name);
        emit_line(ctx, 1, "{");
        if (emit_is_string(p)) {
            emit_unmarshal_string(ctx, p, &x);
        } else if (st) {
            emit_unmarshal_deep(ctx, p, st, &x);
        } else {
            emit_expr_set(ctx, &call,
                          "oe_edger8r_read((void*)%s, _output_buffer, _output_buffer_size, "
                          "&_output_buffer_offset, %s, %s)",
                          p->name, x.count.s, x.size.s);
            emit_try(ctx, 2, call.s);
        }
        emit_line(ctx, 1, "}");
    }
    if (emit_has_deep_out(ctx->edl, fn)) {
        emit_line(ctx, 1, "/* Every byte of the deep-copy buffer must have been used. */");
        emit_fail_if(ctx, 1, "_deepcopy_out_buffer_offset != _deepcopy_out_buffer_size",
                     "OE_FAILURE");
        emit_deep_out_finish(ctx, fn, true, 1);
    }
    if (ctx->enclave_side && fn->propagate_errno)
        emit_line(ctx, 1, "errno = _pargs_out->ocall_errno;");
}

static void emit_wrapper_done(emit_ctx *ctx, const edl_function *fn)
{
    emit_line(ctx, 1, "_result = OE_OK;");
    emit_line(ctx, 0, "%s", "");
    emit_line(ctx, 0, "done:");
    if (emit_has_deep_out(ctx->edl, fn)) {
        /* Before the buffers go: the half-unpacked results live in them. */
        emit_line(ctx, 1, "if (_result != OE_OK)");
        emit_line(ctx, 1, "{");
        emit_deep_out_finish(ctx, fn, false, 2);
        emit_line(ctx, 1, "}");
        emit_line(ctx, 1, "if (_deepcopy_out_buffer)\n        oe_free(_deepcopy_out_buffer);");
    }
    if (ctx->enclave_side)
        emit_line(ctx, 1, "if (_output_copy)\n        oe_free(_output_copy);");
    if (ctx->enclave_side)
        emit_line(ctx, 1, "if (_buffer)\n        %s(_buffer);",
                  fn->is_switchless ? "oe_free_switchless_ocall_buffer" : "oe_free_ocall_buffer");
    else if (outputs_are_plain(ctx, fn))
        emit_line(ctx, 1, "if (_buffer)\n        oe_edger8r_free_ecall_buffer(enclave, _buffer);");
    else
        emit_line(ctx, 1, "if (_buffer)\n        oe_free(_buffer);");
    emit_line(ctx, 1, "return _result;");
    emit_line(ctx, 0, "}");
    emit_line(ctx, 0, "%s", "");
}

void emit_wrapper(emit_ctx *ctx, const edl_function *fn)
{
    const char *prefix = ctx->opts->use_prefix ? ctx->edl->name : "";
    const char *sep = ctx->opts->use_prefix ? "_" : "";
    emit_expr strong, pub;
    emit_expr_set(ctx, &pub, "%s%s", prefix, sep);
    /* The host's strong symbol carries the EDL name so that two EDLs
     * declaring the same ECALL can share one host; the plain name is a weak
     * alias (reference §3.5). */
    emit_expr_set(ctx, &strong, "%s_%s", ctx->edl->name, pub.s);
    if (!ctx->enclave_side) /* the strong name has no header declaration */
        emit_prototype(ctx, fn, true, strong.s, ";\n");
    emit_prototype(ctx, fn, true, ctx->enclave_side ? "" : strong.s, "\n");
    emit_line(ctx, 0, "{");
    emit_wrapper_locals(ctx, fn);
    if (ctx->enclave_side) {
        /* A crashing enclave makes no new OCALLs. */
        emit_line(ctx, 1, "if ((_result = oe_get_enclave_status()) != OE_OK)");
        emit_line(ctx, 2, "return _result;");
    }
    emit_fill_args(ctx, fn);
    emit_buffer_sizes(ctx, fn, true);
    emit_buffer_sizes(ctx, fn, false);
    emit_allocate(ctx, fn);
    emit_serialize(ctx, fn);
    emit_call(ctx, fn);
    emit_receive(ctx, fn);
    emit_unmarshal(ctx, fn);
    emit_wrapper_done(ctx, fn);
    if (!ctx->enclave_side) {
        emit_line(ctx, 0, "OE_WEAK_ALIAS(%s%s, %s%s);", strong.s, fn->name, pub.s, fn->name);
        emit_line(ctx, 0, "%s", "");
    }
}
