/* Waiting without sleeping, briefly: the other side of a Keep channel
 * (slot, platform socket) usually answers within microseconds, while waking
 * a sleeping thread on an idle virtual CPU costs tens of them. */
#ifndef KEEP_SPIN_H
#define KEEP_SPIN_H

#include <stdbool.h>

#include <stdint.h>

/* The usual budget: long enough to cover a call that moves a megabyte
 * (~60 us here), because waking a sleeper on an idle virtual CPU costs
 * ~40 us. */
#define KEEP_SPIN_NS 100000u

/* Calls done(ctx) until it returns true or `budget_ns` have passed; returns
 * its last answer. The caller then blocks (futex, recv) if false. */
bool keep_spin_until(uint64_t budget_ns, bool (*done)(void *ctx), void *ctx);

#endif
