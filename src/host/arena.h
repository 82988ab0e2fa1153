/* The arena: memory shared between the host and one enclave, where every
 * buffer that crosses the boundary lives. Its bookkeeping stays in host
 * memory, so nothing the enclave writes into the arena can corrupt it. */
#ifndef KEEP_ARENA_H
#define KEEP_ARENA_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openenclave/bits/result.h>

#define KEEP_ARENA_GRANULE 64u
#define KEEP_ARENA_DEFAULT_SIZE ((size_t)256 << 20)

typedef struct keep_arena {
    uint8_t *base;
    size_t size;
    int memfd;          /* the shared mapping's file (sandbox), or -1 */
    size_t granules;
    uint64_t *used;     /* one bit per granule */
    uint32_t *run;      /* at a block's first granule: its length in granules */
    size_t next;        /* where the next search starts */
    pthread_mutex_t lock;
} keep_arena;

/* Maps a new arena of `size` bytes (rounded up to pages). With `shared`,
 * the memory is a memfd another process can map too. */
oe_result_t keep_arena_init(keep_arena *arena, size_t size, bool shared)
    __attribute__((warn_unused_result));

/* Unmaps the arena; accepts a zeroed or already finished arena. */
void keep_arena_fini(keep_arena *arena);

/* Allocates `size` bytes aligned to 64, or returns NULL. */
void *keep_arena_alloc(keep_arena *arena, size_t size);

/* Frees a block from keep_arena_alloc; NULL is ignored. Returns false (and
 * changes nothing) when `ptr` is not the start of a live block. */
bool keep_arena_free(keep_arena *arena, void *ptr);

/* Resizes a block like realloc(). */
void *keep_arena_realloc(keep_arena *arena, void *ptr, size_t size);

/* True when [ptr, ptr+size) lies within the arena. */
bool keep_arena_contains(const keep_arena *arena, const void *ptr, size_t size);

#endif
