/* Adding items to the unit being parsed, with OE's duplicate rules: the
 * same object arriving twice (a diamond import) is fine, a different object
 * with the same name is an error. */
#include <string.h>

#include "edl_internal.h"

static bool same_name(const char *a, const char *b)
{
    /* An anonymous enum is named "" for these lookups, as in OE. */
    return strcmp(a ? a : "", b ? b : "") == 0;
}

const edl_user_type *edl_unit_find_type(const edl_unit *unit, const char *name)
{
    for (size_t i = 0; i < unit->types.count; i++) {
        const edl_user_type *t = unit->types.items[i];
        if (same_name(t->name, name))
            return t;
    }
    return NULL;
}

void edl_unit_add_type(edl_parser *p, edl_user_type *type)
{
    const edl_user_type *t = edl_unit_find_type(p->unit, type->name);
    if (t && t != type)
        edl_fail_here(p, "Duplicate type definition detected for %s", type->name ? type->name : "");
    if (!t)
        edl_vec_push(p->s, &p->unit->types, type);
}

static edl_function *find_function(const edl_ptrvec *list, const char *name)
{
    for (size_t i = 0; i < list->count; i++) {
        edl_function *f = list->items[i];
        if (strcmp(f->name, name) == 0)
            return f;
    }
    return NULL;
}

void edl_unit_add_function(edl_parser *p, edl_ptrvec *list, edl_function *f)
{
    const edl_ptrvec *lists[] = {&p->unit->trusted, &p->unit->untrusted, &p->unit->imported_trusted,
                                 &p->unit->imported_untrusted};
    bool found = false;
    for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
        edl_function *other = find_function(lists[i], f->name);
        if (other && other != f)
            edl_fail_here(p, "Duplicate function definition detected for %s", f->name);
        found = found || other;
    }
    if (!found)
        edl_vec_push(p->s, list, f);
}

void edl_unit_add_include(edl_parser *p, char *header)
{
    for (size_t i = 0; i < p->unit->includes.count; i++)
        if (strcmp(p->unit->includes.items[i], header) == 0)
            return;
    edl_vec_push(p->s, &p->unit->includes, header);
}

void edl_unit_merge_types(edl_parser *p, const edl_unit *from)
{
    for (size_t i = 0; i < from->types.count; i++)
        edl_unit_add_type(p, from->types.items[i]);
    for (size_t i = 0; i < from->includes.count; i++)
        edl_unit_add_include(p, from->includes.items[i]);
}

void edl_unit_merge_functions(edl_parser *p, const edl_unit *from)
{
    for (size_t i = 0; i < from->trusted.count; i++)
        edl_unit_add_function(p, &p->unit->imported_trusted, from->trusted.items[i]);
    for (size_t i = 0; i < from->untrusted.count; i++)
        edl_unit_add_function(p, &p->unit->imported_untrusted, from->untrusted.items[i]);
}
