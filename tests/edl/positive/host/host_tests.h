/* The host's test groups, one per EDL category (host_<category>.c). */
#ifndef EDLTEST_HOST_TESTS_H
#define EDLTEST_HOST_TESTS_H

#include <openenclave/host.h>

void test_basic(oe_enclave_t *e);
void test_array(oe_enclave_t *e);
void test_pointer(oe_enclave_t *e);
void test_string(oe_enclave_t *e);
void test_struct(oe_enclave_t *e);
void test_enum(oe_enclave_t *e);
void test_foreign(oe_enclave_t *e);
void test_errno(oe_enclave_t *e, bool isolated);
void test_deepcopy(oe_enclave_t *e);
void test_aliasing(oe_enclave_t *e);
void test_switchless(oe_enclave_t *e);

#endif
