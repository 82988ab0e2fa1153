/* Internals of the EDL front end shared by lexer, preprocessor, parser,
 * import resolution and checks. Not used by the emitters.
 *
 * Error model: like OE's oeedger8r, parsing stops at the first error. The
 * failing function reports it and longjmp()s back to edl_parse_file() /
 * edl_parse_buffer(), which frees the session's pool. Every allocation of a
 * parse belongs to that pool, so unwinding cannot leak. */
#ifndef KEEP_EDGER8R_INTERNAL_H
#define KEEP_EDGER8R_INTERNAL_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "edl.h"
#include "lexer.h"
#include "parse.h"
#include "pool.h"

/* Limits on hostile input. */
#define EDL_MAX_IMPORT_DEPTH 64       /* nested imports */
#define EDL_MAX_IFDEF_DEPTH 256       /* nested #ifdef/#ifndef */
#define EDL_MAX_FILE_SIZE (64u << 20) /* bytes of one .edl file */
#define EDL_MAX_ITEMS 1000000         /* entries of any one list */

/* A growable array of pointers, storage in the session pool. */
typedef struct edl_ptrvec {
    void **items;
    size_t count;
    size_t cap;
} edl_ptrvec;

/* One parsed .edl: own items first, then imported ones (after parsing).
 * Items are shared by pointer between units, so a diamond import yields the
 * same object twice and is not a duplicate. */
typedef struct edl_unit {
    char *path;           /* as found; used in every edl_loc of this file */
    char *name;           /* basename without extension */
    edl_ptrvec includes;  /* char* header names, deduplicated */
    edl_ptrvec types;     /* edl_user_type* */
    edl_ptrvec trusted;   /* edl_function* */
    edl_ptrvec untrusted; /* edl_function* */
    edl_ptrvec imported_trusted;
    edl_ptrvec imported_untrusted;
} edl_unit;

/* State of one top-level parse: the pool, the import cache and stack. */
typedef struct edl_session {
    edl_pool *pool;
    const edl_parse_options *opts;
    edl_diag *diag;
    jmp_buf fail;
    edl_ptrvec cache; /* edl_unit* of every file parsed so far */
    const char *stack[EDL_MAX_IMPORT_DEPTH];
    size_t depth;
} edl_session;

/* #ifdef state: one entry per open conditional. */
typedef struct edl_pp {
    size_t depth;
    bool active[EDL_MAX_IFDEF_DEPTH];
    bool in_else[EDL_MAX_IFDEF_DEPTH];
} edl_pp;

typedef enum edl_attr_kind {
    EDL_ATTR_IN,
    EDL_ATTR_OUT,
    EDL_ATTR_COUNT,
    EDL_ATTR_SIZE,
    EDL_ATTR_ISPTR,
    EDL_ATTR_ISARY,
    EDL_ATTR_STRING,
    EDL_ATTR_WSTRING,
    EDL_ATTR_USER_CHECK,
    EDL_ATTR_KIND_COUNT_
} edl_attr_kind;

/* An attribute as written, in source order (the checks depend on order). */
typedef struct edl_attr_tok {
    edl_attr_kind kind;
    edl_token tok;
} edl_attr_tok;

/* One file being parsed. Tokens are read two ahead, as OE's parser does, so
 * preprocessor errors surface at the same point. */
typedef struct edl_parser {
    edl_session *s;
    edl_unit *unit;
    edl_lexer lex;
    edl_pp pp;
    edl_token tok[2];
    edl_loc here; /* the last token consumed: where "current" errors point */
    bool in_struct;
    bool in_function;
    edl_attr_tok attr_toks[EDL_ATTR_KIND_COUNT_];
    size_t attr_count;
} edl_parser;

/* ---- errors (parse_core.c) ---- */
_Noreturn void edl_fail_at(edl_parser *p, const edl_loc *loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
_Noreturn void edl_fail_here(edl_parser *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
_Noreturn void edl_fail_plain(edl_session *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
_Noreturn void edl_fail_oom(edl_session *s);
/* Reports warning w at loc (NULL: the current token); unwinds if it is an
 * error under the -W settings. */
void edl_warn_here(edl_parser *p, edl_warning w, const edl_loc *loc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* ---- memory helpers (parse_core.c) ---- */
void *edl_alloc(edl_session *s, size_t size);
char *edl_strndup(edl_session *s, const char *text, size_t len);
void edl_vec_push(edl_session *s, edl_ptrvec *vec, void *item);
/* Grows a typed array by one zeroed element; returns the new element. */
void *edl_array_push(edl_session *s, void **array, size_t *count, size_t elem);
char *edl_tok_str(edl_parser *p, const edl_token *t);
edl_loc edl_tok_loc(const edl_parser *p, const edl_token *t);

/* ---- tokens (parse_core.c) ---- */
void edl_parser_start(edl_parser *p, edl_session *s, edl_unit *unit, const char *text, size_t len);
const edl_token *edl_peek(const edl_parser *p, int ahead);
edl_token edl_next(edl_parser *p);
void edl_expect(edl_parser *p, const char *str);
bool edl_peek_is(const edl_parser *p, const char *str);
bool edl_tok_is_name(const edl_token *t);
bool edl_tok_is_int(const edl_token *t);
/* The token as text for messages ("" at end of input). */
char *edl_tok_text(edl_parser *p, const edl_token *t);

/* ---- preprocessor (pp.c) ---- */
edl_token edl_pp_fetch(edl_parser *p);
bool edl_pp_closed(const edl_parser *p);

/* ---- declarations and types (parse_decl.c) ---- */
edl_type edl_parse_type(edl_parser *p);
void edl_parse_decl(edl_parser *p, edl_decl *decl);
edl_function *edl_parse_function(edl_parser *p, bool trusted);

/* ---- enclave body (parse_body.c) ---- */
void edl_parse_body(edl_parser *p);

/* ---- imports and units (import.c) ---- */
edl_unit *edl_import_file(edl_session *s, const char *name);
edl_unit *edl_parse_unit(edl_session *s, const char *path, const char *text, size_t len);
void edl_unit_add_type(edl_parser *p, edl_user_type *type);
void edl_unit_add_function(edl_parser *p, edl_ptrvec *list, edl_function *f);
void edl_unit_add_include(edl_parser *p, char *header);
/* Adds `from`'s types and includes / its functions to the unit being parsed. */
void edl_unit_merge_types(edl_parser *p, const edl_unit *from);
void edl_unit_merge_functions(edl_parser *p, const edl_unit *from);
const edl_user_type *edl_unit_find_type(const edl_unit *unit, const char *name);

/* ---- semantic checks (check_attrs.c, check_decls.c) ---- */
void edl_check_attrs(edl_parser *p, const edl_decl *decl);
void edl_check_param(edl_parser *p, const edl_function *f, const edl_decl *decl);
void edl_check_size_count(edl_parser *p, const char *parent, edl_decl *decls, size_t count);
void edl_check_function(edl_parser *p, edl_function *f);
void edl_check_struct_field(edl_parser *p, const edl_user_type *type, const edl_decl *decl);
/* The EDL struct a pointer parameter would deep-copy, or NULL. */
const edl_user_type *edl_deep_copy_type(const edl_unit *unit, const edl_decl *decl);

/* ---- type names for messages (typestr.c) ---- */
/* Writes the type the way OE's messages spell it ("unsigned long int*"). */
void edl_type_str(char *buf, size_t size, const edl_type *type);

/* ---- final tree (edl.c) ---- */
edl_file *edl_build_file(edl_session *s, const edl_unit *unit);

#endif
