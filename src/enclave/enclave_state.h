/* liboeenclave's internal state: the loader's operations, bound once. */
#ifndef KEEP_ENCLAVE_STATE_H
#define KEEP_ENCLAVE_STATE_H

#include <stdbool.h>

#include <openenclave/bits/properties.h>

#include "../common/enclave_abi.h"
#include "../common/platform_wire.h"

/* Properties of an image that does not define its own (properties.c). */
#define KEEP_DEFAULT_PRODUCT_ID 0
#define KEEP_DEFAULT_SECURITY_VERSION 0
#define KEEP_DEFAULT_HEAP_PAGES 4096 /* 16 MiB */
#define KEEP_DEFAULT_STACK_PAGES 256 /* 1 MiB per thread */
#define KEEP_DEFAULT_TCS 8

/* The image's properties: the application's OE_SET_ENCLAVE_SGX, or the
 * default in properties.c. */
extern const oe_sgx_enclave_properties_t oe_enclave_properties_sgx;

/* The operations the loader bound, or NULL before keep_enclave_entry.bind. */
extern const keep_host_ops *keep_enclave_host;

/* The host's handle for this enclave, as oe_get_enclave() returns it. */
extern void *keep_enclave_host_handle;

/* Set by oe_abort() so that OCALLs still in flight fail at once. */
extern bool keep_enclave_aborting;

/* True when [ptr, ptr+size) lies inside the arena (host-shared memory). */
bool keep_in_arena(const void *ptr, size_t size);

/* Host memory for the runtime's own use within one call (OCALL buffers, log
 * lines): on sandbox the thread's scratch block when it is free, saving a
 * round trip. Freed with oe_host_free(). Applications get oe_host_malloc(),
 * which never returns the scratch block. */
void *keep_host_alloc(size_t size);

/* Runs one EDL trusted function whose buffers lie in the arena (entry.c):
 * copies them in, runs it, copies the output back. */
oe_result_t keep_run_user_ecall(uint64_t function_id, const void *host_in, size_t in_size,
                                void *host_out, size_t out_size, size_t *out_written)
    __attribute__((warn_unused_result));

/* Switchless calls (switchless.c, src/common/switchless_wire.h): the
 * host's area, an enclave worker's loop, and a switchless OCALL, which sets
 * *served to false (and does nothing) when no host worker is free. */
oe_result_t keep_switchless_init(uint64_t area_address) __attribute__((warn_unused_result));
oe_result_t keep_switchless_enclave_worker(uint64_t index) __attribute__((warn_unused_result));
oe_result_t keep_switchless_ocall(uint64_t function_id, const void *in, size_t in_size, void *out,
                                  size_t out_size, size_t *out_written, bool *served)
    __attribute__((warn_unused_result));

/* Moves the deep-copy-out buffer named in a callee's output header from
 * enclave memory to the arena (ECALL results) so the host can read it. */
oe_result_t keep_export_deepcopy_buffer(void *out_args, size_t out_size);

/* Moves the deep-copy-out buffer named in an OCALL's output header from the
 * arena into enclave memory, after checking it lies wholly in the arena,
 * and keeps it for oe_edger8r_take_deepcopy_out_buffer(). */
oe_result_t keep_import_deepcopy_buffer(void *out_args, size_t out_size);

/* Frees an imported buffer no wrapper took (a host that sent one for a
 * function without deep-copy [out] parameters). */
void keep_discard_deepcopy_buffer(void);

/* Sends one request to the platform (platform_call.c) and copies the
 * response payload (at most out_size bytes) to `out`. The platform's error
 * when it refused; OE_PLATFORM_ERROR when none answers or the answer is
 * malformed. */
oe_result_t keep_enclave_platform_request(uint16_t op, const void *payload, size_t payload_size,
                                          void *out, size_t out_size, size_t *out_written)
    __attribute__((warn_unused_result));

/* The host's report requests (report.c): KEEP_ECALL_GET_REPORT and
 * KEEP_ECALL_VERIFY_REPORT, with arena buffers. */
oe_result_t keep_enclave_report_ecall(keep_ecall_kind kind, uint64_t flags, const void *host_in,
                                      size_t in_size, void *host_out, size_t out_size,
                                      size_t *out_written) __attribute__((warn_unused_result));

/* Remote reports (quote.c): a quote of this enclave wrapped as an OE
 * report; and a quote's verification inside the enclave. */
oe_result_t keep_enclave_remote_report(const uint8_t *report_data, size_t report_data_size,
                                       uint8_t **report, size_t *report_size)
    __attribute__((warn_unused_result));
oe_result_t keep_enclave_verify_quote(const uint8_t *quote, size_t quote_size)
    __attribute__((warn_unused_result));

/* A report of this enclave with a zero target (for its own identity,
 * CPUSVN and ISVSVN); report_data may be NULL (zeros). */
oe_result_t keep_enclave_self_report(keep_sgx_report *report,
                                     const uint8_t report_data[KEEP_SGX_REPORT_DATA_SIZE])
    __attribute__((warn_unused_result));

#endif
