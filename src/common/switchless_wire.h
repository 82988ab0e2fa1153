/* Switchless calls: what the host and the enclave share in the arena.
 *
 * One keep_switchless_area per enclave, allocated by the host in the arena
 * when the enclave is created with OE_ENCLAVE_SETTING_CONTEXT_SWITCHLESS.
 * It holds one slot per host worker (switchless OCALLs, enclave -> host) and
 * then one slot per enclave worker (switchless ECALLs, host -> enclave).
 *
 * Each slot belongs to exactly one worker, which waits on it (spin, then
 * futex: slot.h). A caller takes a slot with IDLE -> CLAIMED, fills the
 * request fields, publishes REQUEST, and waits; the worker runs the call,
 * publishes DONE; the caller reads the answer and publishes IDLE. Every
 * transition is a compare-and-swap, except STOP, which the host stores
 * unconditionally when it ends the workers, so nothing can overwrite it.
 *
 * The enclave learns the area's address from KEEP_ECALL_SWITCHLESS_INIT
 * (function_id = address) and copies the header's counts once; an enclave
 * worker is a KEEP_ECALL_SWITCHLESS_WORKER ECALL (function_id = its slot's
 * index among the enclave-worker slots) that returns only on STOP. Both
 * sides treat everything the other writes here as untrusted. */
#ifndef KEEP_SWITCHLESS_WIRE_H
#define KEEP_SWITCHLESS_WIRE_H

#include <stdint.h>

#include "sandbox_channel.h"

#define KEEP_SWITCHLESS_MAGIC 0x4b45455053574c53ull /* "KEEPSWLS" */
/* Hard limit on either kind of worker, whatever NumTCS says. */
#define KEEP_SWITCHLESS_MAX_WORKERS 64u

enum keep_switchless_state {
    KEEP_SWITCHLESS_IDLE = 0,
    KEEP_SWITCHLESS_CLAIMED = 1,
    KEEP_SWITCHLESS_REQUEST = 2,
    KEEP_SWITCHLESS_DONE = 3,
    KEEP_SWITCHLESS_STOP = 4,
};

/* A slot has the layout of a sandbox slot (state, sleepers, kind, result,
 * function_id, in, in_size, out, out_size, written), so slot.h's waiting
 * works on both. `kind` is unused (always a user call). */
typedef keep_sandbox_slot keep_switchless_slot;

typedef struct keep_switchless_area {
    uint64_t magic;
    uint32_t host_workers;    /* OCALL slots, first */
    uint32_t enclave_workers; /* ECALL slots, after them */
    uint8_t reserved[112];
    keep_switchless_slot slots[]; /* host_workers + enclave_workers */
} keep_switchless_area;

_Static_assert(sizeof(keep_switchless_area) == 128, "header is two cache lines");
_Static_assert(sizeof(keep_switchless_slot) == 128, "slots are two cache lines");

#endif
