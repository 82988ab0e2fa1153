/* Allocation tracking in enclaves, as Open Enclave's <openenclave/debugmalloc.h>.
 * Link the enclave with liboedebugmalloc (-loedebugmalloc, or
 * openenclave::oedebugmalloc in CMake). */
#ifndef _OE_DEBUGMALLOC_H
#define _OE_DEBUGMALLOC_H

#include "bits/defs.h"
#include "bits/result.h"
#include "bits/types.h"

OE_EXTERNC_BEGIN

/* Starts recording the enclave's live allocations (malloc, calloc,
 * realloc, posix_memalign, aligned_alloc, memalign made by enclave code),
 * forgetting any earlier record. */
oe_result_t oe_debug_malloc_tracking_start(void);

/* Stops recording new allocations; frees still clear their records. */
oe_result_t oe_debug_malloc_tracking_stop(void);

/* The number of recorded allocations still live, and (if `report` is not
 * NULL) a description of each, which the caller frees with free(). */
oe_result_t oe_debug_malloc_tracking_report(uint64_t* out_object_count, char** report);

OE_EXTERNC_END

#endif
