/* See switchless.h. The slot's `state` is a futex word shared with the
 * other side; waiting reuses slot.h (spin briefly, then sleep). */
#include <limits.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "slot.h"
#include "switchless.h"

static void wake(keep_switchless_slot *slot)
{
    if (__atomic_load_n(&slot->sleepers, __ATOMIC_SEQ_CST))
        syscall(SYS_futex, &slot->state, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}

bool keep_switchless_move(keep_switchless_slot *slot, uint32_t from, uint32_t to)
{
    uint32_t expected = from;
    if (!__atomic_compare_exchange_n(&slot->state, &expected, to, false, __ATOMIC_SEQ_CST,
                                     __ATOMIC_SEQ_CST))
        return false;
    wake(slot);
    return true;
}

keep_switchless_slot *keep_switchless_claim(keep_switchless_slot *slots, uint32_t count)
{
    for (uint32_t i = 0; i < count; i++) {
        keep_switchless_slot *slot = &slots[i];
        if (keep_slot_state(slot) == KEEP_SWITCHLESS_IDLE &&
            keep_switchless_move(slot, KEEP_SWITCHLESS_IDLE, KEEP_SWITCHLESS_CLAIMED))
            return slot;
    }
    return NULL;
}

uint32_t keep_switchless_wait_request(keep_switchless_slot *slot)
{
    uint32_t state = keep_slot_state(slot);
    for (;;) {
        if (state == KEEP_SWITCHLESS_REQUEST)
            return state;
        if (state >= KEEP_SWITCHLESS_STOP)
            return KEEP_SWITCHLESS_STOP;
        state = keep_slot_wait_change(slot, state);
    }
}

uint32_t keep_switchless_wait_answer(keep_switchless_slot *slot)
{
    return keep_slot_wait_change(slot, KEEP_SWITCHLESS_REQUEST);
}

void keep_switchless_stop_slot(keep_switchless_slot *slot)
{
    keep_slot_publish(slot, KEEP_SWITCHLESS_STOP);
}

bool keep_switchless_call(keep_switchless_slot *slots, uint32_t count, uint64_t function_id,
                          const void *in, size_t in_size, void *out, size_t out_size,
                          size_t *out_written, bool *answered, oe_result_t *result)
{
    *answered = false;
    keep_switchless_slot *slot = keep_switchless_claim(slots, count);
    if (!slot)
        return false;
    slot->function_id = function_id;
    slot->in = (uint64_t)(uintptr_t)in;
    slot->in_size = in_size;
    slot->out = (uint64_t)(uintptr_t)out;
    slot->out_size = out_size;
    slot->written = 0;
    if (!keep_switchless_move(slot, KEEP_SWITCHLESS_CLAIMED, KEEP_SWITCHLESS_REQUEST))
        return false; /* stopped meanwhile: the regular path */
    if (keep_switchless_wait_answer(slot) != KEEP_SWITCHLESS_DONE)
        return true;
    *answered = true;
    *result = (oe_result_t)__atomic_load_n(&slot->result, __ATOMIC_RELAXED);
    *out_written = (size_t)__atomic_load_n(&slot->written, __ATOMIC_RELAXED);
    keep_switchless_move(slot, KEEP_SWITCHLESS_DONE, KEEP_SWITCHLESS_IDLE);
    return true;
}
