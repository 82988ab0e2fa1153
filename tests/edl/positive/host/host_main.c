/* The positive EDL suite's host: loads the test enclave (argv[1]) and the
 * second enclave built from more/other.edl (argv[2], or "-" for none) and
 * runs every group; "--simulate" (argv[3]) asks for the sim backend. */
#include <stdlib.h>
#include <string.h>

#include "all_u.h"
#include "edltest_check.h"
#include "host_tests.h"
#include "other_u.h"

int edltest_failures;

/* host_faults.c needs the test fixture's tamper hooks: a build against
 * the real runtime leaves it out, and this weak reference is then NULL. */
void test_faults(oe_enclave_t *e) __attribute__((weak));

/* Strong symbol of other.edl's wrapper; `ecall_other' is a weak alias that
 * either EDL's host file may provide. */
oe_result_t other_ecall_other(oe_enclave_t *enclave, MyOther *_retval, MyOther o);
oe_result_t all_ecall_other(oe_enclave_t *enclave, MyOther *_retval, MyOther o);
oe_result_t all_ecall_ret_int(oe_enclave_t *enclave, int *_retval, int x);

static void test_imports(oe_enclave_t *e)
{
    int v = 0;
    CHECK_OK(enc_only_if_defined(e, &v));
    CHECK(v == 1);
}

/* A second enclave whose EDL shares names with the first (ecall_other is
 * in both): the host reaches each through its own tables. */
static void test_other(oe_enclave_t *all, const char *path)
{
    oe_enclave_t *other = NULL;
    MyOther in = {4, 2.5}, out = {0, 0};
    int v = 0;
    CHECK_OK(oe_create_other_enclave(path, OE_ENCLAVE_TYPE_AUTO, OE_ENCLAVE_FLAG_DEBUG, NULL, 0,
                                     &other));
    if (!other)
        return;
    CHECK_OK(other_ecall_other(other, &out, in));
    CHECK(out.ki == 400 && out.kd == 2.5);
    CHECK_OK(ecall_other(all, &out, in));
    CHECK(out.ki == 5 && out.kd == 2.5);
    /* Calls go by name, whatever each EDL's own order: either EDL's
     * wrapper reaches the function in either enclave. */
    CHECK_OK(other_ecall_other(all, &out, in));
    CHECK(out.ki == 5);
    CHECK_OK(all_ecall_other(other, &out, in));
    CHECK(out.ki == 400);
    /* An ECALL the enclave does not have. */
    CHECK_RESULT(all_ecall_ret_int(other, &v, 1), OE_NOT_FOUND);
    CHECK_OK(oe_terminate_enclave(other));
}

int main(int argc, char **argv)
{
    oe_enclave_t *e = NULL;
    int enclave_failures = -1;
    uint32_t flags = OE_ENCLAVE_FLAG_DEBUG;
    if (argc < 3 || argc > 4 || (argc == 4 && strcmp(argv[3], "--simulate") != 0)) {
        fprintf(stderr, "usage: %s <edl_enc.so> <other_enc.so>|- [--simulate]\n", argv[0]);
        return 2;
    }
    if (argc == 4)
        flags |= OE_ENCLAVE_FLAG_SIMULATE;
    CHECK_OK(oe_create_all_enclave(argv[1], OE_ENCLAVE_TYPE_AUTO, flags, NULL, 0, &e));
    if (!e)
        return 1;
    test_basic(e);
    test_array(e);
    test_pointer(e);
    test_string(e);
    test_struct(e);
    test_enum(e);
    test_foreign(e);
    test_errno(e, true);
    test_deepcopy(e);
    test_aliasing(e);
    test_switchless(e);
    test_imports(e);
    if (test_faults)
        test_faults(e);
    if (strcmp(argv[2], "-") != 0)
        test_other(e, argv[2]);
    CHECK_OK(enc_failures(e, &enclave_failures));
    CHECK(enclave_failures == 0);
    CHECK_OK(oe_terminate_enclave(e));
    printf("edl positive suite: %d host-side failures, %d enclave-side failures\n",
           edltest_failures, enclave_failures);
    return edltest_failures == 0 ? 0 : 1;
}
