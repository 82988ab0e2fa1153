/* Helpers shared by the runtime test hosts: backend choice, the OCALLs of
 * rt.edl, output capture and finding runner processes. */
#ifndef KEEP_TESTS_RT_HOST_H
#define KEEP_TESTS_RT_HOST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <sys/types.h>

#include <cmocka.h>

#include <openenclave/host.h>

#include "rt_common.h"
#include "rt_u.h"

/* Set by rt_parse_backend from argv[1] ("sandbox" or "sim"). */
extern bool rt_sim;

/* Parses argv; exits with a usage message on anything else. */
void rt_parse_backend(int argc, char **argv);

/* OE_ENCLAVE_FLAG_DEBUG, plus OE_ENCLAVE_FLAG_SIMULATE on sim. */
uint32_t rt_flags(void);

/* Creates an rt.edl enclave from `path` on the chosen backend; fails the
 * test unless that succeeds. */
oe_enclave_t *rt_create(const char *path);
oe_enclave_t *rt_create_flags(const char *path, uint32_t flags);

/* The OCALL hooks (rt_host_wait, rt_host_mutate) call these when set. */
extern void (*rt_on_wait)(int id);
extern void (*rt_on_mutate)(void);
/* How many times rt_host_add ran. */
extern int rt_host_add_calls;
/* The enclave rt_host_reenter makes its nested ECALLs into. */
extern oe_enclave_t *rt_reenter_enclave;

/* Redirects fd 1 and 2 (both, into one file) until rt_capture_end, which
 * returns everything written meanwhile (free() it). */
void rt_capture_begin(void);
char *rt_capture_end(void);

/* The pids of this process's children named keep-enclave; returns the count. */
int rt_runner_pids(pid_t *pids, int max);
/* The runner started since `before` was taken: its pid, 0 when none, -1
 * when more than one (no cmocka assertions: usable in forked children). */
pid_t rt_find_new_runner(const pid_t *before, int before_count);
/* The same, failing the test unless there is exactly one. */
pid_t rt_new_runner(const pid_t *before, int before_count);
/* How many processes have `parent` as their parent. */
int rt_count_children(pid_t parent);

/* The result as "OE_XXX (n)" for messages. */
#define RT_ASSERT_RESULT(actual, expected)                                                     \
    do {                                                                                       \
        oe_result_t rt_a_ = (actual), rt_e_ = (expected);                                      \
        if (rt_a_ != rt_e_)                                                                    \
            fail_msg("%s: got %s (%u), expected %s (%u)", #actual, oe_result_str(rt_a_),      \
                     rt_a_, oe_result_str(rt_e_), rt_e_);                                     \
    } while (0)

#define RT_ASSERT_OK(actual) RT_ASSERT_RESULT(actual, OE_OK)

/* True when built with AddressSanitizer. */
#if defined(__SANITIZE_ADDRESS__)
#define RT_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RT_ASAN 1
#endif
#endif
#ifndef RT_ASAN
#define RT_ASAN 0
#endif

#endif
