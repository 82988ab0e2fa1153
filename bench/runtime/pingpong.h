/* Same-run baselines for a cross-process round trip, independent of Keep's
 * code: a shared-memory ping-pong with the spin-then-futex discipline (the
 * floor for any cross-process transport) and a pipe ping-pong. */
#ifndef BENCH_PINGPONG_H
#define BENCH_PINGPONG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Two child processes that answer pings until closed: one over shared
 * memory, one over a pair of pipes. They live as long as an enclave's
 * threads do (created once, idle between bursts) so that the scheduler
 * treats them as it treats the runner. */
typedef struct bench_pingpong bench_pingpong;

/* Starts both children; NULL when one cannot be started. */
bench_pingpong *bench_pingpong_open(void);

/* Runs `count` round trips and stores each one's time in ns into
 * `samples`. Returns false when the child has gone. */
bool bench_pingpong_shm(bench_pingpong *pp, uint64_t *samples, size_t count);
bool bench_pingpong_pipe(bench_pingpong *pp, uint64_t *samples, size_t count);

/* Stops and reaps both children; accepts NULL. */
void bench_pingpong_close(bench_pingpong *pp);

#endif
