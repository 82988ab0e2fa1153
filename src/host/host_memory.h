/* The arenas of this process's enclaves, as the host's free() sees them
 * (host_memory.c): memory an enclave allocated with oe_host_malloc may be
 * freed by the host with free(), as OE allows. */
#ifndef KEEP_HOST_MEMORY_H
#define KEEP_HOST_MEMORY_H

#include "arena.h"

/* Makes free() recognise blocks of `arena` (mapped, not yet used).
 * OE_OUT_OF_MEMORY when too many arenas are registered. */
oe_result_t keep_host_memory_register(keep_arena *arena) __attribute__((warn_unused_result));

/* Forgets `arena` and unmaps it (keep_arena_fini). */
void keep_host_memory_release(keep_arena *arena);

#endif
