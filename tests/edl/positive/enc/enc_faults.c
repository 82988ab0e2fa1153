/* Enclave side of the hostile-host tests: each probe makes one OCALL and
 * reports what the generated wrapper returned, and that nothing it had no
 * right to change was changed. */
#include <string.h>

#include "all_t.h"
#include "edltest_check.h"

enum { PROBE_INT, PROBE_STRING, PROBE_DEEPCOPY, PROBE_DEEPCOPY_NESTED, PROBE_ARRAY };

static oe_result_t probe_deepcopy(void)
{
    CountStruct out = {0, NULL};
    oe_result_t r = ocall_deepcopy_out(&out);
    if (r == OE_OK)
        oe_free(out.ptr);
    else
        CHECK(out.count == 0 && out.ptr == NULL); /* untouched on failure */
    return r;
}

static oe_result_t probe_deepcopy_nested(void)
{
    NestedStruct n[2];
    oe_result_t r;
    memset(n, 0, sizeof(n));
    r = ocall_deepcopy_out_nested(n);
    if (r == OE_OK) {
        if (n[0].one)
            oe_free(n[0].one->ptr);
        oe_free(n[0].one);
    } else {
        CHECK(n[0].one == NULL && n[0].plain == 0);
    }
    return r;
}

/* which >= PROBE_INSECURE: the same probe with the host's output read in
 * place (oe_edger8r_secure_unserialize = false). */
#define PROBE_INSECURE 100

static int probe_insecure(int which);

int enc_fault_probe(int which)
{
    int r = 0;
    if (which >= PROBE_INSECURE)
        return probe_insecure(which - PROBE_INSECURE);
    char s[] = "mixed";
    int a[4] = {0, 1, 2, 3};
    uint64_t c[2][2][2] = {{{0}}};
    switch (which) {
    case PROBE_INT:
        return (int)ocall_ret_int(&r, 1);
    case PROBE_STRING:
        return (int)ocall_str_inout(s);
    case PROBE_DEEPCOPY:
        return (int)probe_deepcopy();
    case PROBE_DEEPCOPY_NESTED:
        return (int)probe_deepcopy_nested();
    case PROBE_ARRAY:
        return (int)ocall_array_inout(a, c);
    default:
        return -1;
    }
}

static int probe_insecure(int which)
{
    int r;
    oe_edger8r_secure_unserialize = false;
    r = enc_fault_probe(which);
    oe_edger8r_secure_unserialize = true;
    return r;
}
