/* Pool allocator: a doubly linked list of headers in front of each block. */
#include "pool.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct edl_block {
    struct edl_block *next;
    struct edl_block *prev;
    max_align_t align[]; /* user data follows, suitably aligned */
} edl_block;

struct edl_pool {
    edl_block head; /* sentinel */
};

/* Allocations left before injected failures start; negative: never. */
static long fail_countdown = -1;

void edl_pool_fail_after(long count)
{
    fail_countdown = count;
}

/* True when this allocation should fail (failure injection). */
static bool injected_failure(void)
{
    if (fail_countdown < 0)
        return false;
    if (fail_countdown == 0)
        return true;
    fail_countdown--;
    return false;
}

edl_pool *edl_pool_new(void)
{
    edl_pool *pool = injected_failure() ? NULL : malloc(sizeof(*pool));
    if (pool) {
        pool->head.next = &pool->head;
        pool->head.prev = &pool->head;
    }
    return pool;
}

void edl_pool_free(edl_pool *pool)
{
    if (!pool)
        return;
    edl_block *b = pool->head.next;
    while (b != &pool->head) {
        edl_block *next = b->next;
        free(b);
        b = next;
    }
    free(pool);
}

static void link_block(edl_pool *pool, edl_block *b)
{
    b->prev = &pool->head;
    b->next = pool->head.next;
    pool->head.next->prev = b;
    pool->head.next = b;
}

static void unlink_block(edl_block *b)
{
    b->prev->next = b->next;
    b->next->prev = b->prev;
}

void *edl_pool_alloc(edl_pool *pool, size_t size)
{
    if (size > SIZE_MAX - sizeof(edl_block) || injected_failure())
        return NULL;
    edl_block *b = calloc(1, sizeof(edl_block) + size);
    if (!b)
        return NULL;
    link_block(pool, b);
    return b->align;
}

void *edl_pool_grow(edl_pool *pool, void *ptr, size_t count, size_t elem)
{
    if (elem && count > (SIZE_MAX - sizeof(edl_block)) / elem)
        return NULL;
    size_t size = count * elem;
    if (!ptr)
        return edl_pool_alloc(pool, size);
    if (injected_failure())
        return NULL;
    edl_block *old = (edl_block *)((char *)ptr - offsetof(edl_block, align));
    unlink_block(old);
    edl_block *b = realloc(old, sizeof(edl_block) + size);
    if (!b) {
        link_block(pool, old);
        return NULL;
    }
    link_block(pool, b);
    return b->align;
}

char *edl_pool_strndup(edl_pool *pool, const char *text, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *s = edl_pool_alloc(pool, len + 1);
    if (s) {
        memcpy(s, text, len);
        s[len] = '\0';
    }
    return s;
}
