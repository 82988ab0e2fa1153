/* The host's record of one enclave, and the interface every backend
 * implements. */
#ifndef KEEP_HOST_ENCLAVE_H
#define KEEP_HOST_ENCLAVE_H

#include <stdatomic.h>

#include <openenclave/host.h>

#include "../common/enclave_abi.h"
#include "arena.h"
#include "identity.h"
#include "image.h"

typedef struct keep_backend keep_backend;
typedef struct keep_switchless keep_switchless;

struct _oe_enclave {
    uint64_t magic;
    const keep_backend *backend;
    void *backend_state;
    keep_arena arena;
    uint32_t flags;
    /* Who the enclave is, checked at load (identity.h); for attestation. */
    keep_enclave_identity identity;
    /* OCALL table of the application's EDL, owned by the generated code. */
    const oe_ocall_func_t *ocall_table;
    uint32_t ocall_count;
    /* ECALL ids: global id (process-wide, by name) -> this enclave's local
     * id (index in its ecall name table), or UINT64_MAX when unmapped. */
    uint64_t *local_ids;
    size_t local_id_count;
    /* Set once the enclave has crashed or aborted; every later call fails
     * with OE_ENCLAVE_ABORTING. */
    atomic_bool aborting;
    /* Host I/O: the enclave's own descriptors and mounts (hostio/hostio.h),
     * made on its first request; accessed atomically. */
    struct keep_hostio *hostio;
    /* Switchless workers (switchless.h), or NULL. */
    struct keep_switchless *switchless;
};

#define KEEP_ENCLAVE_MAGIC 0x4b454550454e434cull /* "KEEPENCL" */

struct keep_backend {
    const char *name;
    /* Loads the image (already read and checked) and runs its
     * initialisation. */
    oe_result_t (*load)(oe_enclave_t *enclave, const keep_image *image);
    /* Runs one ECALL whose buffers already lie in the arena. */
    oe_result_t (*ecall)(oe_enclave_t *enclave, keep_ecall_kind kind, uint64_t function_id,
                         const void *in, size_t in_size, void *out, size_t out_size,
                         size_t *out_written);
    /* Releases everything load() set up; must accept a partly loaded enclave. */
    void (*unload)(oe_enclave_t *enclave);
};

extern const keep_backend keep_backend_sim;
extern const keep_backend keep_backend_sandbox;

/* True when `enclave` is a live handle from oe_create_enclave. */
bool keep_enclave_valid(const oe_enclave_t *enclave);

/* Runs an OCALL the enclave asked for. `in`/`out` have been checked to lie
 * in the arena by the caller. */
oe_result_t keep_dispatch_ocall(oe_enclave_t *enclave, keep_ocall_kind kind,
                                uint64_t function_id, const void *in, size_t in_size, void *out,
                                size_t out_size, size_t *out_written);

/* Verifies a quote from a remote report (remote_report.c). */
oe_result_t keep_host_verify_remote_report(const uint8_t *quote, size_t quote_size)
    __attribute__((warn_unused_result));

/* Registers the enclave's ECALL names (OE's name-based id scheme). */
oe_result_t keep_register_ecalls(oe_enclave_t *enclave, const oe_ecall_info_t *names,
                                 uint32_t count) __attribute__((warn_unused_result));

/* Maps a generated wrapper's cached global id (assigning it on first use)
 * to this enclave's local id. */
oe_result_t keep_lookup_ecall(oe_enclave_t *enclave, uint64_t *global_id, const char *name,
                              uint64_t *local_id) __attribute__((warn_unused_result));

#endif
