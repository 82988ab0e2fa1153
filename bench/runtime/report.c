/* See report.h. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report.h"

#define BENCH_MAX_ROWS 128

static bench_row rows[BENCH_MAX_ROWS];
static size_t row_count;

uint64_t bench_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int compare_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

double bench_percentile(uint64_t *samples, size_t count, double p)
{
    if (!count)
        return 0;
    qsort(samples, count, sizeof(*samples), compare_u64);
    size_t index = (size_t)(p / 100.0 * (double)(count - 1) + 0.5);
    return (double)samples[index < count ? index : count - 1];
}

bench_row *bench_add(const char *name, const char *unit, double value, const char *baseline_name,
                     double baseline_value)
{
    if (row_count == BENCH_MAX_ROWS) {
        fprintf(stderr, "bench: too many result rows\n");
        abort();
    }
    bench_row *row = &rows[row_count++];
    memset(row, 0, sizeof(*row));
    snprintf(row->name, sizeof(row->name), "%s", name);
    snprintf(row->baseline_name, sizeof(row->baseline_name), "%s", baseline_name);
    row->unit = unit;
    row->value = value;
    row->baseline_value = baseline_value;
    row->ratio = baseline_value > 0 ? value / baseline_value : 0;
    return row;
}

static bool has_target(const bench_row *row)
{
    return row->max_ratio > 0 || row->min_ratio > 0 || row->max_value > 0;
}

static bool target_met(const bench_row *row)
{
    if (row->max_ratio > 0)
        return row->ratio <= row->max_ratio;
    if (row->min_ratio > 0)
        return row->ratio >= row->min_ratio;
    return row->value <= row->max_value;
}

bool bench_all_targets_met(void)
{
    for (size_t i = 0; i < row_count; i++)
        if (has_target(&rows[i]) && !target_met(&rows[i]))
            return false;
    return true;
}

int bench_exit_status(bool strict)
{
    return strict && !bench_all_targets_met() ? 2 : 0;
}

bool bench_parse_args(int argc, char **argv, const char **json, bool *strict)
{
    *json = NULL;
    *strict = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0 && i + 1 < argc) {
            *json = argv[++i];
        } else if (strcmp(argv[i], "--strict") == 0) {
            *strict = true;
        } else {
            fprintf(stderr, "usage: %s [--json FILE] [--strict]\n", argv[0]);
            return false;
        }
    }
    return true;
}

static void describe_target(const bench_row *row, char *text, size_t size)
{
    if (row->max_ratio > 0)
        snprintf(text, size, "ratio <= %g", row->max_ratio);
    else if (row->min_ratio > 0)
        snprintf(text, size, "ratio >= %g", row->min_ratio);
    else
        snprintf(text, size, "<= %g %s", row->max_value, row->unit);
}

static void print_table(void)
{
    printf("%-34s %12s %-5s  %-26s %12s %9s\n", "name", "value", "unit", "baseline", "baseline",
           "ratio");
    for (size_t i = 0; i < row_count; i++) {
        const bench_row *r = &rows[i];
        printf("%-34s %12.2f %-5s  %-26s %12.2f %9.3f\n", r->name, r->value, r->unit,
               r->baseline_name, r->baseline_value, r->ratio);
    }
    printf("\ntargets:\n");
    for (size_t i = 0; i < row_count; i++) {
        const bench_row *r = &rows[i];
        if (!has_target(r))
            continue;
        char text[64];
        describe_target(r, text, sizeof(text));
        printf("  %-34s %-18s %s (%s %.3f)\n", r->name, text, target_met(r) ? "met" : "MISSED",
               r->max_value > 0 ? "value" : "ratio", r->max_value > 0 ? r->value : r->ratio);
    }
}

/* Names are fixed identifiers chosen here, so they need no JSON escaping. */
static bool write_json(const char *path)
{
    FILE *file = fopen(path, "w");
    if (!file)
        return false;
    fprintf(file, "[\n");
    for (size_t i = 0; i < row_count; i++) {
        const bench_row *r = &rows[i];
        fprintf(file,
                "  {\"name\": \"%s\", \"unit\": \"%s\", \"value\": %.6g, "
                "\"baseline_name\": \"%s\", \"baseline_value\": %.6g, \"ratio\": %.6g}%s\n",
                r->name, r->unit, r->value, r->baseline_name, r->baseline_value, r->ratio,
                i + 1 < row_count ? "," : "");
    }
    fprintf(file, "]\n");
    return fclose(file) == 0;
}

bool bench_report(const char *json_path)
{
    print_table();
    if (json_path && !write_json(json_path)) {
        fprintf(stderr, "bench: cannot write %s\n", json_path);
        return false;
    }
    return true;
}
