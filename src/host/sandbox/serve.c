/* Serving the requests an enclave thread places in its slot. Every field
 * was written by the runner, so each is read once and checked before use. */
#include "../../common/slot.h"
#include "sandbox.h"

static bool in_arena_or_empty(oe_enclave_t *enclave, uint64_t address, uint64_t size)
{
    return size == 0 || keep_arena_contains(&enclave->arena, (const void *)(uintptr_t)address,
                                            (size_t)size);
}

static oe_result_t serve_arena_request(oe_enclave_t *enclave, uint32_t kind, uint64_t size,
                                       uint64_t block, uint64_t *answer)
{
    keep_arena *arena = &enclave->arena;
    void *ptr = (void *)(uintptr_t)block;
    void *fresh = NULL;
    switch (kind) {
    case KEEP_SANDBOX_OCALL_HOST_MALLOC:
        fresh = keep_arena_alloc_owned(arena, (size_t)size, KEEP_ARENA_ENCLAVE);
        break;
    case KEEP_SANDBOX_OCALL_HOST_REALLOC:
        if (block && !keep_arena_contains(arena, ptr, 1))
            return OE_INVALID_PARAMETER;
        fresh = keep_arena_realloc_owned(arena, ptr, (size_t)size, KEEP_ARENA_ENCLAVE);
        break;
    default: /* KEEP_SANDBOX_OCALL_HOST_FREE */
        return keep_arena_free_owned(arena, ptr, KEEP_ARENA_ENCLAVE) ? OE_OK
                                                                      : OE_INVALID_PARAMETER;
    }
    *answer = (uint64_t)(uintptr_t)fresh;
    return fresh ? OE_OK : OE_OUT_OF_MEMORY;
}

void keep_sandbox_serve_ocall(oe_enclave_t *enclave, keep_sandbox_slot *slot)
{
    uint32_t kind = slot->kind;
    uint64_t function_id = slot->function_id;
    uint64_t in = slot->in, in_size = slot->in_size;
    uint64_t out = slot->out, out_size = slot->out_size;
    uint64_t answer = 0;
    oe_result_t result;

    if (kind == KEEP_SANDBOX_OCALL_HOST_MALLOC || kind == KEEP_SANDBOX_OCALL_HOST_REALLOC ||
        kind == KEEP_SANDBOX_OCALL_HOST_FREE) {
        result = serve_arena_request(enclave, kind, function_id, in, &answer);
    } else if (!in_arena_or_empty(enclave, in, in_size) ||
               !in_arena_or_empty(enclave, out, out_size)) {
        result = OE_INVALID_PARAMETER;
    } else {
        size_t written = 0;
        result = keep_dispatch_ocall(enclave, (keep_ocall_kind)kind, function_id,
                                     (const void *)(uintptr_t)in, (size_t)in_size,
                                     (void *)(uintptr_t)out, (size_t)out_size, &written);
        answer = written;
    }
    slot->written = answer;
    __atomic_store_n(&slot->result, (uint32_t)result, __ATOMIC_RELEASE);
    keep_slot_publish(slot, KEEP_SLOT_OCALL_DONE);
}
