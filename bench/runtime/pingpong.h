/* Same-run baselines for a cross-process round trip, independent of Keep's
 * code: a shared-memory ping-pong with the spin-then-futex discipline (the
 * floor for any cross-process transport) and a pipe ping-pong. */
#ifndef BENCH_PINGPONG_H
#define BENCH_PINGPONG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Runs `count` round trips with a forked child and stores each one's time
 * in ns into `samples`. Returns false when the child cannot be set up. */
bool bench_shm_pingpong(uint64_t *samples, size_t count);
bool bench_pipe_pingpong(uint64_t *samples, size_t count);

#endif
