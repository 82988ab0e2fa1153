/* Shared state and helpers of the oeedger8r emitters (emit_*.c).
 *
 * Vocabulary: a *buffer parameter* has a direction ([in], [out] or both)
 * and its data travels in a section of the marshalling buffers; everything
 * else (scalars, structs by value, [user_check] and unannotated pointers)
 * travels by value inside <f>_args_t. A *deep* struct is an EDL struct with
 * at least one size=/count= pointer field, whose pointed-to data travels too
 * (OE's deep copy, reference §3.7). */
#ifndef KEEP_EDGER8R_EMIT_INTERNAL_H
#define KEEP_EDGER8R_EMIT_INTERNAL_H

#include <stdbool.h>
#include <stdio.h>

#include "edl.h"
#include "emit.h"

/* Longest C expression the emitters build (nested deep-copy paths). */
#define EMIT_EXPR_MAX 1024
/* Deepest deep-copy nesting followed; recursive struct types stop here. */
#define EMIT_DEEP_MAX 8

typedef struct emit_ctx {
    FILE *f;
    const edl_file *edl;
    const edl_emit_options *opts;
    bool enclave_side; /* writing <name>_t.c rather than <name>_u.c */
    bool failed;       /* an expression overflowed or nesting was too deep */
} emit_ctx;

/* A built C expression; EMIT_EXPR_MAX bounds every path we generate. */
typedef struct emit_expr {
    char s[EMIT_EXPR_MAX];
} emit_expr;

/* Output. emit_line writes 4*indent spaces, the text and a newline. */
void emit_line(emit_ctx *ctx, int indent, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void emit_expr_set(emit_ctx *ctx, emit_expr *e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* `if ((_result = call) != OE_OK) goto done;` */
void emit_try(emit_ctx *ctx, int indent, const char *call);
/* `if (cond) { _result = result; goto done; }` */
void emit_fail_if(emit_ctx *ctx, int indent, const char *cond, const char *result);

/* Types and declarations as C text. */
const char *emit_base_type(const edl_type *t);
void emit_type_str(emit_ctx *ctx, emit_expr *e, const edl_type *t, bool strip_const);
void emit_decl_str(emit_ctx *ctx, emit_expr *e, const edl_decl *d);
void emit_field_decl_str(emit_ctx *ctx, emit_expr *e, const edl_decl *d);
void emit_mtype_str(emit_ctx *ctx, emit_expr *e, const edl_decl *d);
void emit_pointee_str(emit_ctx *ctx, emit_expr *e, const edl_decl *d);
void emit_upper(emit_ctx *ctx, emit_expr *e, const char *s);

/* Attributes. */
bool emit_is_buffer(const edl_decl *d);
bool emit_is_string(const edl_decl *d);
bool emit_is_isary(const edl_decl *d);
bool emit_is_in(const edl_decl *d);
bool emit_is_out(const edl_decl *d);
bool emit_is_pointer_like(const edl_decl *d);

/* Element count and element size of a buffer declaration, as expressions.
 * Identifiers naming a sibling (a parameter in `scope` or a field of the
 * same struct) get `prefix`; others (C constants) are left bare. */
void emit_count_expr(emit_ctx *ctx, emit_expr *e, const edl_decl *d, const edl_decl *scope,
                     size_t scope_count, const char *prefix);
void emit_size_expr(emit_ctx *ctx, emit_expr *e, const edl_decl *d, const edl_decl *scope,
                    size_t scope_count, const char *prefix);

/* Deep copy. */
const edl_user_type *emit_find_struct(const edl_file *edl, const char *name);
bool emit_struct_is_deep(const edl_user_type *st);
bool emit_field_is_deep_ptr(const edl_decl *field);
bool emit_field_is_size_ref(const edl_user_type *st, const edl_decl *field);
const edl_user_type *emit_deep_type(const edl_file *edl, const edl_decl *d);
bool emit_has_deep_out(const edl_file *edl, const edl_function *fn);

/* Prototypes shared by headers and sources, followed by `end`. With
 * `wrapper` the generated wrapper's, else the user function's. */
void emit_prototype(emit_ctx *ctx, const edl_function *fn, bool wrapper, const char *prefix,
                    const char *end);
void emit_create_prototype(emit_ctx *ctx, const char *end);

/* Pieces of the sources. */
void emit_args_struct(emit_ctx *ctx, const edl_function *fn);
void emit_wrapper(emit_ctx *ctx, const edl_function *fn);
void emit_forwarder(emit_ctx *ctx, const edl_function *fn);

/* Deep-copy walks over the nested pointers of struct arrays. */
typedef enum emit_walk_mode {
    EMIT_WALK_SIZE,         /* caller: add nested sections to a buffer size */
    EMIT_WALK_WRITE,        /* caller: copy nested data into the input buffer */
    EMIT_WALK_CALLEE_IN,    /* callee: check and rebase nested input sections */
    EMIT_WALK_CALLEE_MOVE,  /* callee: move in-out nested data to the output */
    EMIT_WALK_READ_INOUT,   /* caller: copy in-out results back */
    EMIT_WALK_DC_SIZE,      /* callee: size the deep-copy [out] buffer */
    EMIT_WALK_DC_WRITE,     /* callee: pack nested [out] data */
    EMIT_WALK_DC_FREE,      /* callee: free what the user function allocated */
    EMIT_WALK_DC_TAKE,      /* caller: unpack nested [out] data */
    EMIT_WALK_SANITIZE,     /* callee: hide its addresses in in-out results */
    EMIT_WALK_DC_RELEASE,   /* caller: free a partly unpacked [out] result */
} emit_walk_mode;

typedef struct emit_walk {
    emit_walk_mode mode;
    const char *total;  /* SIZE: the size variable */
    const char *buffer; /* the buffer, size and offset variables in use */
    const char *buffer_size;
    const char *offset;
} emit_walk;

/* Emits the walk over `count` elements of struct `st` at `dst` (the array
 * being written or examined) and `src` (its source, for WRITE and
 * READ_INOUT; else the same as dst). */
void emit_walk_struct(emit_ctx *ctx, const emit_walk *w, const edl_user_type *st,
                      const char *dst, const char *src, const char *count, int level,
                      int indent);

/* Files. */
int emit_args_h(const edl_file *edl, const edl_emit_options *opts, const char *dir);
int emit_side_h(const edl_file *edl, const edl_emit_options *opts, bool enclave_side);
int emit_side_c(const edl_file *edl, const edl_emit_options *opts, bool enclave_side);
FILE *emit_open(const char *dir, const char *name, const char *suffix);
int emit_close(FILE *f, const char *dir, const char *name, const char *suffix, bool failed);
void emit_preamble(emit_ctx *ctx);

#endif
