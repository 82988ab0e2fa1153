#include "dump.h"

#include <stdio.h>

void dump_result(const keep_verify_result_t* res)
{
    printf("result %s\n", oe_result_str(res->result));
    for (int i = 0; i < KEEP_CHECK_COUNT; i++)
        printf("  %-20s %-8s %s %s\n", keep_verify_check_name(i),
               res->checks[i].state == KEEP_CHECK_PASSED   ? "passed"
               : res->checks[i].state == KEEP_CHECK_FAILED ? "FAILED"
                                                           : "not-run",
               res->checks[i].state == KEEP_CHECK_FAILED
                   ? oe_result_str(res->checks[i].result)
                   : "",
               res->checks[i].reason);
    printf("  tcb %s (platform %s, qe %s), %zu advisories\n",
           keep_tcb_status_str(res->tcb.status),
           keep_tcb_status_str(res->platform_tcb.status),
           keep_tcb_status_str(res->qe_tcb.status), res->tcb.advisory_count);
}
