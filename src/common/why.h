/* A reason for a failure, filled by code shared between the loader and the
 * tools so that each can report it its own way (the host's log, a tool's
 * stderr). */
#ifndef KEEP_WHY_H
#define KEEP_WHY_H

#include <stdarg.h>

typedef struct keep_why {
    char text[320];
} keep_why;

/* Records the first reason only: later calls keep what was said first.
 * `why` may be NULL. */
void keep_why_set(keep_why *why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
