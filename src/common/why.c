/* See why.h. */
#include <stdio.h>

#include "why.h"

void keep_why_set(keep_why *why, const char *fmt, ...)
{
    if (!why || why->text[0])
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why->text, sizeof(why->text), fmt, ap);
    va_end(ap);
}
