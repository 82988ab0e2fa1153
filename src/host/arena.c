/* Arena allocation: a first-fit bitmap allocator over 64-byte granules,
 * with next-fit search start so the common allocate/free pairs stay cheap. */
#define _GNU_SOURCE
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "arena.h"

/* Sets (value) or clears bits [first, first + count), a word at a time:
 * a 1 MiB block is 16384 granules. */
static void bits_set(uint64_t *bits, size_t first, size_t count, bool value)
{
    while (count) {
        size_t shift = first % 64;
        size_t n = 64 - shift < count ? 64 - shift : count;
        uint64_t mask = (n == 64 ? ~(uint64_t)0 : ((uint64_t)1 << n) - 1) << shift;
        if (value)
            bits[first / 64] |= mask;
        else
            bits[first / 64] &= ~mask;
        first += n;
        count -= n;
    }
}

static oe_result_t map_memory(keep_arena *arena, bool shared)
{
    int flags = MAP_SHARED;
    arena->memfd = -1;
    if (shared) {
        arena->memfd = memfd_create("keep-arena", MFD_CLOEXEC);
        if (arena->memfd < 0 || ftruncate(arena->memfd, (off_t)arena->size) != 0)
            return OE_OUT_OF_MEMORY;
    } else {
        flags |= MAP_ANONYMOUS;
    }
    void *base =
        mmap(NULL, arena->size, PROT_READ | PROT_WRITE, flags | MAP_NORESERVE, arena->memfd, 0);
    if (base == MAP_FAILED)
        return OE_OUT_OF_MEMORY;
    arena->base = base;
    return OE_OK;
}

/* The bookkeeping is sized for the whole arena (16 MiB of run lengths for
 * the default 256 MiB) but only the entries near live blocks are ever
 * touched, so it is mapped directly: pages are zero on first touch and
 * untouched ones cost nothing. calloc() would, once glibc's mmap threshold
 * has risen past the size (it does after the first enclave is freed),
 * memset all of it on every enclave creation. */
static size_t used_size(const keep_arena *arena)
{
    return (arena->granules + 63) / 64 * sizeof(uint64_t);
}

static size_t run_size(const keep_arena *arena)
{
    return arena->granules * sizeof(uint32_t);
}

static void *map_bookkeeping(size_t size)
{
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

oe_result_t keep_arena_init(keep_arena *arena, size_t size, bool shared)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    memset(arena, 0, sizeof(*arena));
    arena->memfd = -1;
    if (!size || size > ((size_t)1 << 40))
        return OE_INVALID_PARAMETER;
    arena->size = (size + page - 1) / page * page;
    arena->granules = arena->size / KEEP_ARENA_GRANULE;
    arena->used = map_bookkeeping(used_size(arena));
    arena->run = map_bookkeeping(run_size(arena));
    oe_result_t result = OE_OUT_OF_MEMORY;
    if (arena->used && arena->run)
        result = map_memory(arena, shared);
    if (result != OE_OK) {
        keep_arena_fini(arena);
        return result;
    }
    pthread_mutex_init(&arena->lock, NULL);
    return OE_OK;
}

void keep_arena_fini(keep_arena *arena)
{
    if (arena->base) {
        munmap(arena->base, arena->size);
        pthread_mutex_destroy(&arena->lock);
    }
    if (arena->memfd >= 0)
        close(arena->memfd);
    if (arena->used)
        munmap(arena->used, used_size(arena));
    if (arena->run)
        munmap(arena->run, run_size(arena));
    memset(arena, 0, sizeof(*arena));
    arena->memfd = -1;
}

/* Finds `count` free granules from `start` (the first such run), or
 * returns SIZE_MAX. Skips whole free and used stretches of a word at once;
 * bits past the last granule are never set. */
static size_t find_free_run(const keep_arena *arena, size_t start, size_t count)
{
    size_t run = 0, run_start = start;
    for (size_t i = start; i < arena->granules;) {
        size_t avail = 64 - i % 64;
        if (avail > arena->granules - i)
            avail = arena->granules - i;
        uint64_t word = arena->used[i / 64] >> (i % 64);
        size_t free_bits = word ? (size_t)__builtin_ctzll(word) : avail;
        if (free_bits) {
            if (!run)
                run_start = i;
            run += free_bits;
            if (run >= count)
                return run_start;
            i += free_bits;
            continue;
        }
        /* Bit i is used: skip the used bits that follow it in this word. */
        uint64_t unused = ~word;
        i += unused ? (size_t)__builtin_ctzll(unused) : 64;
        run = 0;
    }
    return SIZE_MAX;
}

/* run[] holds a block's length in granules, with the owner in the top two
 * bits. */
#define RUN_OWNER_SHIFT 30u
#define RUN_LENGTH_MAX ((uint32_t)1 << RUN_OWNER_SHIFT)
#define RUN_LENGTH(RUN) ((RUN) & (RUN_LENGTH_MAX - 1))
#define RUN_OWNER(RUN) ((keep_arena_owner)((RUN) >> RUN_OWNER_SHIFT))

void *keep_arena_alloc_owned(keep_arena *arena, size_t size, keep_arena_owner owner)
{
    if (!size || size > arena->size || size / KEEP_ARENA_GRANULE >= RUN_LENGTH_MAX)
        return NULL;
    size_t count = (size + KEEP_ARENA_GRANULE - 1) / KEEP_ARENA_GRANULE;
    pthread_mutex_lock(&arena->lock);
    size_t first = find_free_run(arena, arena->next, count);
    if (first == SIZE_MAX && arena->next)
        first = find_free_run(arena, 0, count);
    void *ptr = NULL;
    if (first != SIZE_MAX) {
        bits_set(arena->used, first, count, true);
        arena->run[first] = (uint32_t)count | (uint32_t)owner << RUN_OWNER_SHIFT;
        arena->next = first + count < arena->granules ? first + count : 0;
        ptr = arena->base + first * KEEP_ARENA_GRANULE;
    }
    pthread_mutex_unlock(&arena->lock);
    return ptr;
}

/* Returns the first granule of the live block of `owner` at `ptr`, or
 * SIZE_MAX. */
static size_t block_index(const keep_arena *arena, const void *ptr, keep_arena_owner owner)
{
    if (!keep_arena_contains(arena, ptr, 1))
        return SIZE_MAX;
    size_t offset = (size_t)((const uint8_t *)ptr - arena->base);
    size_t index = offset / KEEP_ARENA_GRANULE;
    if (offset % KEEP_ARENA_GRANULE || !arena->run[index])
        return SIZE_MAX;
    if (RUN_OWNER(arena->run[index]) != owner)
        return SIZE_MAX;
    return index;
}

size_t keep_arena_block_size(keep_arena *arena, const void *ptr, keep_arena_owner owner)
{
    /* Every ECALL asks (calls.c): one from host memory takes no lock. The
     * arena's bounds never change after keep_arena_init. */
    if (!keep_arena_contains(arena, ptr, 1))
        return 0;
    pthread_mutex_lock(&arena->lock);
    size_t index = block_index(arena, ptr, owner);
    size_t size =
        index == SIZE_MAX ? 0 : (size_t)RUN_LENGTH(arena->run[index]) * KEEP_ARENA_GRANULE;
    pthread_mutex_unlock(&arena->lock);
    return size;
}

bool keep_arena_free_owned(keep_arena *arena, void *ptr, keep_arena_owner owner)
{
    if (!ptr)
        return true;
    pthread_mutex_lock(&arena->lock);
    size_t index = block_index(arena, ptr, owner);
    if (index != SIZE_MAX) {
        bits_set(arena->used, index, RUN_LENGTH(arena->run[index]), false);
        arena->run[index] = 0;
        if (index < arena->next)
            arena->next = index;
    }
    pthread_mutex_unlock(&arena->lock);
    return index != SIZE_MAX;
}

void *keep_arena_realloc_owned(keep_arena *arena, void *ptr, size_t size, keep_arena_owner owner)
{
    if (!ptr)
        return keep_arena_alloc_owned(arena, size, owner);
    size_t old_size = keep_arena_block_size(arena, ptr, owner);
    if (!old_size)
        return NULL;
    if (size && size <= old_size)
        return ptr;
    void *fresh = keep_arena_alloc_owned(arena, size, owner);
    if (fresh) {
        memcpy(fresh, ptr, old_size);
        keep_arena_free_owned(arena, ptr, owner);
    }
    return fresh;
}

void *keep_arena_alloc(keep_arena *arena, size_t size)
{
    return keep_arena_alloc_owned(arena, size, KEEP_ARENA_HOST);
}

bool keep_arena_free(keep_arena *arena, void *ptr)
{
    return keep_arena_free_owned(arena, ptr, KEEP_ARENA_HOST);
}

void *keep_arena_realloc(keep_arena *arena, void *ptr, size_t size)
{
    return keep_arena_realloc_owned(arena, ptr, size, KEEP_ARENA_HOST);
}

bool keep_arena_contains(const keep_arena *arena, const void *ptr, size_t size)
{
    uintptr_t start = (uintptr_t)ptr, base = (uintptr_t)arena->base;
    if (!ptr || start < base)
        return false;
    size_t offset = start - base;
    return offset <= arena->size && size <= arena->size - offset;
}
