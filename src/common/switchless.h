/* The switchless protocol's steps that the host and the enclave share
 * (switchless_wire.h): claiming a slot, waiting for a request, moving a
 * slot from one state to the next. */
#ifndef KEEP_SWITCHLESS_H
#define KEEP_SWITCHLESS_H

#include <stdbool.h>
#include <stddef.h>

#include <openenclave/bits/result.h>

#include "switchless_wire.h"

/* Takes the first IDLE slot of `slots[0..count)` (IDLE -> CLAIMED); NULL
 * when every slot is busy. Always searching from the first slot keeps a
 * lone caller on one worker, which is still spinning from its last call,
 * while the others go to sleep and leave the CPUs alone. */
keep_switchless_slot *keep_switchless_claim(keep_switchless_slot *slots, uint32_t count);

/* Moves the slot from `from` to `to` and wakes its waiters; false (and no
 * change) when the state was not `from`. */
bool keep_switchless_move(keep_switchless_slot *slot, uint32_t from, uint32_t to);

/* A worker's wait: returns once the state is REQUEST or STOP (a state
 * outside the protocol counts as STOP). */
uint32_t keep_switchless_wait_request(keep_switchless_slot *slot);

/* A caller's wait after publishing REQUEST: returns the next state (DONE
 * unless the workers were stopped or the other side broke the protocol). */
uint32_t keep_switchless_wait_answer(keep_switchless_slot *slot);

/* One switchless call, as caller: claims a free slot of slots[0..count),
 * fills it, publishes REQUEST and waits. Returns false when no worker took
 * the call (nothing changed: take the regular path). Otherwise true, with
 * *answered false when the workers stopped before answering, or true with
 * the worker's *result and *out_written. */
bool keep_switchless_call(keep_switchless_slot *slots, uint32_t count, uint64_t function_id,
                          const void *in, size_t in_size, void *out, size_t out_size,
                          size_t *out_written, bool *answered, oe_result_t *result);

/* Stores STOP whatever the state and wakes the slot's waiters. */
void keep_switchless_stop_slot(keep_switchless_slot *slot);

#endif
