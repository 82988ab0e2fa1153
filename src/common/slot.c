/* See slot.h. The shared arena is mapped MAP_SHARED in two processes, so
 * the futex operations are the shared (non-private) kind. */
#include <limits.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "slot.h"
#include "spin.h"

uint32_t keep_slot_state(const keep_sandbox_slot *slot)
{
    return __atomic_load_n(&slot->state, __ATOMIC_ACQUIRE);
}

void keep_slot_publish(keep_sandbox_slot *slot, uint32_t state)
{
    __atomic_store_n(&slot->state, state, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&slot->sleepers, __ATOMIC_SEQ_CST))
        syscall(SYS_futex, &slot->state, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}

typedef struct slot_wait {
    keep_sandbox_slot *slot;
    uint32_t old, state;
} slot_wait;

static bool state_changed(void *ctx)
{
    slot_wait *w = ctx;
    w->state = keep_slot_state(w->slot);
    return w->state != w->old;
}

uint32_t keep_slot_wait_change(keep_sandbox_slot *slot, uint32_t old)
{
    slot_wait w = {slot, old, old};
    if (keep_spin_until(KEEP_SPIN_NS, state_changed, &w))
        return w.state;
    uint32_t state;
    __atomic_fetch_add(&slot->sleepers, 1, __ATOMIC_SEQ_CST);
    while ((state = __atomic_load_n(&slot->state, __ATOMIC_SEQ_CST)) == old)
        syscall(SYS_futex, &slot->state, FUTEX_WAIT, old, NULL, NULL, 0);
    __atomic_fetch_sub(&slot->sleepers, 1, __ATOMIC_SEQ_CST);
    return state;
}
