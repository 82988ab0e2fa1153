/* Prints a verification result (tests' failure diagnostics). */
#ifndef KEEP_TEST_DUMP_H
#define KEEP_TEST_DUMP_H
#include <keep/verify.h>
void dump_result(const keep_verify_result_t* res);
#endif
