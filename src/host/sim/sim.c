/* The `sim` backend: the enclave image is dlopen()ed into the host process.
 * It isolates nothing; it exists for debugging, as OE's simulation mode. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../host_enclave.h"
#include "../host_log.h"
#include "sim_platform.h"

typedef struct sim_state {
    void *handle;
    int fd; /* the image file the handle was loaded from; -1 when none */
    const keep_enclave_entry_points *entry;
    keep_host_ops ops;
    uint32_t tcs_count;   /* NumTCS: outermost ECALLs that may run at once */
    atomic_uint tcs_busy; /* outermost ECALLs running now */
} sim_state;

/* The enclaves whose ECALLs this thread is running, innermost first. An
 * ECALL made from inside one of their OCALLs reuses the thread's TCS (as
 * on sandbox and in OE), so only outermost ECALLs count against NumTCS. */
typedef struct sim_entered {
    const oe_enclave_t *enclave;
    struct sim_entered *outer;
} sim_entered;

static __thread sim_entered *entered;

static bool thread_inside(const oe_enclave_t *enclave)
{
    for (const sim_entered *e = entered; e; e = e->outer)
        if (e->enclave == enclave)
            return true;
    return false;
}

/* Where oe_abort() in enclave code returns to: the innermost ECALL of the
 * calling thread. */
static __thread sigjmp_buf *abort_target;

static oe_result_t sim_call_host(void *ctx, keep_ocall_kind kind, uint64_t function_id,
                                 const void *in, size_t in_size, void *out, size_t out_size,
                                 size_t *out_written)
{
    /* Host and enclave share this thread's errno on sim; an OCALL changes
     * the enclave's errno only through propagate_errno, as on the other
     * backends. */
    int enclave_errno = errno;
    oe_result_t result =
        keep_dispatch_ocall(ctx, kind, function_id, in, in_size, out, out_size, out_written);
    errno = enclave_errno;
    return result;
}

static void *sim_host_malloc(void *ctx, size_t size)
{
    return keep_arena_alloc_owned(&((oe_enclave_t *)ctx)->arena, size, KEEP_ARENA_ENCLAVE);
}

static void *sim_host_realloc(void *ctx, void *ptr, size_t size)
{
    return keep_arena_realloc_owned(&((oe_enclave_t *)ctx)->arena, ptr, size,
                                    KEEP_ARENA_ENCLAVE);
}

static void sim_host_free(void *ctx, void *ptr)
{
    keep_arena_free_owned(&((oe_enclave_t *)ctx)->arena, ptr, KEEP_ARENA_ENCLAVE);
}

__attribute__((noreturn)) static void sim_abort(void *ctx)
{
    oe_enclave_t *enclave = ctx;
    atomic_store(&enclave->aborting, true);
    keep_error("enclave called oe_abort(); its calls now fail with OE_ENCLAVE_ABORTING");
    if (abort_target)
        siglongjmp(*abort_target, 1);
    abort();
}

static oe_result_t sim_bind(oe_enclave_t *enclave, sim_state *state)
{
    state->entry = dlsym(state->handle, KEEP_ENCLAVE_ENTRY_SYMBOL);
    if (!state->entry || state->entry->abi_version != KEEP_ENCLAVE_ABI_VERSION) {
        keep_error("the image does not export %s (is it linked with liboeenclave?)",
                   KEEP_ENCLAVE_ENTRY_SYMBOL);
        return OE_UNSUPPORTED_ENCLAVE_IMAGE;
    }
    state->ops = (keep_host_ops){
        .abi_version = KEEP_ENCLAVE_ABI_VERSION,
        .ctx = enclave,
        .call_host = sim_call_host,
        .host_malloc = sim_host_malloc,
        .host_realloc = sim_host_realloc,
        .host_free = sim_host_free,
        .arena_start = (uintptr_t)enclave->arena.base,
        .arena_size = enclave->arena.size,
        .abort_enclave = sim_abort,
        .platform_call = keep_sim_platform_call,
    };
    return state->entry->bind(&state->ops, enclave);
}

static oe_result_t sim_ecall(oe_enclave_t *enclave, keep_ecall_kind kind, uint64_t function_id,
                             const void *in, size_t in_size, void *out, size_t out_size,
                             size_t *out_written)
{
    sim_state *state = enclave->backend_state;
    volatile bool nested = thread_inside(enclave); /* read after siglongjmp */
    if (!nested && atomic_fetch_add(&state->tcs_busy, 1) >= state->tcs_count) {
        atomic_fetch_sub(&state->tcs_busy, 1);
        return OE_OUT_OF_THREADS;
    }
    sim_entered frame = {enclave, entered};
    entered = &frame;
    sigjmp_buf here;
    sigjmp_buf *outer = abort_target;
    volatile oe_result_t result = OE_ENCLAVE_ABORTING; /* when oe_abort() jumps back */
    if (!sigsetjmp(here, 0)) {
        abort_target = &here;
        result = state->entry->ecall(kind, function_id, in, in_size, out, out_size, out_written);
    }
    abort_target = outer;
    entered = frame.outer;
    if (!nested)
        atomic_fetch_sub(&state->tcs_busy, 1);
    return result;
}

static oe_result_t sim_load(oe_enclave_t *enclave, const keep_image *image)
{
    sim_state *state = calloc(1, sizeof(*state));
    if (!state)
        return OE_OUT_OF_MEMORY;
    enclave->backend_state = state;
    /* A distinct file per enclave, so that two enclaves from one path get
     * two instances with their own globals. The loader also matches
     * objects by the name they were opened with, so the descriptor in
     * that name stays open (and its number unused by any other image)
     * for as long as the instance is loaded. */
    state->fd = fcntl(image->fd, F_DUPFD_CLOEXEC, 0);
    if (state->fd < 0)
        return OE_PLATFORM_ERROR;
    char fd_path[64];
    snprintf(fd_path, sizeof(fd_path), "/proc/self/fd/%d", state->fd);
    state->handle = dlopen(fd_path, RTLD_NOW | RTLD_LOCAL);
    if (!state->handle) {
        keep_error("cannot load the enclave image: %s", dlerror());
        return OE_UNSUPPORTED_ENCLAVE_IMAGE;
    }
    oe_result_t result = sim_bind(enclave, state);
    if (result != OE_OK)
        return result;
    state->tcs_count = (uint32_t)image->properties.header.size_settings.num_tcs;
    size_t written = 0;
    return sim_ecall(enclave, KEEP_ECALL_INIT, 0, NULL, 0, NULL, 0, &written);
}

static void sim_unload(oe_enclave_t *enclave)
{
    sim_state *state = enclave->backend_state;
    if (!state)
        return;
    if (state->handle)
        dlclose(state->handle);
    if (state->fd >= 0)
        close(state->fd);
    free(state);
    enclave->backend_state = NULL;
}

const keep_backend keep_backend_sim = {
    .name = "sim",
    .load = sim_load,
    .ecall = sim_ecall,
    .unload = sim_unload,
};
