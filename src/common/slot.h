/* Waiting for and publishing slot states (see sandbox_channel.h): spin
 * briefly, because the other side usually answers within microseconds, then
 * sleep on a futex so that an idle enclave costs no CPU. */
#ifndef KEEP_SLOT_H
#define KEEP_SLOT_H

#include "sandbox_channel.h"

/* Reads the slot's state (acquire). */
uint32_t keep_slot_state(const keep_sandbox_slot *slot);

/* Publishes `state` (release) and wakes the other side if it sleeps. */
void keep_slot_publish(keep_sandbox_slot *slot, uint32_t state);

/* Waits until the state differs from `old` and returns the new state. */
uint32_t keep_slot_wait_change(keep_sandbox_slot *slot, uint32_t old);

#endif
