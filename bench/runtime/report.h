/* Timing and reporting for bench_runtime: samples, percentiles, and the
 * results table / JSON list that scripts/bench collects. */
#ifndef BENCH_REPORT_H
#define BENCH_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t bench_now_ns(void);

/* The p-th percentile (0..100) of `count` samples; sorts them in place. */
double bench_percentile(uint64_t *samples, size_t count, double p);

/* One result row, with the baseline it is compared to (measured in the same
 * run). ratio = value / baseline_value. A target, when set, is checked as
 * ratio <= max_ratio or value <= max_value (whichever is non-zero), or ratio
 * >= min_ratio. */
typedef struct bench_row {
    char name[64];
    const char *unit;
    double value;
    char baseline_name[64];
    double baseline_value;
    double ratio;
    double max_ratio;
    double min_ratio;
    double max_value;
} bench_row;

/* Adds a row; returns it so a caller can attach a target. Aborts when the
 * fixed table is full (a bug in the benchmark). */
bench_row *bench_add(const char *name, const char *unit, double value, const char *baseline_name,
                     double baseline_value);

/* True when every row with a target meets it. */
bool bench_all_targets_met(void);

/* The exit status of every benchmark: 0 once it has reported (a missed
 * target shows in the table and the JSON), 2 with --strict when a target is
 * missed. */
int bench_exit_status(bool strict);

/* The command line of a benchmark without options of its own:
 * [--json FILE] [--strict]. False, after a usage line, on anything else. */
bool bench_parse_args(int argc, char **argv, const char **json, bool *strict);

/* Prints the table and the targets; writes the JSON list to `json_path`
 * when non-NULL. Returns false when the file cannot be written. */
bool bench_report(const char *json_path);

#endif
