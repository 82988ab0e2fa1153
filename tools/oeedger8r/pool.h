/* A pool of allocations freed together.
 *
 * Every object of one parse (tokens' text, the tree, the import cache) lives
 * in one pool, so the first error can unwind the whole parse and free it in
 * one call without leaking. */
#ifndef KEEP_EDGER8R_POOL_H
#define KEEP_EDGER8R_POOL_H

#include <stddef.h>

typedef struct edl_pool edl_pool;

/* Returns a new empty pool, or NULL when out of memory. */
edl_pool *edl_pool_new(void);

/* Frees every allocation of the pool and the pool; accepts NULL. */
void edl_pool_free(edl_pool *pool);

/* Zeroed memory owned by the pool, or NULL when out of memory / too big. */
void *edl_pool_alloc(edl_pool *pool, size_t size);

/* Resizes a pool block (or allocates one, when ptr is NULL) to count * elem
 * bytes, like realloc: bytes beyond the old size are not initialised.
 * Returns NULL on overflow or when out of memory; the old block stays valid
 * and owned by the pool then. */
void *edl_pool_grow(edl_pool *pool, void *ptr, size_t count, size_t elem);

/* Failure injection for tests: after `count` more successful allocations,
 * every allocation of every pool fails until this is called with a negative
 * count (the default: never fail). Not thread-safe; tests only. */
void edl_pool_fail_after(long count);

/* A NUL-terminated copy of text[0..len), or NULL when out of memory. */
char *edl_pool_strndup(edl_pool *pool, const char *text, size_t len);

#endif
