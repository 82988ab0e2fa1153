/* The contract between an enclave image and whatever loads it.
 *
 * liboeenclave, linked into every enclave image, exports one symbol,
 * `keep_enclave_entry`. The loader (the host process on the `sim` backend,
 * the keep-enclave runner on `sandbox`) finds it after dlopen(), hands the
 * enclave a table of outbound operations (keep_host_ops) and from then on
 * enters the enclave only through `ecall`.
 *
 * Host-shared memory: every buffer that crosses the boundary lives in the
 * *arena*, a region both sides map (on `sandbox`, at the same address in
 * both processes). "Outside the enclave" means "inside the arena"; the
 * enclave never dereferences any other host address. */
#ifndef KEEP_ENCLAVE_ABI_H
#define KEEP_ENCLAVE_ABI_H

#include <stddef.h>
#include <stdint.h>

#include <openenclave/bits/result.h>

#define KEEP_ENCLAVE_ABI_VERSION 2u
#define KEEP_ENCLAVE_ENTRY_SYMBOL "keep_enclave_entry"

/* The first fields of every generated <f>_args_t: the callee's status and
 * the deep-copy-out buffer the runtime relocates across the boundary. */
typedef struct keep_call_return_args {
    oe_result_t result;
    void *deepcopy_out_buffer;
    size_t deepcopy_out_buffer_size;
} keep_call_return_args;

/* What the host asks the enclave to run. */
typedef enum keep_ecall_kind {
    KEEP_ECALL_INIT = 1,      /* global constructors have run; first call */
    KEEP_ECALL_USER = 2,      /* an EDL trusted function, by local id */
    KEEP_ECALL_AT_EXIT = 3,   /* atexit handlers and destructors, before unload */
    /* The host's oe_get_report: function_id = flags, in = opt_params (at
     * most a target info), out = the OE report buffer. */
    KEEP_ECALL_GET_REPORT = 4,
    /* The host's oe_verify_report of a local report: in = the report. */
    KEEP_ECALL_VERIFY_REPORT = 5,
    /* Switchless calls (switchless_wire.h): function_id = the area's
     * address; then one long-running ECALL per enclave worker,
     * function_id = the worker's index. */
    KEEP_ECALL_SWITCHLESS_INIT = 6,
    KEEP_ECALL_SWITCHLESS_WORKER = 7,
} keep_ecall_kind;

/* What the enclave asks the host to do. */
typedef enum keep_ocall_kind {
    KEEP_OCALL_USER = 1,   /* an EDL untrusted function, by index in the OCALL table */
    KEEP_OCALL_WRITE = 2,  /* write enclave stdout (fd 1) or stderr (fd 2) */
    KEEP_OCALL_SYSCALL = 3, /* host I/O: src/common/hostio_wire.h (sandbox runner only) */
    /* A log line from enclave code (oe_log): function_id = oe_log_level_t,
     * in = the message, at most KEEP_ENCLAVE_LOG_LINE_MAX bytes. */
    KEEP_OCALL_LOG = 4,
} keep_ocall_kind;

#define KEEP_ENCLAVE_LOG_LINE_MAX 1024u

/* Outbound operations, provided by the loader. `ctx` is the loader's. */
typedef struct keep_host_ops {
    uint32_t abi_version;
    void *ctx;
    /* Runs an OCALL. `in`/`out` must lie in the arena. */
    oe_result_t (*call_host)(void *ctx, keep_ocall_kind kind, uint64_t function_id,
                             const void *in, size_t in_size, void *out, size_t out_size,
                             size_t *out_written);
    /* Arena allocation, as oe_host_malloc/realloc/free. */
    void *(*host_malloc)(void *ctx, size_t size);
    void *(*host_realloc)(void *ctx, void *ptr, size_t size);
    void (*host_free)(void *ctx, void *ptr);
    /* The arena's bounds (fixed for the enclave's lifetime). */
    uintptr_t arena_start;
    size_t arena_size;
    /* Ends the enclave for good; does not return. */
    void (*abort_enclave)(void *ctx) __attribute__((noreturn));
    /* Sends one platform request (src/common/platform_wire.h, header
     * included) to the platform serving this enclave and receives its
     * response. Both buffers are enclave memory and never pass through the
     * host: on `sandbox` they travel over a socket only the runner holds.
     * OE_PLATFORM_ERROR when no platform answers; the response itself is
     * checked by the caller. */
    oe_result_t (*platform_call)(void *ctx, const void *request, size_t request_size,
                                 void *response, size_t response_size, size_t *response_written);
    /* Host I/O (docs/host-io.md): op KEEP_HOSTIO_CONTROL_* enables a module
     * (arg = KEEP_HOSTIO_MODULE_*) or mounts `source` (a host directory) at
     * `target` / unmounts `target`. Returns 0 or -errno. NULL where the
     * enclave's system calls reach the kernel directly (sim). */
    long (*hostio_control)(void *ctx, uint32_t op, const char *source, const char *target,
                           uint64_t arg);
} keep_host_ops;

/* Inbound entry points, exported by liboeenclave as keep_enclave_entry. */
typedef struct keep_enclave_entry_points {
    uint32_t abi_version;
    /* The image's oe_sgx_enclave_properties_t (its .oeinfo section). */
    const void *properties;
    /* Called once, before any ECALL, with the loader's operations (which
     * must outlive the enclave) and the host's handle for this enclave. */
    oe_result_t (*bind)(const keep_host_ops *ops, void *host_enclave_handle);
    /* Runs an ECALL. For KEEP_ECALL_USER `in` and `out` lie in the arena
     * and are copied into enclave memory before use. */
    oe_result_t (*ecall)(keep_ecall_kind kind, uint64_t function_id, const void *in,
                         size_t in_size, void *out, size_t out_size, size_t *out_written);
} keep_enclave_entry_points;

#endif
