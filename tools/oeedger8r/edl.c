/* The finished tree: built from a parsed unit, looked up, freed. */
#include <string.h>

#include "edl_internal.h"

const edl_user_type *edl_find_type(const edl_file *file, const char *name)
{
    if (!file || !name)
        return NULL;
    for (size_t i = 0; i < file->type_count; i++)
        if (file->types[i].name && strcmp(file->types[i].name, name) == 0)
            return &file->types[i];
    return NULL;
}

void edl_file_free(edl_file *file)
{
    /* The file itself lives in its pool. */
    if (file)
        edl_pool_free(file->internal);
}

/* A bare identifier naming an EDL type becomes that kind of type, so the
 * emitters need not look names up. Done only now: OE's checks treat such a
 * name as foreign, and they ran during parsing. */
static void resolve_type(const edl_file *file, edl_type *t)
{
    if (t->kind != EDL_TYPE_FOREIGN)
        return;
    const edl_user_type *ut = edl_find_type(file, t->name);
    if (!ut)
        return;
    t->kind = ut->kind == EDL_USER_STRUCT  ? EDL_TYPE_STRUCT
              : ut->kind == EDL_USER_UNION ? EDL_TYPE_UNION
                                           : EDL_TYPE_ENUM;
    t->has_keyword = false;
}

static void resolve_decls(const edl_file *file, edl_decl *decls, size_t count)
{
    for (size_t i = 0; i < count; i++)
        resolve_type(file, &decls[i].type);
}

static void resolve_functions(const edl_file *file, edl_function *fs, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        resolve_type(file, &fs[i].return_type);
        resolve_decls(file, fs[i].params, fs[i].param_count);
    }
}

/* Copies the pointed-to items into a flat array of `elem`-sized values. */
static void *flatten(edl_session *s, const edl_ptrvec *vec, size_t elem, size_t *count)
{
    *count = vec->count;
    char *out = edl_alloc(s, vec->count * elem + 1);
    for (size_t i = 0; i < vec->count; i++) /* items are never NULL */
        memcpy(out + i * elem, vec->items[i], elem);
    return out;
}

edl_file *edl_build_file(edl_session *s, const edl_unit *unit)
{
    edl_file *file = edl_alloc(s, sizeof(*file));
    file->path = unit->path;
    file->name = unit->name;
    file->include_count = unit->includes.count;
    file->includes = edl_alloc(s, (unit->includes.count + 1) * sizeof(char *));
    if (unit->includes.count)
        memcpy(file->includes, unit->includes.items, unit->includes.count * sizeof(char *));
    file->types = flatten(s, &unit->types, sizeof(edl_user_type), &file->type_count);
    file->trusted = flatten(s, &unit->trusted, sizeof(edl_function), &file->trusted_count);
    file->untrusted = flatten(s, &unit->untrusted, sizeof(edl_function), &file->untrusted_count);
    for (size_t i = 0; i < file->type_count; i++)
        resolve_decls(file, file->types[i].fields, file->types[i].field_count);
    resolve_functions(file, file->trusted, file->trusted_count);
    resolve_functions(file, file->untrusted, file->untrusted_count);
    file->internal = s->pool;
    return file;
}
