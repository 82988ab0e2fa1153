/* See switchless.h. Each worker owns one slot of the area and waits on it
 * (spin, then futex), so a caller hands over a call with a few stores and
 * at most one wake-up. The enclave's writes to the area are untrusted: a
 * host worker checks an OCALL's buffers lie in the arena before it runs the
 * call (as the regular path does), and a switchless ECALL's caller reads
 * back only the result and the byte count, which run_staged_ecall checks. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../common/switchless.h"
#include "host_log.h"
#include "switchless.h"

typedef struct keep_switchless_worker {
    oe_enclave_t *enclave;
    keep_switchless_slot *slot;
    uint32_t index; /* among the enclave workers */
    pthread_t thread;
    bool started;
} keep_switchless_worker;

struct keep_switchless {
    keep_switchless_area *area;
    uint32_t host_workers;
    uint32_t enclave_workers;
    keep_switchless_worker workers[]; /* host workers, then enclave workers */
};

static bool buffer_ok(const keep_arena *arena, const void *ptr, size_t size)
{
    return !size || keep_arena_contains(arena, ptr, size);
}

static void serve_ocall(oe_enclave_t *enclave, keep_switchless_slot *slot)
{
    uint64_t function_id = __atomic_load_n(&slot->function_id, __ATOMIC_RELAXED);
    const void *in = (const void *)(uintptr_t)__atomic_load_n(&slot->in, __ATOMIC_RELAXED);
    size_t in_size = (size_t)__atomic_load_n(&slot->in_size, __ATOMIC_RELAXED);
    void *out = (void *)(uintptr_t)__atomic_load_n(&slot->out, __ATOMIC_RELAXED);
    size_t out_size = (size_t)__atomic_load_n(&slot->out_size, __ATOMIC_RELAXED);
    size_t written = 0;
    oe_result_t result = OE_INVALID_PARAMETER;
    if (buffer_ok(&enclave->arena, in, in_size) && buffer_ok(&enclave->arena, out, out_size))
        result = keep_dispatch_ocall(enclave, KEEP_OCALL_USER, function_id, in, in_size, out,
                                     out_size, &written);
    else
        keep_error("switchless OCALL %llu: buffers outside the arena",
                   (unsigned long long)function_id);
    slot->written = written;
    slot->result = (uint32_t)result;
}

static void *host_worker(void *arg)
{
    keep_switchless_worker *worker = arg;
    while (keep_switchless_wait_request(worker->slot) == KEEP_SWITCHLESS_REQUEST) {
        serve_ocall(worker->enclave, worker->slot);
        if (!keep_switchless_move(worker->slot, KEEP_SWITCHLESS_REQUEST, KEEP_SWITCHLESS_DONE))
            break;
    }
    return NULL;
}

/* Holds one enclave thread for as long as the worker's ECALL lasts. */
static void *enclave_worker(void *arg)
{
    keep_switchless_worker *worker = arg;
    oe_enclave_t *enclave = worker->enclave;
    size_t written = 0;
    oe_result_t result = enclave->backend->ecall(enclave, KEEP_ECALL_SWITCHLESS_WORKER,
                                                 worker->index, NULL, 0, NULL, 0, &written);
    if (result != OE_OK && !atomic_load(&enclave->aborting))
        keep_warning("switchless enclave worker %u: %s", worker->index, oe_result_str(result));
    /* Whatever ended it, a caller still waiting on this slot must not wait
     * for ever. */
    keep_switchless_stop_slot(worker->slot);
    return NULL;
}

static const oe_enclave_setting_context_switchless_t *
find_setting(const oe_enclave_setting_t *settings, uint32_t setting_count)
{
    for (uint32_t i = 0; i < setting_count; i++)
        if (settings[i].setting_type == OE_ENCLAVE_SETTING_CONTEXT_SWITCHLESS)
            return settings[i].u.context_switchless_setting;
    return NULL;
}

static uint32_t cap_workers(const char *what, size_t wanted, uint64_t cap)
{
    if (cap > KEEP_SWITCHLESS_MAX_WORKERS)
        cap = KEEP_SWITCHLESS_MAX_WORKERS;
    if (wanted > cap) {
        keep_info("switchless: %zu %s workers requested, %llu started (capped by NumTCS)", wanted,
                  what, (unsigned long long)cap);
        return (uint32_t)cap;
    }
    return (uint32_t)wanted;
}

static keep_switchless *area_new(oe_enclave_t *enclave, uint32_t hosts, uint32_t enclaves)
{
    uint32_t count = hosts + enclaves;
    keep_switchless *sl = calloc(1, sizeof(*sl) + count * sizeof(keep_switchless_worker));
    size_t area_size = sizeof(keep_switchless_area) + count * sizeof(keep_switchless_slot);
    keep_switchless_area *area = keep_arena_alloc(&enclave->arena, area_size);
    if (!sl || !area) {
        free(sl);
        keep_arena_free(&enclave->arena, area);
        return NULL;
    }
    memset(area, 0, area_size);
    *area = (keep_switchless_area){
        .magic = KEEP_SWITCHLESS_MAGIC, .host_workers = hosts, .enclave_workers = enclaves};
    *sl = (keep_switchless){.area = area, .host_workers = hosts, .enclave_workers = enclaves};
    for (uint32_t i = 0; i < count; i++)
        sl->workers[i] = (keep_switchless_worker){
            .enclave = enclave, .slot = &area->slots[i], .index = i < hosts ? 0 : i - hosts};
    return sl;
}

static oe_result_t start_threads(keep_switchless *sl)
{
    for (uint32_t i = 0; i < sl->host_workers + sl->enclave_workers; i++) {
        keep_switchless_worker *worker = &sl->workers[i];
        void *(*body)(void *) = i < sl->host_workers ? host_worker : enclave_worker;
        if (pthread_create(&worker->thread, NULL, body, worker) != 0) {
            keep_error("switchless: cannot start worker thread %u", i);
            return OE_THREAD_CREATE_ERROR;
        }
        worker->started = true;
    }
    return OE_OK;
}

oe_result_t keep_switchless_start(oe_enclave_t *enclave, const oe_enclave_setting_t *settings,
                                  uint32_t setting_count, uint64_t num_tcs)
{
    const oe_enclave_setting_context_switchless_t *setting = find_setting(settings, setting_count);
    if (!setting)
        return OE_OK;
    uint32_t hosts = cap_workers("host", setting->max_host_workers, num_tcs);
    uint32_t enclaves =
        cap_workers("enclave", setting->max_enclave_workers, num_tcs ? num_tcs - 1 : 0);
    if (!hosts && !enclaves)
        return OE_OK;
    keep_switchless *sl = area_new(enclave, hosts, enclaves);
    if (!sl)
        return OE_OUT_OF_MEMORY;
    enclave->switchless = sl;
    size_t written = 0;
    oe_result_t result =
        enclave->backend->ecall(enclave, KEEP_ECALL_SWITCHLESS_INIT, (uint64_t)(uintptr_t)sl->area,
                                NULL, 0, NULL, 0, &written);
    if (result != OE_OK) {
        keep_error("switchless: the enclave refused its workers' area: %s", oe_result_str(result));
        return result;
    }
    result = start_threads(sl);
    if (result == OE_OK)
        keep_info("switchless: %u host and %u enclave workers", hosts, enclaves);
    return result;
}

void keep_switchless_stop(oe_enclave_t *enclave)
{
    keep_switchless *sl = enclave->switchless;
    if (!sl)
        return;
    uint32_t count = sl->host_workers + sl->enclave_workers;
    for (uint32_t i = 0; i < count; i++)
        keep_switchless_stop_slot(sl->workers[i].slot);
    for (uint32_t i = 0; i < count; i++)
        if (sl->workers[i].started)
            pthread_join(sl->workers[i].thread, NULL);
    enclave->switchless = NULL;
    free(sl);
}

oe_result_t keep_switchless_ecall(oe_enclave_t *enclave, uint64_t local_id, const void *in,
                                  size_t in_size, void *out, size_t out_size, size_t *out_written,
                                  bool *served)
{
    *served = false;
    keep_switchless *sl = enclave->switchless;
    if (!sl || !sl->enclave_workers)
        return OE_OK;
    bool answered;
    oe_result_t result = OE_UNEXPECTED;
    *served = keep_switchless_call(&sl->area->slots[sl->host_workers], sl->enclave_workers,
                                   local_id, in, in_size, out, out_size, out_written, &answered,
                                   &result);
    if (!*served)
        return OE_OK;
    if (!answered)
        return atomic_load(&enclave->aborting) ? OE_ENCLAVE_ABORTING : OE_UNEXPECTED;
    return result;
}
