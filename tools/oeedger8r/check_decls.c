/* Checks that look at more than one attribute list: parameters against the
 * types known so far, size=/count= references, whole functions and struct
 * members. Like OE, a type is "known" only once defined or imported above
 * the point of use. */
#include <string.h>

#include "edl_internal.h"

static bool names_type(const edl_type *t)
{
    return t->kind == EDL_TYPE_FOREIGN || t->kind == EDL_TYPE_STRUCT;
}

const edl_user_type *edl_deep_copy_type(const edl_unit *unit, const edl_decl *d)
{
    if (d->type.pointer_depth != 1 || !d->attrs.present || !names_type(&d->type))
        return NULL;
    const edl_user_type *ut = edl_unit_find_type(unit, d->type.name);
    if (!ut || ut->kind != EDL_USER_STRUCT)
        return NULL;
    for (size_t i = 0; i < ut->field_count; i++)
        if (ut->fields[i].attrs.present && !ut->fields[i].attrs.is_size_or_count)
            return ut;
    return NULL;
}

void edl_check_param(edl_parser *p, const edl_function *f, const edl_decl *d)
{
    if ((d->attrs.present && d->attrs.user_check) || d->type.pointer_depth == 0)
        return;
    if (!d->attrs.present)
        edl_warn_here(p, EDL_W_PTR_IN_FUNCTION, NULL,
                      "Function `%s': `%s' is a pointer that is not serializable. Consider "
                      "annotating the parameter with the direction annotation "
                      "[-Wptr-in-function].",
                      f->name, d->name);
    if (d->type.pointer_depth == 1 && names_type(&d->type) &&
        !edl_unit_find_type(p->unit, d->type.name))
        edl_warn_here(p, EDL_W_FOREIGN_TYPE_PTR, NULL,
                      "Function `%s': `%s' is a pointer of a foreign type `%s' that may not be "
                      "serializable. Consider defining the type in the EDL file with proper "
                      "annotations [-Wforeign-type-ptr].",
                      f->name, d->name, d->type.name);
}

static bool is_signed_integer(edl_type_kind k)
{
    switch (k) {
    case EDL_TYPE_CHAR:
    case EDL_TYPE_SHORT:
    case EDL_TYPE_INT:
    case EDL_TYPE_LONG:
    case EDL_TYPE_LONG_LONG:
    case EDL_TYPE_INT8:
    case EDL_TYPE_INT16:
    case EDL_TYPE_INT32:
    case EDL_TYPE_INT64:
        return true;
    default:
        return false;
    }
}

static edl_decl *find_decl(edl_decl *decls, size_t count, const char *name)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp(decls[i].name, name) == 0)
            return &decls[i];
    return NULL;
}

/* One size= or count= operand that names another declaration. */
static void check_reference(edl_parser *p, const char *parent, edl_decl *decls, size_t count,
                            const edl_size_expr *e)
{
    edl_decl *target = find_decl(decls, count, e->name);
    if (!target)
        edl_fail_at(p, &e->loc, "could not find declaration for `%s'.", e->name);
    if (p->in_struct)
        target->attrs.is_size_or_count = true;
    const edl_type *t = &target->type;
    if (target->dim_count || t->pointer_depth || t->kind == EDL_TYPE_STRUCT ||
        t->kind == EDL_TYPE_UNION)
        edl_fail_at(p, &e->loc, "size/count has invalid type.");
    if (is_signed_integer(t->kind))
        edl_warn_here(p, EDL_W_SIGNED_SIZE_OR_COUNT, &e->loc,
                      "%s `%s': The size or count parameter `%s' should not be signed "
                      "[-Wsigned-size-or-count].",
                      p->in_function ? "Function" : "struct", parent, e->name);
}

void edl_check_size_count(edl_parser *p, const char *parent, edl_decl *decls, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        const edl_attrs *a = &decls[i].attrs;
        if (a->size.present && !a->size.is_number)
            check_reference(p, parent, decls, count, &a->size);
        if (a->count.present && !a->count.is_number)
            check_reference(p, parent, decls, count, &a->count);
    }
}

static const char *non_portable_name(edl_type_kind k)
{
    switch (k) {
    case EDL_TYPE_WCHAR:
        return "wchar_t";
    case EDL_TYPE_LONG_DOUBLE:
        return "long double";
    case EDL_TYPE_LONG:
        return "long";
    case EDL_TYPE_UNSIGNED_LONG:
        return "unsigned long";
    default:
        return NULL;
    }
}

/* A struct whose members carry size/count is deep-copied; OE refuses to
 * pass such a struct by value. */
static void check_by_value(edl_parser *p, const edl_function *f, const edl_decl *d)
{
    if (d->type.pointer_depth || !names_type(&d->type))
        return;
    const edl_user_type *ut = edl_unit_find_type(p->unit, d->type.name);
    for (size_t i = 0; ut && i < ut->field_count; i++) {
        const edl_attrs *a = &ut->fields[i].attrs;
        if (a->present || a->is_size_or_count)
            edl_fail_plain(p->s,
                           "the structure declaration `%s' specifies a deep copy is "
                           "expected. Referenced by value in function `%s' detected.",
                           d->type.name, f->name);
    }
}

void edl_check_function(edl_parser *p, edl_function *f)
{
    for (size_t i = 0; i < f->param_count; i++) {
        const char *type = non_portable_name(f->params[i].type.kind);
        if (type)
            edl_warn_here(p, EDL_W_NON_PORTABLE_TYPE, NULL,
                          "warning: Function `%s': `%s' has different sizes on Windows and "
                          "Linux. This enclave cannot be built in Linux and then safely loaded "
                          "in Windows [-Wnon-portable-type].",
                          f->name, type);
    }
    for (size_t i = 0; i < f->param_count; i++)
        if (f->params[i].attrs.size.present && f->params[i].attrs.count.present)
            edl_fail_plain(p->s,
                           "Function `%s': simultaneous `size' and `count' parameters "
                           "`size' and `count' are not supported by oeedger8r.",
                           f->name);
    edl_check_size_count(p, f->name, f->params, f->param_count);
    for (size_t i = 0; i < f->param_count; i++)
        check_by_value(p, f, &f->params[i]);
}

void edl_check_struct_field(edl_parser *p, const edl_user_type *type, const edl_decl *d)
{
    if (d->type.pointer_depth && !d->attrs.size.present && !d->attrs.count.present)
        edl_warn_here(p, EDL_W_PTR_IN_STRUCT, NULL,
                      "struct `%s': The member `%s' is a pointer that is not serializable. "
                      "Consider annotating the member with the `count' or `size' attribute "
                      "[-Wptr-in-struct].",
                      type->name, d->name);
}
