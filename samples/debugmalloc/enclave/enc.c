// The enclave side of debugmalloc: finds the blocks it has not freed.
#include <openenclave/advanced/allocator.h>
#include <openenclave/advanced/mallinfo.h>
#include <openenclave/debugmalloc.h>
#include <openenclave/enclave.h>
#include <stdio.h>
#include <stdlib.h>

#include "debugmalloc_t.h"

// Where the blocks live meanwhile: a compiler may drop a malloc/free pair
// whose memory nothing else sees.
static char* volatile blocks[3];

uint64_t enclave_leak_check(void)
{
    uint64_t live = 0, after = 0;
    char* report = NULL;
    oe_debug_malloc_tracking_start();
    blocks[0] = malloc(100);
    blocks[1] = calloc(4, 50);
    blocks[2] = malloc(300);
    free(blocks[1]);
    if (oe_debug_malloc_tracking_report(&live, &report) == OE_OK && report)
        printf("enclave: %s", report);
    free(report);
    free(blocks[0]);
    free(blocks[2]);
    if (oe_debug_malloc_tracking_report(&after, NULL) == OE_OK)
        printf("enclave: %llu live allocations after freeing the rest\n",
               (unsigned long long)after);
    oe_debug_malloc_tracking_stop();

    // The allocator hooks' defaults and the heap statistics.
    oe_mallinfo_t info;
    void* block = oe_allocator_malloc(64);
    int info_ok = block && oe_allocator_mallinfo(&info) == OE_OK &&
                  info.current_allocated_heap_size <= info.peak_allocated_heap_size;
    oe_allocator_free(block);
    if (info_ok)
        printf("enclave: heap of %zu bytes (NumHeapPages)\n", info.max_total_heap_size);
    return after == 0 && info_ok ? live : UINT64_MAX;
}
