/* Pluggable allocator hooks, as Open Enclave's <openenclave/advanced/allocator.h>.
 *
 * An OE enclave may define these to replace the enclave's allocator.
 * liboeenclave defines them weakly, forwarding to the C library, so code
 * that calls them works and an enclave may still define its own. Keep's
 * enclaves use the platform C library's malloc, which does not route
 * through the hooks (docs/oe-compatibility.md). */
#ifndef _OE_ADVANCED_ALLOCATOR_H
#define _OE_ADVANCED_ALLOCATOR_H

#include "../bits/defs.h"
#include "../bits/types.h"

OE_EXTERNC_BEGIN

void oe_allocator_init(void* heap_start_address, void* heap_end_address);
void oe_allocator_cleanup(void);
void oe_allocator_thread_init(void);
void oe_allocator_thread_cleanup(void);
void* oe_allocator_malloc(size_t size);
void oe_allocator_free(void* ptr);
void* oe_allocator_calloc(size_t nmemb, size_t size);
void* oe_allocator_realloc(void* ptr, size_t size);
void* oe_allocator_aligned_alloc(size_t alignment, size_t size);
int oe_allocator_posix_memalign(void** memptr, size_t alignment, size_t size);
size_t oe_allocator_malloc_usable_size(void* ptr);

OE_EXTERNC_END

#endif
