/* Heap statistics, as Open Enclave's <openenclave/advanced/mallinfo.h>. */
#ifndef _OE_ADVANCED_MALLINFO_H
#define _OE_ADVANCED_MALLINFO_H

#include "../bits/defs.h"
#include "../bits/result.h"
#include "../bits/types.h"

OE_EXTERNC_BEGIN

typedef struct _oe_mallinfo {
    size_t max_total_heap_size;         /* NumHeapPages, in bytes */
    size_t current_allocated_heap_size; /* bytes in use now */
    size_t peak_allocated_heap_size;    /* most in use at any call so far */
} oe_mallinfo_t;

/* Fills `info`; OE_INVALID_PARAMETER for NULL. Weak in liboeenclave, so a
 * pluggable allocator may provide its own. */
oe_result_t oe_allocator_mallinfo(oe_mallinfo_t* info);

OE_EXTERNC_END

#endif
