/* The items of `enclave { ... }`: blocks of functions, user types,
 * includes and imports, in any order. */
#include <string.h>

#include "edl_internal.h"

/* The text inside a "..." token, or fails with `what`. */
static char *parse_quoted(edl_parser *p, const char *what)
{
    edl_token t = edl_next(p);
    if (t.kind != EDL_TOK_STRING)
        edl_fail_here(p, "%s", what);
    return edl_strndup(p->s, t.text + 1, t.len - 2);
}

static void parse_include(edl_parser *p)
{
    edl_unit_add_include(p, parse_quoted(p, "expecting header filename"));
}

/* `import "x.edl"`: everything of x.edl, functions included. */
static void parse_import(edl_parser *p)
{
    const edl_unit *from = edl_import_file(p->s, parse_quoted(p, "expecting edl filename"));
    edl_unit_merge_types(p, from);
    edl_unit_merge_functions(p, from);
}

static void import_function(edl_parser *p, const edl_unit *from, const edl_token *t)
{
    char *name = edl_tok_str(p, t);
    for (int trusted = 1; trusted >= 0; trusted--) {
        const edl_ptrvec *list = trusted ? &from->trusted : &from->untrusted;
        for (size_t i = 0; i < list->count; i++) {
            edl_function *f = list->items[i];
            if (strcmp(f->name, name) == 0) {
                edl_unit_add_function(
                    p, trusted ? &p->unit->imported_trusted : &p->unit->imported_untrusted, f);
                return;
            }
        }
    }
    edl_fail_here(p, "function %s not found in imported edl.", name);
}

/* `from "x.edl" import *;` or `from "x.edl" import f, g;`. Types and
 * includes always come along; functions only as selected. */
static void parse_from_import(edl_parser *p)
{
    const edl_unit *from = edl_import_file(p->s, parse_quoted(p, "expecting edl filename"));
    edl_unit_merge_types(p, from);
    edl_expect(p, "import");
    if (edl_peek_is(p, "*")) {
        edl_next(p);
        edl_unit_merge_functions(p, from);
    } else {
        while (!edl_peek_is(p, ";") && edl_peek(p, 0)->kind != EDL_TOK_EOF) {
            edl_token t = edl_next(p);
            if (!edl_tok_is_name(&t))
                edl_fail_here(p, "expecting function name");
            import_function(p, from, &t);
            if (!edl_peek_is(p, ";"))
                edl_expect(p, ",");
        }
    }
    edl_expect(p, ";");
}

static void parse_enum(edl_parser *p, const edl_loc *loc)
{
    edl_user_type *type = edl_alloc(p->s, sizeof(*type));
    type->kind = EDL_USER_ENUM;
    type->loc = *loc;
    if (edl_tok_is_name(edl_peek(p, 0))) {
        edl_token name = edl_next(p);
        type->name = edl_tok_str(p, &name);
    }
    edl_expect(p, "{");
    while (!edl_peek_is(p, "}")) {
        edl_token name = edl_next(p);
        if (!edl_tok_is_name(&name))
            edl_fail_here(p, "expecting identifier, got %s", edl_tok_text(p, &name));
        edl_enum_value *v =
            edl_array_push(p->s, (void **)&type->values, &type->value_count, sizeof(*v));
        v->name = edl_tok_str(p, &name);
        v->loc = edl_tok_loc(p, &name);
        if (edl_peek_is(p, "=")) {
            edl_next(p);
            edl_token value = edl_next(p);
            if (!edl_tok_is_name(&value) && !edl_tok_is_int(&value))
                edl_fail_here(p, "expecting enum value, got %s", edl_tok_text(p, &value));
            v->value = edl_tok_str(p, &value);
        }
        if (!edl_peek_is(p, "}"))
            edl_expect(p, ",");
    }
    edl_unit_add_type(p, type);
    edl_expect(p, "}");
    edl_expect(p, ";");
}

static void parse_struct_or_union(edl_parser *p, bool is_struct, const edl_loc *loc)
{
    p->in_struct = is_struct;
    edl_token name = edl_next(p);
    if (!edl_tok_is_name(&name))
        edl_fail_here(p, "expecting struct/union name, got %s", edl_tok_text(p, &name));
    edl_user_type *type = edl_alloc(p->s, sizeof(*type));
    type->kind = is_struct ? EDL_USER_STRUCT : EDL_USER_UNION;
    type->name = edl_tok_str(p, &name);
    type->loc = *loc;
    edl_expect(p, "{");
    while (!edl_peek_is(p, "}")) {
        edl_decl *d = edl_array_push(p->s, (void **)&type->fields, &type->field_count, sizeof(*d));
        edl_parse_decl(p, d);
        if (d->attrs.present && !is_struct)
            edl_fail_here(p, "attributes are not allowed for unions");
        if (is_struct)
            edl_check_struct_field(p, type, d);
        if (!edl_peek_is(p, "}"))
            edl_expect(p, ";");
    }
    edl_unit_add_type(p, type);
    edl_check_size_count(p, type->name, type->fields, type->field_count);
    edl_expect(p, "}");
    edl_expect(p, ";");
    p->in_struct = false;
}

static void parse_trusted(edl_parser *p)
{
    edl_expect(p, "{");
    while (!edl_peek_is(p, "}")) {
        bool is_public = false;
        if (edl_peek_is(p, "public")) {
            edl_next(p);
            is_public = true;
        }
        edl_function *f = edl_parse_function(p, true);
        f->is_public = is_public;
        edl_unit_add_function(p, &p->unit->trusted, f);
        if (!is_public)
            edl_fail_plain(p->s,
                           "Function `%s': `private' specifier is not supported by "
                           "oeedger8r",
                           f->name);
    }
    edl_expect(p, "}");
    edl_expect(p, ";");
}

static void parse_untrusted(edl_parser *p)
{
    edl_expect(p, "{");
    while (!edl_peek_is(p, "}"))
        edl_unit_add_function(p, &p->unit->untrusted, edl_parse_function(p, false));
    edl_expect(p, "}");
    edl_expect(p, ";");
}

static void parse_item(edl_parser *p)
{
    edl_token t = edl_next(p);
    edl_loc loc = edl_tok_loc(p, &t);
    if (edl_tok_is(&t, "trusted"))
        parse_trusted(p);
    else if (edl_tok_is(&t, "untrusted"))
        parse_untrusted(p);
    else if (edl_tok_is(&t, "include"))
        parse_include(p);
    else if (edl_tok_is(&t, "import"))
        parse_import(p);
    else if (edl_tok_is(&t, "enum"))
        parse_enum(p, &loc);
    else if (edl_tok_is(&t, "struct") || edl_tok_is(&t, "union"))
        parse_struct_or_union(p, edl_tok_is(&t, "struct"), &loc);
    else if (edl_tok_is(&t, "from"))
        parse_from_import(p);
    else
        edl_fail_here(p, "unexpected token %s\n", edl_tok_text(p, &t));
}

void edl_parse_body(edl_parser *p)
{
    while (!edl_peek_is(p, "}") && edl_peek(p, 0)->kind != EDL_TOK_EOF)
        parse_item(p);
    if (!edl_pp_closed(p))
        edl_fail_here(p, "unterminated #ifdef or #ifndef");
    /* Imported functions follow the file's own, as in OE. */
    for (size_t i = 0; i < p->unit->imported_trusted.count; i++)
        edl_vec_push(p->s, &p->unit->trusted, p->unit->imported_trusted.items[i]);
    for (size_t i = 0; i < p->unit->imported_untrusted.count; i++)
        edl_vec_push(p->s, &p->unit->untrusted, p->unit->imported_untrusted.items[i]);
}
