/* See spin.h. Bounded by time, not by a count of `pause`s: one pause costs
 * from a few ns to ~60 ns (measured on a KVM guest), so a fixed count can
 * mean anything. Past the first clock read (~1 us) the poll also yields, so
 * that on a machine with more runnable threads than cores the spinner does
 * not hold the core the other side needs in order to answer. */
#include <sched.h>
#include <time.h>

#include "spin.h"

/* Polls between two clock reads (CLOCK_MONOTONIC is a vDSO call). */
#define KEEP_SPIN_CHECK 16

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

bool keep_spin_until(uint64_t budget_ns, bool (*done)(void *ctx), void *ctx)
{
    uint64_t deadline = 0;
    for (unsigned i = 1;; i++) {
        if (done(ctx))
            return true;
        cpu_relax();
        if (i % KEEP_SPIN_CHECK)
            continue;
        uint64_t now = monotonic_ns();
        if (!deadline)
            deadline = now + budget_ns;
        else if (now >= deadline)
            return false;
        else
            sched_yield();
    }
}
