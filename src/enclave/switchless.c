/* Switchless calls, the enclave's side (src/common/switchless_wire.h).
 *
 * Switchless OCALL: the calling enclave thread hands the call to a host
 * worker through a slot in the arena and waits there, without leaving the
 * enclave; when every host worker is busy the caller takes the regular
 * path. Enclave worker: an ECALL that never returns until the host stops
 * it, serving switchless ECALLs from its slot on the thread (TCS) it holds.
 * Everything read from the area is host data: the header's counts are
 * copied and checked once, and a slot's fields are read once per call. */
#include <openenclave/enclave.h>

#include "../common/switchless.h"
#include "enclave_state.h"

static keep_switchless_area *switchless_area; /* set once, then read (acquire) */
static uint32_t switchless_host_workers;
static uint32_t switchless_enclave_workers;

oe_result_t keep_switchless_init(uint64_t area_address)
{
    keep_switchless_area *host_area = (keep_switchless_area *)(uintptr_t)area_address;
    if (__atomic_load_n(&switchless_area, __ATOMIC_ACQUIRE))
        return OE_ALREADY_INITIALIZED;
    if (area_address % 64 || !keep_in_arena(host_area, sizeof(*host_area)))
        return OE_INVALID_PARAMETER;
    uint64_t magic = __atomic_load_n(&host_area->magic, __ATOMIC_RELAXED);
    uint32_t hosts = __atomic_load_n(&host_area->host_workers, __ATOMIC_RELAXED);
    uint32_t enclaves = __atomic_load_n(&host_area->enclave_workers, __ATOMIC_RELAXED);
    if (magic != KEEP_SWITCHLESS_MAGIC || hosts > KEEP_SWITCHLESS_MAX_WORKERS ||
        enclaves > KEEP_SWITCHLESS_MAX_WORKERS)
        return OE_INVALID_PARAMETER;
    if (!keep_in_arena(host_area->slots, (hosts + enclaves) * sizeof(keep_switchless_slot)))
        return OE_INVALID_PARAMETER;
    switchless_host_workers = hosts;
    switchless_enclave_workers = enclaves;
    __atomic_store_n(&switchless_area, host_area, __ATOMIC_RELEASE);
    return OE_OK;
}

/* Runs the ECALL the host placed in the slot (its buffers are checked and
 * copied in by keep_run_user_ecall) and records the answer. */
static void serve_ecall(keep_switchless_slot *slot)
{
    uint64_t function_id = __atomic_load_n(&slot->function_id, __ATOMIC_RELAXED);
    const void *in = (const void *)(uintptr_t)__atomic_load_n(&slot->in, __ATOMIC_RELAXED);
    size_t in_size = (size_t)__atomic_load_n(&slot->in_size, __ATOMIC_RELAXED);
    void *out = (void *)(uintptr_t)__atomic_load_n(&slot->out, __ATOMIC_RELAXED);
    size_t out_size = (size_t)__atomic_load_n(&slot->out_size, __ATOMIC_RELAXED);
    size_t written = 0;
    oe_result_t result = keep_run_user_ecall(function_id, in, in_size, out, out_size, &written);
    slot->written = written;
    slot->result = (uint32_t)result;
}

oe_result_t keep_switchless_enclave_worker(uint64_t index)
{
    keep_switchless_area *area = __atomic_load_n(&switchless_area, __ATOMIC_ACQUIRE);
    if (!area || index >= switchless_enclave_workers)
        return OE_INVALID_PARAMETER;
    keep_switchless_slot *slot = &area->slots[switchless_host_workers + index];
    while (keep_switchless_wait_request(slot) == KEEP_SWITCHLESS_REQUEST) {
        serve_ecall(slot);
        if (!keep_switchless_move(slot, KEEP_SWITCHLESS_REQUEST, KEEP_SWITCHLESS_DONE))
            break;
    }
    return OE_OK;
}

oe_result_t keep_switchless_ocall(uint64_t function_id, const void *in, size_t in_size, void *out,
                                  size_t out_size, size_t *out_written, bool *served)
{
    *served = false;
    *out_written = 0;
    keep_switchless_area *area = __atomic_load_n(&switchless_area, __ATOMIC_ACQUIRE);
    if (!area || !switchless_host_workers)
        return OE_OK;
    bool answered;
    oe_result_t result = OE_UNEXPECTED;
    *served = keep_switchless_call(area->slots, switchless_host_workers, function_id, in,
                                   in_size, out, out_size, out_written, &answered, &result);
    if (!*served)
        return OE_OK;
    return answered ? result : OE_UNEXPECTED;
}
