/* A minimal in-process stand-in for liboehost + liboeenclave, used only by
 * the EDL test suite (a test fixture, not a backend).
 *
 * The "enclave" is a shared object (generated <name>_t.c + enclave test
 * code + edltest_enclave) that the host dlopen()s. The two halves talk
 * through the two tables below, the way a real host and enclave talk
 * through a transition: the enclave half copies every ECALL buffer into
 * its own heap before the generated code sees it and copies the output
 * back; OCALL buffers are copied into fresh host allocations for the host
 * function. Enclave memory is whatever the enclave half allocated (an
 * allocation map), so oe_is_within_enclave() means what it says. */
#ifndef EDLTEST_RUNTIME_H
#define EDLTEST_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#include <openenclave/bits/result.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What the host half offers the enclave half. */
typedef struct edltest_host_iface {
    void *ctx;
    oe_result_t (*call_host)(void *ctx, size_t function_id, const void *in, size_t in_size,
                             void *out, size_t out_size, size_t *written);
    void *(*host_malloc)(size_t size);
    void (*host_free)(void *ptr);
} edltest_host_iface;

/* What the enclave half offers the host half. */
typedef struct edltest_enclave_iface {
    size_t ecall_count; /* oe_ecalls_table_size */
    oe_result_t (*call_enclave)(uint64_t local_id, const void *in, size_t in_size, void *out,
                                size_t out_size, size_t *written);
} edltest_enclave_iface;

/* Exported by the enclave shared object. */
#define EDLTEST_ATTACH_SYMBOL "edltest_enclave_attach"
typedef int (*edltest_attach_fn)(const edltest_host_iface *host, edltest_enclave_iface *out);

/* Host-side test hooks. The OCALL tamper hook runs after each host
 * function, on the output the enclave will see: tests use it to play a
 * hostile host. Counters count switchless transitions. */
typedef void (*edltest_tamper_fn)(size_t function_id, uint8_t *out, size_t out_size,
                                  size_t *written);
void edltest_set_ocall_tamper(edltest_tamper_fn fn);
/* The same for ECALL outputs as the host wrapper receives them. */
void edltest_set_ecall_tamper(edltest_tamper_fn fn);
/* Runs on a private copy of each ECALL's input before the enclave sees it
 * (it may shrink *in_size): tests use it to play a hostile host. */
typedef void (*edltest_input_tamper_fn)(uint8_t *in, size_t *in_size);
void edltest_set_ecall_input_tamper(edltest_input_tamper_fn fn);
size_t edltest_switchless_ecalls(void);
size_t edltest_switchless_ocalls(void);

#ifdef __cplusplus
}
#endif

#endif
