/* The enclave built from more/other.edl alone. */
#include "other_t.h"

MyOther ecall_other(MyOther o)
{
    MyOther back = o;
    if (ocall_other(&back, o) != OE_OK)
        back.ki = -1;
    back.ki *= 10;
    return back;
}
