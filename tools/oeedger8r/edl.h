/* The EDL syntax tree shared by the oeedger8r parser and its emitters.
 *
 * The parser (parser.c and friends) builds one edl_file per input file, with
 * every import already merged in, and the checker (check.c) validates it.
 * The emitters (emit_*.c) only read it. Nothing here knows about C output. */
#ifndef KEEP_EDGER8R_EDL_H
#define KEEP_EDGER8R_EDL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Where a construct starts in its source file (1-based line and column). */
typedef struct edl_loc {
    const char *file; /* path as given or as found on the search path; owned by edl_file */
    int line;
    int col;
} edl_loc;

/* The base types the EDL grammar knows. Everything not listed is FOREIGN. */
typedef enum edl_type_kind {
    EDL_TYPE_VOID,
    EDL_TYPE_BOOL,
    EDL_TYPE_CHAR,
    EDL_TYPE_SHORT,
    EDL_TYPE_INT,
    EDL_TYPE_LONG,
    EDL_TYPE_LONG_LONG,
    EDL_TYPE_UNSIGNED_CHAR,
    EDL_TYPE_UNSIGNED_SHORT,
    EDL_TYPE_UNSIGNED_INT,
    EDL_TYPE_UNSIGNED_LONG,
    EDL_TYPE_UNSIGNED_LONG_LONG,
    EDL_TYPE_FLOAT,
    EDL_TYPE_DOUBLE,
    EDL_TYPE_LONG_DOUBLE,
    EDL_TYPE_WCHAR,
    EDL_TYPE_SIZE_T,
    EDL_TYPE_INT8,
    EDL_TYPE_INT16,
    EDL_TYPE_INT32,
    EDL_TYPE_INT64,
    EDL_TYPE_UINT8,
    EDL_TYPE_UINT16,
    EDL_TYPE_UINT32,
    EDL_TYPE_UINT64,
    EDL_TYPE_STRUCT,  /* `struct X` or a bare name that refers to an EDL struct */
    EDL_TYPE_UNION,   /* `union X` or a bare name that refers to an EDL union */
    EDL_TYPE_ENUM,    /* `enum X` or a bare name that refers to an EDL enum */
    EDL_TYPE_FOREIGN, /* any other identifier, e.g. oe_host_fd_t or ssize_t */
} edl_type_kind;

/* A type as written: [const] base {*}. */
typedef struct edl_type {
    edl_type_kind kind;
    /* STRUCT/UNION/ENUM/FOREIGN: the identifier (without the keyword). */
    char *name;
    /* True when the source spelled the keyword (`struct X`), so the emitter
     * writes it back the same way. */
    bool has_keyword;
    bool is_const;
    /* Number of `*` after the base type. */
    int pointer_depth;
} edl_type;

/* The operand of size= or count=: a decimal number or an identifier naming a
 * parameter (functions) or a field (structs) or a constant (C macro). */
typedef struct edl_size_expr {
    bool present;
    bool is_number;
    uint64_t number;
    char *name;
    edl_loc loc;
} edl_size_expr;

typedef struct edl_attrs {
    bool present; /* any [...] list was written, even an empty one */
    bool in;
    bool out;
    bool user_check;
    bool string;
    bool wstring;
    bool isptr;
    bool isary;
    edl_size_expr size;
    edl_size_expr count;
    edl_loc loc;
    /* Struct fields only: another field names this one in its size= or
     * count=. OE never deep-copies such a field and never copies it back to
     * the caller. Set even when no [...] list was written. */
    bool is_size_or_count;
} edl_attrs;

/* A parameter or a struct/union field: [attrs] type name {[dim]}. */
typedef struct edl_decl {
    edl_attrs attrs;
    edl_type type;
    char *name;
    /* Array dimensions in order; each is a decimal number or an identifier,
     * kept as its source text. */
    char **dims;
    size_t dim_count;
    edl_loc loc;
} edl_decl;

typedef struct edl_enum_value {
    char *name;
    /* NULL when no `= value` was written; else the text of the number or
     * identifier. */
    char *value;
    edl_loc loc;
} edl_enum_value;

typedef enum edl_user_type_kind {
    EDL_USER_STRUCT,
    EDL_USER_UNION,
    EDL_USER_ENUM,
} edl_user_type_kind;

typedef struct edl_user_type {
    edl_user_type_kind kind;
    char *name; /* NULL only for an anonymous enum */
    edl_decl *fields; /* struct/union */
    size_t field_count;
    edl_enum_value *values; /* enum */
    size_t value_count;
    edl_loc loc;
} edl_user_type;

typedef struct edl_function {
    char *name;
    edl_type return_type;
    edl_decl *params;
    size_t param_count;
    bool is_trusted;
    bool is_public;              /* trusted only */
    bool is_switchless;          /* transition_using_threads */
    bool propagate_errno;        /* untrusted only */
    char **allow;                /* untrusted only; parsed, otherwise unused */
    size_t allow_count;
    edl_loc loc;
} edl_function;

/* One processed EDL with its imports merged, in OE's order: the file's own
 * items first, then those of each import in the order the imports appear.
 * Types and includes are always imported; functions only when selected. */
typedef struct edl_file {
    char *path;      /* the path the file was read from */
    char *name;      /* basename without the .edl extension */
    char **includes; /* header names from `include "x.h"`, deduplicated, in order */
    size_t include_count;
    edl_user_type *types; /* in definition order */
    size_t type_count;
    edl_function *trusted;
    size_t trusted_count;
    edl_function *untrusted;
    size_t untrusted_count;
    /* Storage for edl_loc.file strings and anything else the parser owns. */
    void *internal;
} edl_file;

/* Looks up an EDL-defined type by name, or returns NULL. */
const edl_user_type *edl_find_type(const edl_file *file, const char *name);

/* Releases everything the parser allocated for `file`; accepts NULL. */
void edl_file_free(edl_file *file);

#endif
