/* free() for the host memory enclaves hand out.
 *
 * An enclave's oe_host_malloc() memory is a block of its arena, not of the
 * C heap, yet OE code commonly hands such a block to the host, which frees
 * it with free() (OE's own edger8r guide does). So liboehost defines free():
 * a pointer inside a registered arena is freed there; anything else goes to
 * the allocator that free() would otherwise have reached (dlsym(RTLD_NEXT):
 * the C library's, or a preloaded one). The blocks live as long as their
 * enclave: oe_terminate_enclave() releases its arena, blocks and all (an
 * enclave that keeps host memory of its own, as host I/O does, would
 * otherwise pin its arena for the life of the process). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "host_log.h"
#include "host_memory.h"

#define ARENAS_MAX 1024

typedef struct arena_slot {
    _Atomic(uintptr_t) base; /* 0: an empty slot */
    _Atomic(size_t) size;
    keep_arena *arena; /* under registry_lock */
} arena_slot;

static arena_slot slots[ARENAS_MAX];
static _Atomic(size_t) slots_used; /* high-water mark */
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;

/* free() runs before AddressSanitizer has mapped its shadow memory (its
 * start-up frees through us), so the code on free()'s way is not
 * instrumented for it. */
#define NOT_INSTRUMENTED __attribute__((no_sanitize("address")))

typedef void (*free_fn)(void *);
extern void __libc_free(void *ptr);

/* The free() this one stands in front of, found on first use. dlsym may
 * free scratch memory of its own meanwhile: that is left alone (once).
 * `resolving` is volatile because the compiler takes free() for the C
 * library's, which could not come back here during dlsym. */
NOT_INSTRUMENTED static void next_free(void *ptr)
{
    static _Atomic(free_fn) next;
    static _Thread_local volatile bool resolving;
    free_fn f = atomic_load_explicit(&next, memory_order_acquire);
    if (!f) {
        if (resolving)
            return;
        resolving = true;
        void *symbol = dlsym(RTLD_NEXT, "free");
        resolving = false;
        memcpy(&f, &symbol, sizeof(f));
        if (!f)
            f = __libc_free;
        atomic_store_explicit(&next, f, memory_order_release);
    }
    f(ptr);
}

NOT_INSTRUMENTED static bool slot_holds(const arena_slot *slot, uintptr_t p)
{
    uintptr_t base = atomic_load_explicit(&slot->base, memory_order_acquire);
    return base && p >= base && p - base < atomic_load_explicit(&slot->size, memory_order_relaxed);
}

/* The slot whose arena holds `p`, or NULL (under registry_lock for a
 * stable answer; without it, a hint). */
NOT_INSTRUMENTED static arena_slot *slot_of(const void *p)
{
    size_t used = atomic_load_explicit(&slots_used, memory_order_acquire);
    for (size_t i = 0; i < used; i++)
        if (slot_holds(&slots[i], (uintptr_t)p))
            return &slots[i];
    return NULL;
}

static void clear_slot(arena_slot *slot)
{
    atomic_store_explicit(&slot->base, 0, memory_order_release);
    slot->arena = NULL;
}

oe_result_t keep_host_memory_register(keep_arena *arena)
{
    oe_result_t result = OE_OUT_OF_MEMORY;
    pthread_mutex_lock(&registry_lock);
    size_t used = atomic_load(&slots_used);
    for (size_t i = 0; i < ARENAS_MAX && result != OE_OK; i++) {
        if (i < used && atomic_load(&slots[i].base))
            continue;
        slots[i].arena = arena;
        atomic_store(&slots[i].size, arena->size);
        atomic_store_explicit(&slots[i].base, (uintptr_t)arena->base, memory_order_release);
        if (i >= used)
            atomic_store_explicit(&slots_used, i + 1, memory_order_release);
        result = OE_OK;
    }
    pthread_mutex_unlock(&registry_lock);
    if (result != OE_OK)
        keep_error("more than %d enclaves at once in this process", ARENAS_MAX);
    return result;
}

void keep_host_memory_release(keep_arena *arena)
{
    pthread_mutex_lock(&registry_lock);
    arena_slot *slot = arena->base ? slot_of(arena->base) : NULL;
    if (slot && slot->arena == arena)
        clear_slot(slot);
    pthread_mutex_unlock(&registry_lock);
    keep_arena_fini(arena);
}

/* free() of a pointer that seemed to lie in an arena (checked again here,
 * under the lock that keeps the arena from going meanwhile). */
static void free_in_arena(void *ptr)
{
    pthread_mutex_lock(&registry_lock);
    arena_slot *slot = slot_of(ptr);
    bool freed = slot && keep_arena_free_owned(slot->arena, ptr, KEEP_ARENA_ENCLAVE);
    pthread_mutex_unlock(&registry_lock);
    if (!slot) /* the arena went meanwhile: the address is the heap's again */
        next_free(ptr);
    else if (!freed)
        keep_error("free(%p): not the start of a block an enclave allocated with "
                   "oe_host_malloc; left alone",
                   ptr);
}

/* Weak: an application that links its own free() (a static allocator)
 * keeps it and links without a clash; the host's free() then does not
 * release enclave memory, and oe_host_free in the enclave still does. */
NOT_INSTRUMENTED __attribute__((weak)) void free(void *ptr)
{
    if (ptr && atomic_load_explicit(&slots_used, memory_order_relaxed) && slot_of(ptr))
        free_in_arena(ptr);
    else
        next_free(ptr);
}
