/* See slot.h. The shared arena is mapped MAP_SHARED in two processes, so
 * the futex operations are the shared (non-private) kind. */
#include <limits.h>
#include <sched.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "slot.h"

/* How long a waiter polls before it sleeps. Bounded by time, not by a count
 * of `pause`s: one pause costs from a few ns to ~60 ns (measured on a KVM
 * guest), so a fixed count can mean anything. Long enough to cover a call
 * that moves a megabyte (~60 us here), because waking a sleeper on an idle
 * virtual CPU costs ~40 us. Past the first clock read (~1 us) the poll also
 * yields, so that on a machine with more runnable threads than cores the
 * spinner does not hold the core the other side needs in order to answer. */
#define KEEP_SLOT_SPIN_NS 100000
/* Pauses between two clock reads (CLOCK_MONOTONIC is a vDSO call). */
#define KEEP_SLOT_SPIN_CHECK 16

static uint64_t monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void cpu_relax(void)
{
#if defined(__x86_64__)
    __builtin_ia32_pause();
#endif
}

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

uint32_t keep_slot_wait_change(keep_sandbox_slot *slot, uint32_t old)
{
    uint32_t state;
    uint64_t deadline = 0;
    for (unsigned i = 1;; i++) {
        state = keep_slot_state(slot);
        if (state != old)
            return state;
        cpu_relax();
        if (i % KEEP_SLOT_SPIN_CHECK)
            continue;
        uint64_t now = monotonic_ns();
        if (!deadline)
            deadline = now + KEEP_SLOT_SPIN_NS;
        else if (now >= deadline)
            break;
        else
            sched_yield();
    }
    __atomic_fetch_add(&slot->sleepers, 1, __ATOMIC_SEQ_CST);
    while ((state = __atomic_load_n(&slot->state, __ATOMIC_SEQ_CST)) == old)
        syscall(SYS_futex, &slot->state, FUTEX_WAIT, old, NULL, NULL, 0);
    __atomic_fetch_sub(&slot->sleepers, 1, __ATOMIC_SEQ_CST);
    return state;
}
