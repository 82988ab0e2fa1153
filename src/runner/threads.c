/* Enclave threads: one per TCS, each serving ECALLs on its own slot, and the
 * sandbox implementation of the enclave's outbound operations. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../common/slot.h"
#include "hostio.h"
#include "runner.h"

static __thread keep_sandbox_slot *my_slot;
static __thread uint8_t *my_scratch;
static __thread bool my_scratch_busy;
/* The state this thread published last, which it waits to see change. */
static __thread uint32_t my_last_state;

/* Runs the ECALL the host placed in the slot and publishes its result. */
long keep_runner_forward_write(int fd, const void *data, size_t size);

/* Output written before any enclave thread exists, by the image's global
 * constructors (they run while the main thread loads the image): kept here
 * in order, as records of fd (1 byte), length (4 bytes) and bytes, and sent
 * to the host by the first ECALL (KEEP_ECALL_INIT), that is during
 * oe_create_enclave, where OE prints it too. Only the main thread writes
 * here, before the enclave threads start; only the INIT ECALL reads. */
#define KEEP_EARLY_OUTPUT_SIZE ((size_t)64 << 10)
static uint8_t early_output[KEEP_EARLY_OUTPUT_SIZE];
static size_t early_output_size;

static long keep_early_output(int fd, const void *data, size_t size)
{
    size_t room = KEEP_EARLY_OUTPUT_SIZE - early_output_size;
    if (room > 5) { /* what does not fit is dropped */
        uint32_t n = (uint32_t)(size < room - 5 ? size : room - 5);
        uint8_t *record = early_output + early_output_size;
        record[0] = (uint8_t)fd;
        memcpy(record + 1, &n, sizeof(n));
        memcpy(record + 5, data, n);
        early_output_size += 5 + (size_t)n;
    }
    return (long)size;
}

static void flush_early_output(void)
{
    for (size_t off = 0; off + 5 <= early_output_size;) {
        uint32_t n;
        memcpy(&n, early_output + off + 1, sizeof(n));
        keep_runner_forward_write(early_output[off], early_output + off + 5, n);
        off += 5 + (size_t)n;
    }
    early_output_size = 0;
}

static void run_ecall(keep_runner *runner, keep_sandbox_slot *slot)
{
    keep_ecall_kind kind = (keep_ecall_kind)slot->kind;
    uint64_t function_id = slot->function_id;
    const void *in = (const void *)(uintptr_t)slot->in;
    size_t in_size = (size_t)slot->in_size;
    void *out = (void *)(uintptr_t)slot->out;
    size_t out_size = (size_t)slot->out_size;
    size_t written = 0;
    if (kind == KEEP_ECALL_INIT)
        flush_early_output();
    oe_result_t result = runner->entry->ecall(kind, function_id, in, in_size, out, out_size,
                                              &written);
    if (kind == KEEP_ECALL_AT_EXIT && result == OE_OK && runner->image) {
        /* Unloading runs the image's destructors and atexit handlers here,
         * on an enclave thread, so their output still reaches the host. */
        dlclose(runner->image);
        runner->image = NULL;
    }
    slot->written = written;
    __atomic_store_n(&slot->result, (uint32_t)result, __ATOMIC_RELEASE);
    my_last_state = KEEP_SLOT_ECALL_DONE;
    keep_slot_publish(slot, KEEP_SLOT_ECALL_DONE);
}

oe_result_t keep_runner_request(uint32_t kind, uint64_t function_id, uint64_t in,
                                uint64_t in_size, uint64_t out, uint64_t out_size,
                                uint64_t *answer)
{
    keep_sandbox_slot *slot = my_slot;
    if (!slot)
        return OE_UNEXPECTED;
    slot->kind = kind;
    slot->function_id = function_id;
    slot->in = in;
    slot->in_size = in_size;
    slot->out = out;
    slot->out_size = out_size;
    slot->written = 0;
    my_last_state = KEEP_SLOT_OCALL;
    keep_slot_publish(slot, KEEP_SLOT_OCALL);
    for (;;) {
        uint32_t now = keep_slot_wait_change(slot, my_last_state);
        if (now == KEEP_SLOT_OCALL_DONE) {
            *answer = slot->written;
            return (oe_result_t)__atomic_load_n(&slot->result, __ATOMIC_ACQUIRE);
        }
        if (now == KEEP_SLOT_ECALL)
            run_ecall(&keep_the_runner, slot);
        else if (now == KEEP_SLOT_DEAD)
            return OE_ENCLAVE_ABORTING;
        else
            my_last_state = now;
    }
}

typedef struct tcs_start {
    uint32_t tcs;
    pthread_barrier_t *ready;
} tcs_start;

static void *tcs_main(void *arg)
{
    tcs_start *start = arg;
    keep_runner *runner = &keep_the_runner;
    uint32_t tcs = start->tcs;
    my_slot = &runner->slots[tcs];
    my_scratch = runner->scratch + (size_t)tcs * runner->setup.scratch_size;
    bool ok = keep_runner_thread_signal_stack();
    pthread_barrier_wait(start->ready);
    if (!ok)
        return NULL;
    /* The host zeroed every slot (IDLE) before starting this process, and
     * may publish the first ECALL as soon as the ready message is out,
     * which can be before this thread runs again: wait for a change from
     * IDLE, not from whatever the slot holds by then. */
    my_last_state = KEEP_SLOT_IDLE;
    for (;;) {
        uint32_t now = keep_slot_wait_change(my_slot, my_last_state);
        if (now == KEEP_SLOT_DEAD)
            return NULL;
        if (now == KEEP_SLOT_ECALL)
            run_ecall(runner, my_slot);
        else
            my_last_state = now;
    }
}

oe_result_t keep_runner_start_threads(keep_runner *runner)
{
    uint32_t count = runner->setup.tcs_count;
    pthread_barrier_t ready;
    tcs_start *starts = calloc(count, sizeof(*starts));
    runner->threads = calloc(count, sizeof(pthread_t));
    if (!starts || !runner->threads || pthread_barrier_init(&ready, NULL, count + 1) != 0)
        return OE_OUT_OF_MEMORY;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, (size_t)runner->setup.stack_size);
    for (uint32_t i = 0; i < count; i++) {
        starts[i] = (tcs_start){i, &ready};
        if (pthread_create(&runner->threads[i], &attr, tcs_main, &starts[i]) != 0)
            return OE_THREAD_CREATE_ERROR; /* the runner exits; the host sees why */
    }
    pthread_barrier_wait(&ready);
    pthread_attr_destroy(&attr);
    pthread_barrier_destroy(&ready);
    free(starts);
    return OE_OK;
}

static oe_result_t runner_call_host(void *ctx, keep_ocall_kind kind, uint64_t function_id,
                                    const void *in, size_t in_size, void *out, size_t out_size,
                                    size_t *out_written)
{
    (void)ctx;
    uint64_t answer = 0;
    oe_result_t result =
        keep_runner_request(kind, function_id, (uint64_t)(uintptr_t)in, in_size,
                            (uint64_t)(uintptr_t)out, out_size, &answer);
    *out_written = (size_t)answer;
    return result;
}

/* The host's answer to an allocation must be a block inside the arena. */
static void *checked_block(oe_result_t result, uint64_t address, size_t size)
{
    const keep_sandbox_setup *s = &keep_the_runner.setup;
    if (result != OE_OK || address < s->arena_address ||
        address - s->arena_address > s->arena_size ||
        size > s->arena_size - (address - s->arena_address))
        return NULL;
    return (void *)(uintptr_t)address;
}

static void *runner_host_malloc(void *ctx, size_t size)
{
    (void)ctx;
    if (my_scratch && !my_scratch_busy && size && size <= keep_the_runner.setup.scratch_size) {
        my_scratch_busy = true;
        return my_scratch;
    }
    uint64_t address = 0;
    oe_result_t result =
        keep_runner_request(KEEP_SANDBOX_OCALL_HOST_MALLOC, size, 0, 0, 0, 0, &address);
    return checked_block(result, address, size);
}

static void runner_host_free(void *ctx, void *ptr)
{
    (void)ctx;
    if (ptr && ptr == my_scratch) {
        my_scratch_busy = false;
        return;
    }
    uint64_t ignored;
    if (ptr)
        keep_runner_request(KEEP_SANDBOX_OCALL_HOST_FREE, 0, (uint64_t)(uintptr_t)ptr, 0, 0, 0,
                            &ignored);
}

static void *runner_host_realloc(void *ctx, void *ptr, size_t size)
{
    if (ptr && ptr == my_scratch) {
        if (size <= keep_the_runner.setup.scratch_size)
            return ptr;
        void *fresh = runner_host_malloc(ctx, size);
        if (fresh) {
            memcpy(fresh, ptr, keep_the_runner.setup.scratch_size);
            my_scratch_busy = false;
        }
        return fresh;
    }
    uint64_t address = 0;
    oe_result_t result = keep_runner_request(KEEP_SANDBOX_OCALL_HOST_REALLOC, size,
                                             (uint64_t)(uintptr_t)ptr, 0, 0, 0, &address);
    return checked_block(result, address, size);
}

__attribute__((noreturn)) static void runner_abort(void *ctx)
{
    (void)ctx;
    __atomic_store_n(&keep_the_runner.crash->oe_abort, 1, __ATOMIC_RELEASE);
    abort();
}

void keep_runner_init_ops(keep_runner *runner)
{
    runner->ops = (keep_host_ops){
        .abi_version = KEEP_ENCLAVE_ABI_VERSION,
        .ctx = runner,
        .call_host = runner_call_host,
        .host_malloc = runner_host_malloc,
        .host_realloc = runner_host_realloc,
        .host_free = runner_host_free,
        .arena_start = (uintptr_t)runner->setup.arena_address,
        .arena_size = (size_t)runner->setup.arena_size,
        .abort_enclave = runner_abort,
        .platform_call = keep_runner_platform_call,
        .hostio_control = keep_runner_hostio_control,
    };
}

/* The syscall bridge's write: copies the bytes to this thread's host
 * memory in pieces and asks the host to write them. Returns the count
 * written or -errno, as the system call would. */
long keep_runner_forward_write(int fd, const void *data, size_t size)
{
    if (fd != 1 && fd != 2)
        return -ENOSYS;
    if (!my_slot)
        return keep_early_output(fd, data, size);
    size_t chunk_max = (size_t)keep_the_runner.setup.scratch_size;
    size_t done = 0;
    while (done < size) {
        size_t chunk = size - done < chunk_max ? size - done : chunk_max;
        uint8_t *buffer = runner_host_malloc(NULL, chunk);
        if (!buffer)
            return done ? (long)done : -ENOMEM;
        memcpy(buffer, (const uint8_t *)data + done, chunk);
        uint64_t ignored;
        oe_result_t result = keep_runner_request(KEEP_OCALL_WRITE, (uint64_t)fd,
                                                 (uint64_t)(uintptr_t)buffer, chunk, 0, 0,
                                                 &ignored);
        runner_host_free(NULL, buffer);
        if (result != OE_OK)
            return done ? (long)done : -EIO;
        done += chunk;
    }
    return (long)size;
}
