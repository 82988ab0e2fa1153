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
    int memfd; /* the shared mapping's file (sandbox), or -1 */
    size_t granules;
    uint64_t *used; /* one bit per granule */
    uint32_t *run;  /* at a block's first granule: its length in granules */
    size_t next;    /* where the next search starts */
    pthread_mutex_t lock;
} keep_arena;

/* Maps a new arena of `size` bytes (rounded up to pages). With `shared`,
 * the memory is a memfd another process can map too. */
oe_result_t keep_arena_init(keep_arena *arena, size_t size, bool shared)
    __attribute__((warn_unused_result));

/* Unmaps the arena; accepts a zeroed or already finished arena. */
void keep_arena_fini(keep_arena *arena);

/* Who may free or resize a block. The enclave may only name blocks that were
 * allocated for it (oe_host_malloc, buffers it is handed to free): never the
 * host's own staging buffers, slots or scratch regions, which the host still
 * uses. */
typedef enum keep_arena_owner {
    KEEP_ARENA_HOST = 0,
    KEEP_ARENA_ENCLAVE = 1,
    /* A generated host wrapper's marshalling buffer (see calls.c): the host
     * owns it, and the ECALL runs on it in place instead of on a copy. */
    KEEP_ARENA_CALL = 2,
} keep_arena_owner;

/* Allocates `size` bytes aligned to 64 for `owner`, or returns NULL. */
void *keep_arena_alloc_owned(keep_arena *arena, size_t size, keep_arena_owner owner);

/* Frees a block of `owner`; NULL is ignored. Returns false (and changes
 * nothing) when `ptr` is not the start of a live block of that owner. */
bool keep_arena_free_owned(keep_arena *arena, void *ptr, keep_arena_owner owner);

/* Resizes a block of `owner` like realloc(); NULL when `ptr` is not one. */
void *keep_arena_realloc_owned(keep_arena *arena, void *ptr, size_t size, keep_arena_owner owner);

/* The size in bytes of the live block of `owner` that starts at `ptr`, or 0
 * when there is none. */
size_t keep_arena_block_size(keep_arena *arena, const void *ptr, keep_arena_owner owner);

/* The same for the host's own blocks. */
void *keep_arena_alloc(keep_arena *arena, size_t size);
bool keep_arena_free(keep_arena *arena, void *ptr);
void *keep_arena_realloc(keep_arena *arena, void *ptr, size_t size);

/* True when [ptr, ptr+size) lies within the arena. */
bool keep_arena_contains(const keep_arena *arena, const void *ptr, size_t size);

#endif
