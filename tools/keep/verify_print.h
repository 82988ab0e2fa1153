/* Printing a verification result as text or JSON (keep verify). */
#ifndef KEEP_CLI_VERIFY_PRINT_H
#define KEEP_CLI_VERIFY_PRINT_H

#include <stdio.h>

#include <keep/verify.h>

typedef struct keep_verify_outcome {
    const keep_verify_result_t* res;
    oe_result_t policy_result;   /* OE_OK when accepted */
    const char* policy_reason;
    int exit_code;
    const char* verdict;         /* "verified", ... */
} keep_verify_outcome_t;

void keep_print_verify_text(FILE* f, const keep_verify_outcome_t* o);

/* Returns 0, or -1 when out of memory. */
int keep_print_verify_json(FILE* f, const keep_verify_outcome_t* o);

#endif
