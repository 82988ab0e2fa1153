/* The `sandbox` backend: the enclave runs in its own confined process, the
 * keep-enclave runner, and the two sides meet only in the arena. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../common/slot.h"
#include "../../platform/platform.h"
#include "../host_log.h"
#include "sandbox.h"

/* The slot this thread is serving an OCALL on, per enclave, so that an
 * ECALL made from inside that OCALL runs on the same enclave thread. */
typedef struct active_ocall {
    oe_enclave_t *enclave;
    uint32_t tcs;
    struct active_ocall *outer;
} active_ocall;

static __thread active_ocall *active_ocalls;

static bool find_active_tcs(oe_enclave_t *enclave, uint32_t *tcs)
{
    for (active_ocall *a = active_ocalls; a; a = a->outer)
        if (a->enclave == enclave) {
            *tcs = a->tcs;
            return true;
        }
    return false;
}

static oe_result_t acquire_tcs(sandbox_state *state, uint32_t *tcs)
{
    oe_result_t result = OE_OUT_OF_THREADS;
    pthread_mutex_lock(&state->tcs_lock);
    for (uint32_t i = 0; i < state->tcs_count; i++) {
        uint64_t bit = (uint64_t)1 << (i % 64);
        if (!(state->tcs_busy[i / 64] & bit)) {
            state->tcs_busy[i / 64] |= bit;
            *tcs = i;
            result = OE_OK;
            break;
        }
    }
    pthread_mutex_unlock(&state->tcs_lock);
    return result;
}

static void release_tcs(sandbox_state *state, uint32_t tcs)
{
    pthread_mutex_lock(&state->tcs_lock);
    state->tcs_busy[tcs / 64] &= ~((uint64_t)1 << (tcs % 64));
    pthread_mutex_unlock(&state->tcs_lock);
}

/* Waits for the enclave thread on `tcs` to finish the ECALL just published,
 * serving the OCALLs it makes meanwhile. */
static oe_result_t await_ecall(oe_enclave_t *enclave, uint32_t tcs, size_t *out_written)
{
    sandbox_state *state = enclave->backend_state;
    keep_sandbox_slot *slot = &state->slots[tcs];
    uint32_t last = KEEP_SLOT_ECALL;
    for (;;) {
        /* The monitor sets `aborting` before it publishes DEAD in every
         * slot. The state this thread has just published (the ECALL, or an
         * OCALL's answer) may have overwritten that DEAD; the flag, read
         * after publishing, says so, and the wait below would never end. */
        if (atomic_load(&enclave->aborting))
            return OE_ENCLAVE_ABORTING;
        uint32_t now = keep_slot_wait_change(slot, last);
        if (now == KEEP_SLOT_ECALL_DONE) {
            *out_written = (size_t)slot->written;
            return (oe_result_t)__atomic_load_n(&slot->result, __ATOMIC_ACQUIRE);
        }
        if (now != KEEP_SLOT_OCALL) {
            if (now != KEEP_SLOT_DEAD)
                keep_error("enclave thread %u left its slot in state %u; stopping it", tcs, now);
            atomic_store(&enclave->aborting, true);
            return OE_ENCLAVE_ABORTING;
        }
        active_ocall frame = {enclave, tcs, active_ocalls};
        active_ocalls = &frame;
        keep_sandbox_serve_ocall(enclave, slot);
        active_ocalls = frame.outer;
        last = KEEP_SLOT_OCALL_DONE;
    }
}

static oe_result_t sandbox_ecall(oe_enclave_t *enclave, keep_ecall_kind kind,
                                 uint64_t function_id, const void *in, size_t in_size, void *out,
                                 size_t out_size, size_t *out_written)
{
    sandbox_state *state = enclave->backend_state;
    uint32_t tcs;
    bool nested = find_active_tcs(enclave, &tcs);
    if (!nested) {
        oe_result_t result = acquire_tcs(state, &tcs);
        if (result != OE_OK)
            return result;
    }
    keep_sandbox_slot *slot = &state->slots[tcs];
    slot->kind = kind;
    slot->function_id = function_id;
    slot->in = (uint64_t)(uintptr_t)in;
    slot->in_size = in_size;
    slot->out = (uint64_t)(uintptr_t)out;
    slot->out_size = out_size;
    slot->written = 0;
    keep_slot_publish(slot, KEEP_SLOT_ECALL);
    oe_result_t result = await_ecall(enclave, tcs, out_written);
    if (!nested)
        release_tcs(state, tcs);
    if (*out_written > out_size)
        result = OE_UNEXPECTED;
    return result;
}

static oe_result_t lay_out_arena(oe_enclave_t *enclave, const keep_image *image,
                                 sandbox_state *state, keep_sandbox_setup *setup)
{
    keep_arena *arena = &enclave->arena;
    const oe_enclave_size_settings_t *sizes = &image->properties.header.size_settings;
    uint64_t stack_size = sizes->num_stack_pages * OE_PAGE_SIZE;
    state->tcs_count = (uint32_t)sizes->num_tcs;
    state->slots = keep_arena_alloc(arena, state->tcs_count * sizeof(keep_sandbox_slot));
    state->crash = keep_arena_alloc(arena, sizeof(keep_sandbox_crash));
    state->scratch = keep_arena_alloc(arena, state->tcs_count * KEEP_SANDBOX_SCRATCH_SIZE);
    if (!state->slots || !state->crash || !state->scratch)
        return OE_OUT_OF_MEMORY;
    memset(state->slots, 0, state->tcs_count * sizeof(keep_sandbox_slot));
    memset(state->crash, 0, sizeof(*state->crash));
    *setup = (keep_sandbox_setup){
        .magic = KEEP_SANDBOX_MAGIC,
        .version = KEEP_SANDBOX_VERSION,
        .tcs_count = state->tcs_count,
        .arena_address = (uint64_t)(uintptr_t)arena->base,
        .arena_size = arena->size,
        .slots_address = (uint64_t)(uintptr_t)state->slots,
        .crash_address = (uint64_t)(uintptr_t)state->crash,
        .scratch_address = (uint64_t)(uintptr_t)state->scratch,
        .scratch_size = KEEP_SANDBOX_SCRATCH_SIZE,
        .stack_size = stack_size < KEEP_SANDBOX_MIN_STACK ? KEEP_SANDBOX_MIN_STACK : stack_size,
        .heap_size = sizes->num_heap_pages * OE_PAGE_SIZE,
        .host_handle = (uint64_t)(uintptr_t)enclave,
        .debug = (enclave->flags & OE_ENCLAVE_FLAG_DEBUG) ? 1 : 0,
    };
    /* The runner's platform child creates the state on first use. */
    if (keep_platform_default_dir(setup->platform_dir, sizeof(setup->platform_dir)) != OE_OK)
        keep_warning("no platform directory (set %s): attestation and sealing will fail",
                     KEEP_PLATFORM_DIR_ENV);
    return OE_OK;
}

static oe_result_t sandbox_load(oe_enclave_t *enclave, const keep_image *image)
{
    sandbox_state *state = calloc(1, sizeof(*state));
    if (!state)
        return OE_OUT_OF_MEMORY;
    state->socket = -1;
    state->stop_pipe[0] = state->stop_pipe[1] = -1;
    pthread_mutex_init(&state->tcs_lock, NULL);
    enclave->backend_state = state;

    keep_sandbox_setup setup;
    oe_result_t result = lay_out_arena(enclave, image, state, &setup);
    if (result == OE_OK)
        result = keep_sandbox_spawn(enclave, state, image->fd, &setup);
    if (result == OE_OK)
        result = keep_sandbox_monitor_start(enclave);
    if (result == OE_OK) {
        size_t written = 0;
        result = sandbox_ecall(enclave, KEEP_ECALL_INIT, 0, NULL, 0, NULL, 0, &written);
    }
    return result;
}

static void sandbox_unload(oe_enclave_t *enclave)
{
    sandbox_state *state = enclave->backend_state;
    if (!state)
        return;
    keep_sandbox_stop(enclave);
    pthread_mutex_destroy(&state->tcs_lock);
    free(state);
    enclave->backend_state = NULL;
}

const keep_backend keep_backend_sandbox = {
    .name = "sandbox",
    .load = sandbox_load,
    .ecall = sandbox_ecall,
    .unload = sandbox_unload,
};
