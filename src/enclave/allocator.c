/* OE's pluggable allocator hooks and oe_allocator_mallinfo, defined weakly
 * so an enclave's own definitions win (<openenclave/advanced/allocator.h>).
 * These defaults forward to the C library's allocator, which is the one
 * Keep enclaves use. */
#include <malloc.h>
#include <stdlib.h>

#include <openenclave/advanced/allocator.h>
#include <openenclave/advanced/mallinfo.h>

#include "enclave_state.h"

#define KEEP_WEAK __attribute__((weak))

KEEP_WEAK void oe_allocator_init(void *heap_start_address, void *heap_end_address)
{
    (void)heap_start_address;
    (void)heap_end_address;
}

KEEP_WEAK void oe_allocator_cleanup(void)
{
}
KEEP_WEAK void oe_allocator_thread_init(void)
{
}
KEEP_WEAK void oe_allocator_thread_cleanup(void)
{
}

KEEP_WEAK void *oe_allocator_malloc(size_t size)
{
    return malloc(size);
}

KEEP_WEAK void oe_allocator_free(void *ptr)
{
    free(ptr);
}

KEEP_WEAK void *oe_allocator_calloc(size_t nmemb, size_t size)
{
    return calloc(nmemb, size);
}

KEEP_WEAK void *oe_allocator_realloc(void *ptr, size_t size)
{
    return realloc(ptr, size);
}

KEEP_WEAK void *oe_allocator_aligned_alloc(size_t alignment, size_t size)
{
    return aligned_alloc(alignment, size);
}

KEEP_WEAK int oe_allocator_posix_memalign(void **memptr, size_t alignment, size_t size)
{
    return posix_memalign(memptr, alignment, size);
}

KEEP_WEAK size_t oe_allocator_malloc_usable_size(void *ptr)
{
    return malloc_usable_size(ptr);
}

/* The C library's count of bytes in use (small blocks and mmapped ones);
 * the peak is the largest count any call has seen. */
KEEP_WEAK oe_result_t oe_allocator_mallinfo(oe_mallinfo_t *info)
{
    static size_t peak;
    if (!info)
        return OE_INVALID_PARAMETER;
    struct mallinfo2 stats = mallinfo2();
    size_t current = stats.uordblks + stats.hblkhd;
    size_t seen = __atomic_load_n(&peak, __ATOMIC_RELAXED);
    while (current > seen && !__atomic_compare_exchange_n(&peak, &seen, current, true,
                                                          __ATOMIC_RELAXED, __ATOMIC_RELAXED))
        ;
    *info = (oe_mallinfo_t){
        .max_total_heap_size =
            (size_t)oe_enclave_properties_sgx.header.size_settings.num_heap_pages * OE_PAGE_SIZE,
        .current_allocated_heap_size = current,
        .peak_allocated_heap_size = current > seen ? current : seen,
    };
    return OE_OK;
}
