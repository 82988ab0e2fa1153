/* --use-prefix: the host's ECALL wrappers are <edl>_<f> (weak) over
 * <edl>_<edl>_<f> (strong), and the unprefixed names do not exist. */
#include <stdio.h>

#include "prefixed_u.h"

oe_result_t prefixed_prefixed_ecall_other(oe_enclave_t *enclave, MyOther *_retval, MyOther o);

MyOther ocall_other(MyOther o)
{
    return o;
}

int main(void)
{
    /* Both names are the same function. */
    oe_result_t (*twice)(oe_enclave_t *, int *, int) = prefixed_prefixed_twice;
    if ((void *)prefixed_ecall_other != (void *)prefixed_prefixed_ecall_other || !twice) {
        fprintf(stderr, "prefixed wrapper names are wrong\n");
        return 1;
    }
    return 0;
}
