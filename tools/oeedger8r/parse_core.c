/* Parser plumbing: error unwinding, pool helpers and the two-token
 * lookahead. */
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "edl_internal.h"

static _Noreturn void unwind(edl_session *s)
{
    longjmp(s->fail, 1);
}

__attribute__((format(printf, 3, 0))) static void vfail(edl_diag *diag, const edl_loc *loc,
                                                        const char *fmt, va_list ap)
{
    char message[1024];
    vsnprintf(message, sizeof(message), fmt, ap);
    edl_error(diag, loc, "%s", message);
}

void edl_fail_at(edl_parser *p, const edl_loc *loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(p->s->diag, loc, fmt, ap);
    va_end(ap);
    unwind(p->s);
}

void edl_fail_here(edl_parser *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(p->s->diag, &p->here, fmt, ap);
    va_end(ap);
    unwind(p->s);
}

void edl_fail_plain(edl_session *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(s->diag, NULL, fmt, ap);
    va_end(ap);
    unwind(s);
}

void edl_fail_oom(edl_session *s)
{
    edl_fail_plain(s, "out of memory");
}

void edl_warn_here(edl_parser *p, edl_warning w, const edl_loc *loc, const char *fmt, ...)
{
    char message[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof(message), fmt, ap);
    va_end(ap);
    if (edl_warn(p->s->diag, w, loc ? loc : &p->here, "%s", message))
        unwind(p->s);
}

void *edl_alloc(edl_session *s, size_t size)
{
    void *ptr = edl_pool_alloc(s->pool, size);
    if (!ptr)
        edl_fail_oom(s);
    return ptr;
}

char *edl_strndup(edl_session *s, const char *text, size_t len)
{
    char *str = edl_pool_strndup(s->pool, text, len);
    if (!str)
        edl_fail_oom(s);
    return str;
}

/* Doubles *cap as needed so that one more element fits. */
static void *grow_for_one(edl_session *s, void *array, size_t count, size_t *cap, size_t elem)
{
    if (count >= EDL_MAX_ITEMS)
        edl_fail_plain(s, "too many items (more than %d)", EDL_MAX_ITEMS);
    if (count < *cap)
        return array;
    size_t new_cap = *cap ? *cap * 2 : 8;
    void *grown = edl_pool_grow(s->pool, array, new_cap, elem);
    if (!grown)
        edl_fail_oom(s);
    *cap = new_cap;
    return grown;
}

void edl_vec_push(edl_session *s, edl_ptrvec *vec, void *item)
{
    vec->items = grow_for_one(s, vec->items, vec->count, &vec->cap, sizeof(void *));
    vec->items[vec->count++] = item;
}

void *edl_array_push(edl_session *s, void **array, size_t *count, size_t elem)
{
    /* Typed arrays in the tree carry no capacity; grow them one by one
     * (pool_grow is realloc, so this stays amortised by the allocator). */
    if (*count >= EDL_MAX_ITEMS)
        edl_fail_plain(s, "too many items (more than %d)", EDL_MAX_ITEMS);
    void *grown = edl_pool_grow(s->pool, *array, *count + 1, elem);
    if (!grown)
        edl_fail_oom(s);
    *array = grown;
    void *slot = (char *)grown + *count * elem;
    memset(slot, 0, elem);
    (*count)++;
    return slot;
}

char *edl_tok_str(edl_parser *p, const edl_token *t)
{
    return edl_strndup(p->s, t->text, t->kind == EDL_TOK_EOF ? 0 : t->len);
}

char *edl_tok_text(edl_parser *p, const edl_token *t)
{
    return edl_tok_str(p, t);
}

edl_loc edl_tok_loc(const edl_parser *p, const edl_token *t)
{
    edl_loc loc = {p->unit->path, t->line, t->col};
    return loc;
}

void edl_parser_start(edl_parser *p, edl_session *s, edl_unit *unit, const char *text, size_t len)
{
    memset(p, 0, sizeof(*p));
    p->s = s;
    p->unit = unit;
    p->here.file = unit->path;
    p->here.line = 1;
    p->here.col = 1;
    edl_lexer_init(&p->lex, text, len);
    p->tok[0] = edl_pp_fetch(p);
    p->tok[1] = edl_pp_fetch(p);
}

const edl_token *edl_peek(const edl_parser *p, int ahead)
{
    return &p->tok[ahead ? 1 : 0];
}

edl_token edl_next(edl_parser *p)
{
    edl_token t = p->tok[0];
    p->tok[0] = p->tok[1];
    p->tok[1] = edl_pp_fetch(p);
    p->here.line = t.line;
    p->here.col = t.col;
    return t;
}

bool edl_peek_is(const edl_parser *p, const char *str)
{
    return edl_tok_is(&p->tok[0], str);
}

bool edl_tok_is_name(const edl_token *t)
{
    return t->kind == EDL_TOK_NAME;
}

bool edl_tok_is_int(const edl_token *t)
{
    return t->kind == EDL_TOK_INT;
}

void edl_expect(edl_parser *p, const char *str)
{
    edl_token t = edl_next(p);
    if (!edl_tok_is(&t, str))
        /* OE's wording, leading blank and trailing newline included. */
        edl_fail_here(p, " expecting %s got %s\n", str, edl_tok_text(p, &t));
}
