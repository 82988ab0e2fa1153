/* liboedebugmalloc: allocation tracking for enclave code
 * (<openenclave/debugmalloc.h>).
 *
 * The enclave image is linked with -Bsymbolic, so the malloc family defined
 * here serves the enclave's own calls only; the C library's internal
 * allocations stay its own. Both go to the same underlying allocator,
 * found with dlsym(RTLD_DEFAULT) (the image is loaded RTLD_LOCAL, so that
 * finds the C library's, or a sanitizer's, never these), so a block may be
 * freed on either side. While tracking, each block the enclave allocates is
 * recorded in a hash table kept in the underlying allocator's memory.
 * The definitions are hidden: nothing outside the image sees them. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openenclave/debugmalloc.h>

#define BUCKETS 4096u
#define REPORT_LINE_MAX 80u

typedef struct record {
    void *ptr;
    size_t size;
    void *caller;
    struct record *next;
} record;

static struct {
    void *(*malloc)(size_t);
    void (*free)(void *);
    void *(*calloc)(size_t, size_t);
    void *(*realloc)(void *, size_t);
    int (*posix_memalign)(void **, size_t, size_t);
} real;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static record *buckets[BUCKETS];
static uint64_t live;
static int tracking;

/* Resolved before any enclave code runs: the image's constructors run at
 * load, this one first (priority 101). */
__attribute__((constructor(101))) static void resolve(void)
{
    real.malloc = (void *(*)(size_t))dlsym(RTLD_DEFAULT, "malloc");
    real.free = (void (*)(void *))dlsym(RTLD_DEFAULT, "free");
    real.calloc = (void *(*)(size_t, size_t))dlsym(RTLD_DEFAULT, "calloc");
    real.realloc = (void *(*)(void *, size_t))dlsym(RTLD_DEFAULT, "realloc");
    real.posix_memalign = (int (*)(void **, size_t, size_t))dlsym(RTLD_DEFAULT, "posix_memalign");
    if (!real.malloc || !real.free || !real.calloc || !real.realloc || !real.posix_memalign)
        abort(); /* no allocator to wrap: nothing can work */
}

/* For a call made before the constructor (another constructor of higher
 * priority): still single-threaded then, so resolving here is safe. */
static void ensure_resolved(void)
{
    if (__builtin_expect(!real.posix_memalign, 0))
        resolve();
}

static size_t bucket_of(const void *ptr)
{
    return ((uintptr_t)ptr >> 4) % BUCKETS;
}

static void remember(void *ptr, size_t size, void *caller)
{
    if (!ptr || !__atomic_load_n(&tracking, __ATOMIC_RELAXED))
        return;
    record *r = real.malloc(sizeof(*r));
    if (!r)
        return; /* tracking is best effort; the allocation itself succeeded */
    *r = (record){ptr, size, caller, NULL};
    pthread_mutex_lock(&lock);
    r->next = buckets[bucket_of(ptr)];
    buckets[bucket_of(ptr)] = r;
    live++;
    pthread_mutex_unlock(&lock);
}

static void forget(void *ptr)
{
    if (!ptr)
        return;
    pthread_mutex_lock(&lock);
    for (record **link = &buckets[bucket_of(ptr)]; *link; link = &(*link)->next) {
        if ((*link)->ptr == ptr) {
            record *gone = *link;
            *link = gone->next;
            live--;
            real.free(gone);
            break;
        }
    }
    pthread_mutex_unlock(&lock);
}

static void forget_all(void)
{
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < BUCKETS; i++) {
        while (buckets[i]) {
            record *gone = buckets[i];
            buckets[i] = gone->next;
            real.free(gone);
        }
    }
    live = 0;
    pthread_mutex_unlock(&lock);
}

void *malloc(size_t size)
{
    ensure_resolved();
    void *ptr = real.malloc(size);
    remember(ptr, size, __builtin_return_address(0));
    return ptr;
}

void *calloc(size_t nmemb, size_t size)
{
    ensure_resolved();
    void *ptr = real.calloc(nmemb, size);
    remember(ptr, nmemb * size, __builtin_return_address(0));
    return ptr;
}

void *realloc(void *old, size_t size)
{
    ensure_resolved();
    void *ptr = real.realloc(old, size);
    if (ptr || !size) {
        forget(old);
        remember(ptr, size, __builtin_return_address(0));
    }
    return ptr;
}

void free(void *ptr)
{
    ensure_resolved();
    forget(ptr);
    real.free(ptr);
}

int posix_memalign(void **memptr, size_t alignment, size_t size)
{
    ensure_resolved();
    int error = real.posix_memalign(memptr, alignment, size);
    if (!error)
        remember(*memptr, size, __builtin_return_address(0));
    return error;
}

void *aligned_alloc(size_t alignment, size_t size)
{
    ensure_resolved();
    void *ptr = NULL;
    int error = real.posix_memalign(&ptr, alignment, size);
    if (error) {
        errno = error;
        return NULL;
    }
    remember(ptr, size, __builtin_return_address(0));
    return ptr;
}

void *memalign(size_t alignment, size_t size)
{
    return aligned_alloc(alignment, size);
}

oe_result_t oe_debug_malloc_tracking_start(void)
{
    forget_all();
    __atomic_store_n(&tracking, 1, __ATOMIC_RELAXED);
    return OE_OK;
}

oe_result_t oe_debug_malloc_tracking_stop(void)
{
    __atomic_store_n(&tracking, 0, __ATOMIC_RELAXED);
    return OE_OK;
}

/* One line per live block, under the lock; the text is malloc'd by the
 * underlying allocator, so the caller's free() works on it. */
static char *describe(void)
{
    size_t capacity = (size_t)live * REPORT_LINE_MAX + REPORT_LINE_MAX;
    char *text = real.malloc(capacity);
    if (!text)
        return NULL;
    size_t used =
        (size_t)snprintf(text, capacity, "%llu live allocations\n", (unsigned long long)live);
    for (size_t i = 0; i < BUCKETS; i++)
        for (const record *r = buckets[i]; r && used < capacity; r = r->next)
            used += (size_t)snprintf(text + used, capacity - used,
                                     "  %zu bytes at %p, allocated from %p\n", r->size, r->ptr,
                                     r->caller);
    return text;
}

oe_result_t oe_debug_malloc_tracking_report(uint64_t *out_object_count, char **report)
{
    if (report)
        *report = NULL;
    if (!out_object_count)
        return OE_INVALID_PARAMETER;
    oe_result_t result = OE_OK;
    pthread_mutex_lock(&lock);
    *out_object_count = live;
    if (report && !(*report = describe()))
        result = OE_OUT_OF_MEMORY;
    pthread_mutex_unlock(&lock);
    return result;
}
