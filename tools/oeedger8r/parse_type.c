/* Types as EDL spells them: [const] base {*}. Follows OE's parser: `long
 * long int` is not one type (the trailing `int` is left for the caller), and
 * `unsigned` alone means unsigned int. */
#include <string.h>

#include "edl_internal.h"

/* More `*` than any real program writes; keeps the count in range. */
#define EDL_MAX_POINTER_DEPTH 1024

static edl_type_kind make_unsigned(edl_type_kind kind)
{
    switch (kind) {
    case EDL_TYPE_CHAR:
        return EDL_TYPE_UNSIGNED_CHAR;
    case EDL_TYPE_SHORT:
        return EDL_TYPE_UNSIGNED_SHORT;
    case EDL_TYPE_LONG:
        return EDL_TYPE_UNSIGNED_LONG;
    case EDL_TYPE_LONG_LONG:
        return EDL_TYPE_UNSIGNED_LONG_LONG;
    default:
        return EDL_TYPE_UNSIGNED_INT;
    }
}

/* `long`, `long int`, `long long`, `long double`. */
static edl_type_kind parse_long(edl_parser *p, bool is_unsigned)
{
    if (edl_peek_is(p, "int")) {
        edl_next(p);
        return EDL_TYPE_LONG;
    }
    if (edl_peek_is(p, "long")) {
        edl_next(p);
        return EDL_TYPE_LONG_LONG;
    }
    if (edl_peek_is(p, "double")) {
        if (is_unsigned)
            edl_fail_here(p, "invalid double following unsigned");
        edl_next(p);
        return EDL_TYPE_LONG_DOUBLE;
    }
    return EDL_TYPE_LONG;
}

/* The C integer types, possibly `unsigned`. Returns false if t is none. */
static bool parse_integer_type(edl_parser *p, edl_token t, edl_type_kind *kind)
{
    bool is_unsigned = false;
    if (edl_tok_is(&t, "unsigned")) {
        is_unsigned = true;
        if (!edl_peek_is(p, "char") && !edl_peek_is(p, "short") && !edl_peek_is(p, "int") &&
            !edl_peek_is(p, "long")) {
            *kind = EDL_TYPE_UNSIGNED_INT;
            return true;
        }
        t = edl_next(p);
    }
    if (edl_tok_is(&t, "long")) {
        *kind = parse_long(p, is_unsigned);
    } else if (edl_tok_is(&t, "short") || edl_tok_is(&t, "char")) {
        *kind = edl_tok_is(&t, "short") ? EDL_TYPE_SHORT : EDL_TYPE_CHAR;
        if (edl_peek_is(p, "int"))
            edl_next(p);
    } else if (edl_tok_is(&t, "int")) {
        *kind = EDL_TYPE_INT;
    } else {
        return false;
    }
    if (is_unsigned)
        *kind = make_unsigned(*kind);
    return true;
}

static const struct {
    const char *name;
    edl_type_kind kind;
} simple_types[] = {
    {"bool", EDL_TYPE_BOOL},       {"void", EDL_TYPE_VOID},       {"wchar_t", EDL_TYPE_WCHAR},
    {"size_t", EDL_TYPE_SIZE_T},   {"int8_t", EDL_TYPE_INT8},     {"int16_t", EDL_TYPE_INT16},
    {"int32_t", EDL_TYPE_INT32},   {"int64_t", EDL_TYPE_INT64},   {"uint8_t", EDL_TYPE_UINT8},
    {"uint16_t", EDL_TYPE_UINT16}, {"uint32_t", EDL_TYPE_UINT32}, {"uint64_t", EDL_TYPE_UINT64},
    {"float", EDL_TYPE_FLOAT},     {"double", EDL_TYPE_DOUBLE},
};

/* Tagged, fixed-name and foreign types. Returns false if t is none. */
static bool parse_named_type(edl_parser *p, edl_token t, edl_type *type)
{
    if (edl_tok_is(&t, "struct") || edl_tok_is(&t, "enum") || edl_tok_is(&t, "union")) {
        type->kind = edl_tok_is(&t, "struct") ? EDL_TYPE_STRUCT
                     : edl_tok_is(&t, "enum") ? EDL_TYPE_ENUM
                                              : EDL_TYPE_UNION;
        edl_token name = edl_next(p);
        if (!edl_tok_is_name(&name))
            edl_fail_here(p, "expecting struct/enum/union name, got %s", edl_tok_text(p, &name));
        type->name = edl_tok_str(p, &name);
        type->has_keyword = true;
        return true;
    }
    for (size_t i = 0; i < sizeof(simple_types) / sizeof(simple_types[0]); i++) {
        if (edl_tok_is(&t, simple_types[i].name)) {
            type->kind = simple_types[i].kind;
            return true;
        }
    }
    if (!edl_tok_is_name(&t))
        return false;
    type->kind = EDL_TYPE_FOREIGN;
    type->name = edl_tok_str(p, &t);
    return true;
}

edl_type edl_parse_type(edl_parser *p)
{
    edl_type type;
    memset(&type, 0, sizeof(type));
    edl_token t = edl_next(p);
    if (edl_tok_is(&t, "const")) {
        type.is_const = true;
        t = edl_next(p);
    }
    if (!parse_integer_type(p, t, &type.kind) && !parse_named_type(p, t, &type))
        edl_fail_here(p, "expecting typename, got %s", edl_tok_text(p, &t));
    while (edl_peek_is(p, "*")) {
        edl_next(p);
        if (type.pointer_depth >= EDL_MAX_POINTER_DEPTH)
            edl_fail_here(p, "too many levels of pointers (more than %d)", EDL_MAX_POINTER_DEPTH);
        type.pointer_depth++;
    }
    return type;
}
