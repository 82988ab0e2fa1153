/* A hostile host, on one backend (argv[1]).
 *
 * A: oe_call_enclave_function called directly with buffers laid out by hand
 *    as the generated <f>_args_t (mirrored below; a valid call through each
 *    mirror is the positive control that the layout is right): unknown
 *    names and ids, sizes that are not multiples of 16, output buffers too
 *    small, length/size/count fields beyond the buffer or overflowing,
 *    NULL pointers with sizes, strings without their NUL, overlapping
 *    buffers. Each is rejected (by the transport or in the args' oe_result)
 *    or handled, and a valid call afterwards still works.
 * B: (sandbox) the host bypasses liboehost and writes a TCS slot in the
 *    shared arena itself: unknown kinds and ids, misaligned sizes, buffers
 *    in the enclave's own memory or running past the arena, garbage slot
 *    states. The enclave rejects each and does not touch its own memory.
 * C: OCALL handlers that lie: more output than the buffer, less than
 *    required, error and non-oe_result_t results. The enclave's call fails
 *    cleanly and it keeps working.
 * D: input changed during the call: an OCALL handler overwrites every copy
 *    of the ECALL's input it can find in the arena (and the caller's
 *    buffer) while the ECALL runs; the enclave computes the same digest of
 *    its input before and after, because it copied the input first.
 * E: call buffers (oe_edger8r_allocate_ecall_buffer, which generated
 *    wrappers of functions with plain outputs marshal into): a call runs on
 *    one in place; layouts other than the wrappers' (output elsewhere,
 *    sizes past the block) are staged instead and still work; frees of
 *    anything else change nothing. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <openenclave/edger8r/host.h>

#include "common/enclave_abi.h"
#include "common/sandbox_channel.h"
#include "common/slot.h"
#include "rt_host.h"

/* Mirrors of the generated marshalling structs (build/.../gen/rt_u.c). */
typedef struct header {
    oe_result_t oe_result;
    uint8_t *deepcopy_out_buffer;
    size_t deepcopy_out_buffer_size;
} header;

typedef struct add_args {
    header h;
    int oe_retval;
    int a, b;
} add_args;

typedef struct set_global_args {
    header h;
    int v;
} set_global_args;

typedef struct get_global_args {
    header h;
    int oe_retval;
} get_global_args;

typedef struct sum_args {
    header h;
    uint64_t oe_retval;
    uint64_t *v;
    size_t n;
} sum_args;

typedef struct echo_args {
    header h;
    size_t oe_retval;
    char *s;
    size_t s_len;
    char *out;
    size_t cap;
} echo_args;

typedef struct increment_args {
    header h;
    uint32_t *v;
    size_t n;
} increment_args;

typedef struct host_add_args {
    header h;
    int oe_retval;
    int a, b;
} host_add_args;

typedef struct host_fill_args {
    header h;
    int oe_retval;
    uint8_t *buf;
    size_t n;
} host_fill_args;

_Static_assert(sizeof(header) == sizeof(keep_call_return_args), "args header");

#define ROUND16(x) (((x) + 15) & ~(size_t)15)

static oe_enclave_t *enclave;

/* One call by name; returns the transport result. */
static oe_result_t call(const char *name, const void *in, size_t in_size, void *out,
                        size_t out_size, size_t *written)
{
    uint64_t id = OE_GLOBAL_ECALL_ID_NULL;
    *written = 0;
    return oe_call_enclave_function(enclave, &id, name, in, in_size, out, out_size, written);
}

/* A valid crafted rt_add and a generated one: the enclave still works. */
static void still_works(void)
{
    _Alignas(16) uint8_t in[64], out[64];
    memset(in, 0, sizeof(in));
    memset(out, 0xee, sizeof(out));
    add_args *a = (add_args *)in;
    a->a = 1234;
    a->b = 4321;
    size_t written = 0;
    RT_ASSERT_OK(call("rt_add", in, ROUND16(sizeof(add_args)), out, ROUND16(sizeof(add_args)),
                      &written));
    RT_ASSERT_OK(((add_args *)out)->h.oe_result);
    assert_int_equal(((add_args *)out)->oe_retval, 5555);
    assert_int_equal(written, ROUND16(sizeof(add_args)));
    int ret = 0;
    RT_ASSERT_OK(rt_add(enclave, &ret, 2, 2));
    assert_int_equal(ret, 4);
}

static int setup(void **state)
{
    (void)state;
    enclave = rt_create(RT_ENCLAVE);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    RT_ASSERT_OK(oe_terminate_enclave(enclave));
    enclave = NULL;
    return 0;
}

static void transport_rejects_bad_calls(void **state)
{
    (void)state;
    _Alignas(16) uint8_t in[256], out[256];
    memset(in, 0, sizeof(in));
    size_t w = 0, size = ROUND16(sizeof(add_args));
    uint64_t id;
    RT_ASSERT_RESULT(call("rt_no_such_function", in, size, out, size, &w), OE_NOT_FOUND);
    RT_ASSERT_RESULT(call("enclave_helloworld", in, size, out, size, &w), OE_NOT_FOUND);
    id = (uint64_t)1 << 40; /* a cached id no name was ever given */
    RT_ASSERT_RESULT(oe_call_enclave_function(enclave, &id, "rt_add", in, size, out, size, &w),
                     OE_NOT_FOUND);
    id = OE_GLOBAL_ECALL_ID_NULL;
    RT_ASSERT_RESULT(oe_call_enclave_function(enclave, &id, NULL, in, size, out, size, &w),
                     OE_INVALID_PARAMETER);
    RT_ASSERT_RESULT(oe_call_enclave_function(NULL, &id, "rt_add", in, size, out, size, &w),
                     OE_INVALID_PARAMETER);
    uint64_t fake[64] = {0}; /* not a handle from oe_create_enclave */
    RT_ASSERT_RESULT(oe_call_enclave_function((oe_enclave_t *)fake, &id, "rt_add", in, size, out,
                                              size, &w),
                     OE_INVALID_PARAMETER);
    RT_ASSERT_RESULT(oe_call_enclave_function(enclave, NULL, "rt_add", in, size, out, size, &w),
                     OE_INVALID_PARAMETER);
    RT_ASSERT_RESULT(oe_call_enclave_function(enclave, &id, "rt_add", in, size, out, size, NULL),
                     OE_INVALID_PARAMETER);
    RT_ASSERT_RESULT(call("rt_add", in, size, NULL, size, &w), OE_INVALID_PARAMETER);
    RT_ASSERT_RESULT(call("rt_add", NULL, size, out, size, &w), OE_INVALID_PARAMETER);
    /* Sizes: not multiples of 16, an output too small for any header. */
    RT_ASSERT_RESULT(call("rt_add", in, sizeof(add_args), out, size, &w), OE_INVALID_PARAMETER);
    RT_ASSERT_RESULT(call("rt_add", in, size, out, sizeof(add_args), &w), OE_INVALID_PARAMETER);
    RT_ASSERT_RESULT(call("rt_add", in, size, out, 16, &w), OE_INVALID_PARAMETER);
    RT_ASSERT_RESULT(call("rt_add", in, size, out, 0, &w), OE_INVALID_PARAMETER);
    /* Sizes no arena can stage: refused before any byte is copied. */
    oe_result_t r = call("rt_add", in, SIZE_MAX & ~(size_t)15, out, size, &w);
    assert_true(r != OE_OK);
    r = call("rt_add", in, (size_t)1 << 40, out, size, &w);
    assert_true(r != OE_OK);
    r = call("rt_add", in, size, out, SIZE_MAX & ~(size_t)15, &w);
    assert_true(r != OE_OK);
    still_works();
}

static void enclave_rejects_short_buffers(void **state)
{
    (void)state;
    _Alignas(16) uint8_t in[256], out[256];
    size_t w = 0;
    /* Input shorter than the args struct (or none at all). */
    memset(in, 0, sizeof(in));
    memset(out, 0, sizeof(out));
    RT_ASSERT_OK(call("rt_add", in, 16, out, ROUND16(sizeof(add_args)), &w));
    RT_ASSERT_RESULT(((add_args *)out)->h.oe_result, OE_INVALID_PARAMETER);
    memset(out, 0, sizeof(out));
    RT_ASSERT_OK(call("rt_add", NULL, 0, out, ROUND16(sizeof(add_args)), &w));
    RT_ASSERT_RESULT(((add_args *)out)->h.oe_result, OE_INVALID_PARAMETER);

    /* Output shorter than the args struct: the function must not run
     * (its OCALL would show) and nothing is claimed written. */
    typedef struct call_host_args {
        header h;
        int oe_retval;
        int a, b;
    } call_host_args;
    assert_true(sizeof(call_host_args) > 32);
    call_host_args *ch = (call_host_args *)in;
    memset(in, 0, sizeof(in));
    ch->a = 1;
    ch->b = 2;
    int calls = rt_host_add_calls;
    RT_ASSERT_OK(call("rt_call_host", in, ROUND16(sizeof(*ch)), out, 32, &w));
    assert_int_equal(w, 0);
    assert_int_equal(rt_host_add_calls, calls);
    /* Positive control: with room for the args, it runs. */
    memset(out, 0, sizeof(out));
    RT_ASSERT_OK(call("rt_call_host", in, ROUND16(sizeof(*ch)), out, ROUND16(sizeof(*ch)), &w));
    RT_ASSERT_OK(((call_host_args *)out)->h.oe_result);
    assert_int_equal(((call_host_args *)out)->oe_retval, 3);
    assert_int_equal(rt_host_add_calls, calls + 1);
    still_works();
}

/* rt_echo(s, out, cap) with a hand-made input buffer; returns the args'
 * oe_result and the retval. */
static oe_result_t echo(const char *s_bytes, size_t s_copy, char *s_ptr, size_t s_len, char *out_ptr,
                        size_t cap, size_t out_section, size_t *retval, char *echoed)
{
    _Alignas(16) uint8_t in[512], out[512];
    memset(in, 0, sizeof(in));
    memset(out, 0, sizeof(out));
    echo_args *a = (echo_args *)in;
    a->s = s_ptr;
    a->s_len = s_len;
    a->out = out_ptr;
    a->cap = cap;
    size_t in_size = ROUND16(sizeof(*a)) + ROUND16(s_copy);
    memcpy(in + ROUND16(sizeof(*a)), s_bytes, s_copy);
    size_t out_size = ROUND16(sizeof(*a)) + ROUND16(out_section), w = 0;
    RT_ASSERT_OK(call("rt_echo", in, in_size, out, out_size, &w));
    echo_args *o = (echo_args *)out;
    *retval = o->oe_retval;
    if (echoed)
        memcpy(echoed, out + ROUND16(sizeof(*a)), out_section < 64 ? out_section : 64);
    if (o->h.oe_result == OE_OK)
        assert_int_equal(w, out_size);
    return o->h.oe_result;
}

static void enclave_rejects_bad_strings_and_sizes(void **state)
{
    (void)state;
    char *present = (char *)(uintptr_t)0x1000; /* any non-NULL value: "present" */
    char echoed[64];
    size_t ret = 0;
    /* Positive control: the layout is right. */
    RT_ASSERT_OK(echo("hello", 6, present, 6, present, 16, 16, &ret, echoed));
    assert_int_equal(ret, 5);
    assert_string_equal(echoed, "hello");
    /* Length beyond the buffer, overflowing, zero, and without the NUL. */
    assert_true(echo("hello", 6, present, 1000, present, 16, 16, &ret, NULL) != OE_OK);
    assert_true(echo("hello", 6, present, SIZE_MAX, present, 16, 16, &ret, NULL) != OE_OK);
    assert_true(echo("hello", 6, present, SIZE_MAX - 15, present, 16, 16, &ret, NULL) != OE_OK);
    RT_ASSERT_RESULT(echo("hello", 6, present, 0, present, 16, 16, &ret, NULL),
                     OE_INVALID_PARAMETER);
    RT_ASSERT_RESULT(echo("hellox", 6, present, 6, present, 16, 16, &ret, NULL),
                     OE_INVALID_PARAMETER);
    /* Output capacity beyond the output buffer, or overflowing. */
    assert_true(echo("hello", 6, present, 6, present, (size_t)1 << 40, 16, &ret, NULL) !=
                OE_OK);
    assert_true(echo("hello", 6, present, 6, present, SIZE_MAX, 16, &ret, NULL) != OE_OK);
    assert_true(echo("hello", 6, present, 6, present, 17, 16, &ret, NULL) != OE_OK);
    /* NULL pointers with sizes: the section is absent and the function
     * gets NULL (as in OE); the enclave code copes. */
    RT_ASSERT_OK(echo("hello", 6, NULL, 6, present, 16, 16, &ret, NULL));
    assert_true(ret == SIZE_MAX);
    RT_ASSERT_OK(echo("hello", 6, present, 6, NULL, 16, 0, &ret, NULL));
    assert_int_equal(ret, 5);

    /* rt_sum: counts that overflow count * 8 or exceed the buffer. */
    _Alignas(16) uint8_t in[256], out[256];
    size_t w = 0;
    const size_t counts[] = {SIZE_MAX / 8 + 1, (size_t)1 << 61, SIZE_MAX, 3};
    for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
        memset(in, 0, sizeof(in));
        memset(out, 0, sizeof(out));
        sum_args *a = (sum_args *)in;
        a->v = (uint64_t *)(uintptr_t)0x1000;
        a->n = counts[i];
        uint64_t *v = (uint64_t *)(in + ROUND16(sizeof(*a)));
        v[0] = 1;
        v[1] = 2; /* room for two elements only */
        RT_ASSERT_OK(call("rt_sum", in, ROUND16(sizeof(*a)) + 16, out, ROUND16(sizeof(*a)), &w));
        if (((sum_args *)out)->h.oe_result == OE_OK)
            fail_msg("rt_sum accepted a count of %zu with 2 elements sent", counts[i]);
    }
    /* The same buffer with its true count works (positive control). */
    ((sum_args *)in)->n = 2;
    RT_ASSERT_OK(call("rt_sum", in, ROUND16(sizeof(sum_args)) + 16, out,
                      ROUND16(sizeof(sum_args)), &w));
    RT_ASSERT_OK(((sum_args *)out)->h.oe_result);
    assert_true(((sum_args *)out)->oe_retval == 3);

    /* rt_increment [in, out]: a count beyond the output buffer. */
    memset(in, 0, sizeof(in));
    memset(out, 0, sizeof(out));
    increment_args *inc = (increment_args *)in;
    inc->v = (uint32_t *)(uintptr_t)0x1000;
    inc->n = 8; /* 32 bytes in, but only 16 bytes of output section */
    RT_ASSERT_OK(call("rt_increment", in, ROUND16(sizeof(*inc)) + 32, out,
                      ROUND16(sizeof(*inc)) + 16, &w));
    assert_true(((increment_args *)out)->h.oe_result != OE_OK);
    still_works();
}

/* The same memory as input and output, and overlapping at an offset: the
 * runtime stages each side on its own, so the answer is still right. */
static void overlapping_buffers(void **state)
{
    (void)state;
    _Alignas(16) uint8_t buf[256];
    size_t size = ROUND16(sizeof(add_args)), w = 0;
    for (size_t offset = 0; offset <= 32; offset += 16) {
        memset(buf, 0, sizeof(buf));
        add_args *a = (add_args *)buf;
        a->a = 20;
        a->b = (int)offset;
        RT_ASSERT_OK(call("rt_add", buf, size, buf + offset, size, &w));
        add_args *o = (add_args *)(buf + offset);
        RT_ASSERT_OK(o->h.oe_result);
        assert_int_equal(o->oe_retval, 20 + (int)offset);
    }
    still_works();
}

/* --- B: writing the slot directly (sandbox) --- */

typedef struct arena_map {
    uint8_t *base;
    size_t size;
} arena_map;

/* The arenas of this process, from /proc/self/maps: the sandbox's memfd,
 * or on sim the shared anonymous mapping (shown as /dev/zero). */
static int find_arenas(arena_map *maps, int max)
{
    FILE *f = fopen("/proc/self/maps", "re");
    char line[512];
    int count = 0;
    assert_non_null(f);
    while (count < max && fgets(line, sizeof(line), f)) {
        unsigned long start, end;
        if (sscanf(line, "%lx-%lx", &start, &end) != 2)
            continue;
        bool sandbox_arena = strstr(line, "keep-arena") != NULL;
        bool sim_arena = strstr(line, "/dev/zero") != NULL && strstr(line, "rw-s");
        if (rt_sim ? sim_arena : sandbox_arena) {
            maps[count].base = (uint8_t *)start;
            maps[count].size = end - start;
            count++;
        }
    }
    fclose(f);
    return count;
}

static keep_sandbox_slot *slot0;
static arena_map arena;
/* Answers an OCALL found in the slot (sets result and written). */
static void (*raw_answer)(keep_sandbox_slot *slot);

/* Publishes a request in slot 0 as liboehost would, and waits for the
 * answer. Only used while no other thread calls the enclave. */
static oe_result_t raw_ecall(uint32_t kind, uint64_t function_id, uint64_t in, uint64_t in_size,
                             uint64_t out, uint64_t out_size, uint64_t *written)
{
    slot0->kind = kind;
    slot0->function_id = function_id;
    slot0->in = in;
    slot0->in_size = in_size;
    slot0->out = out;
    slot0->out_size = out_size;
    slot0->written = 0;
    keep_slot_publish(slot0, KEEP_SLOT_ECALL);
    uint32_t s = keep_slot_wait_change(slot0, KEEP_SLOT_ECALL);
    /* OCALLs the enclave makes meanwhile get the hostile host's answers. */
    while (s == KEEP_SLOT_OCALL && raw_answer) {
        raw_answer(slot0);
        keep_slot_publish(slot0, KEEP_SLOT_OCALL_DONE);
        s = keep_slot_wait_change(slot0, KEEP_SLOT_OCALL_DONE);
    }
    assert_int_equal(s, KEEP_SLOT_ECALL_DONE);
    *written = slot0->written;
    return (oe_result_t)slot0->result;
}

static void locate_slot0(void)
{
    arena_map maps[4];
    assert_int_equal(find_arenas(maps, 4), 1);
    arena = maps[0];
    /* The slots are the arena's first block; a call just made through the
     * API left its traces in slot 0. */
    int ret = 0;
    RT_ASSERT_OK(rt_add(enclave, &ret, 1, 2));
    slot0 = (keep_sandbox_slot *)arena.base;
    assert_int_equal(slot0->state, KEEP_SLOT_ECALL_DONE);
    assert_int_equal(slot0->kind, KEEP_ECALL_USER);
    assert_int_equal(slot0->function_id, 0); /* rt_add's local id */
}

static void raw_slot_requests_rejected(void **state)
{
    (void)state;
    if (rt_sim)
        skip(); /* sim has no slots: the host calls the enclave directly */
    locate_slot0();
    uint8_t secret[RT_SECRET_SIZE], again[RT_SECRET_SIZE];
    uint64_t secret_address = 0, w = 0;
    RT_ASSERT_OK(rt_secret_address(enclave, &secret_address, secret, sizeof(secret)));

    /* Buffers at the end of the arena, away from the host's allocations. */
    uint8_t *in = arena.base + arena.size - 4096, *out = in + 1024;
    uint64_t in_a = (uint64_t)(uintptr_t)in, out_a = (uint64_t)(uintptr_t)out;
    uint64_t size = ROUND16(sizeof(add_args));
    memset(in, 0, 2048);
    ((add_args *)in)->a = 7;
    ((add_args *)in)->b = 8;
    /* Positive control: a well-formed raw request works. */
    RT_ASSERT_OK(raw_ecall(KEEP_ECALL_USER, 0, in_a, size, out_a, size, &w));
    assert_int_equal(((add_args *)out)->oe_retval, 15);
    assert_int_equal(w, size);

    RT_ASSERT_RESULT(raw_ecall(99, 0, in_a, size, out_a, size, &w), OE_INVALID_PARAMETER);
    RT_ASSERT_RESULT(raw_ecall(KEEP_ECALL_USER, 100000, in_a, size, out_a, size, &w),
                     OE_NOT_FOUND);
    RT_ASSERT_RESULT(raw_ecall(KEEP_ECALL_USER, UINT64_MAX, in_a, size, out_a, size, &w),
                     OE_NOT_FOUND);
    RT_ASSERT_RESULT(raw_ecall(KEEP_ECALL_USER, 0, in_a, size - 8, out_a, size, &w),
                     OE_INVALID_PARAMETER);
    RT_ASSERT_RESULT(raw_ecall(KEEP_ECALL_USER, 0, in_a, size, out_a, 16, &w),
                     OE_INVALID_PARAMETER);
    /* Buffers in the enclave's own memory: never read as input nor
     * written as output. */
    RT_ASSERT_RESULT(raw_ecall(KEEP_ECALL_USER, 0, secret_address, 32, out_a, size, &w),
                     OE_INVALID_PARAMETER);
    RT_ASSERT_RESULT(raw_ecall(KEEP_ECALL_USER, 0, in_a, size, secret_address, 32, &w),
                     OE_INVALID_PARAMETER);
    /* Buffers running past the arena's end, wrapping, or huge. */
    uint64_t end = (uint64_t)(uintptr_t)(arena.base + arena.size);
    RT_ASSERT_RESULT(raw_ecall(KEEP_ECALL_USER, 0, end - 32, 64, out_a, size, &w),
                     OE_INVALID_PARAMETER);
    RT_ASSERT_RESULT(raw_ecall(KEEP_ECALL_USER, 0, in_a, size, end - 32, 64, &w),
                     OE_INVALID_PARAMETER);
    RT_ASSERT_RESULT(raw_ecall(KEEP_ECALL_USER, 0, in_a, UINT64_MAX - 15, out_a, size, &w),
                     OE_INVALID_PARAMETER);
    RT_ASSERT_RESULT(raw_ecall(KEEP_ECALL_USER, 0, in_a, size, out_a, UINT64_MAX - 15, &w),
                     OE_INVALID_PARAMETER);
    RT_ASSERT_RESULT(raw_ecall(KEEP_ECALL_USER, 0, 0, size, out_a, size, &w),
                     OE_INVALID_PARAMETER);
    RT_ASSERT_RESULT(raw_ecall(KEEP_ECALL_USER, 0, in_a, size, 0, size, &w),
                     OE_INVALID_PARAMETER);
    /* Input and output in the same arena bytes: the enclave copied the
     * input before writing the output. */
    memset(in, 0, 64);
    ((add_args *)in)->a = 100;
    ((add_args *)in)->b = 23;
    RT_ASSERT_OK(raw_ecall(KEEP_ECALL_USER, 0, in_a, size, in_a, size, &w));
    assert_int_equal(((add_args *)in)->oe_retval, 123);

    /* Garbage states: the enclave thread ignores what it did not expect. */
    const uint32_t garbage[] = {KEEP_SLOT_OCALL_DONE, 77, KEEP_SLOT_IDLE, KEEP_SLOT_ECALL_DONE};
    for (size_t i = 0; i < sizeof(garbage) / sizeof(garbage[0]); i++) {
        keep_slot_publish(slot0, garbage[i]);
        usleep(1000);
    }
    /* Nothing above changed the enclave's memory; it still works. */
    RT_ASSERT_OK(rt_secret_address(enclave, &secret_address, again, sizeof(again)));
    assert_memory_equal(secret, again, sizeof(secret));
    still_works();
}

/* Hostile answers to the enclave's requests, given in the slot itself (the
 * enclave's own checks, not liboehost's, are what stand in the way). */
static uint64_t enclave_address; /* an address inside the enclave */
static int answer_mode;
static int arena_requests, user_ocalls;

static void hostile_answer(keep_sandbox_slot *slot)
{
    slot->result = OE_OK;
    slot->written = 0;
    if (slot->kind == KEEP_SANDBOX_OCALL_HOST_MALLOC ||
        slot->kind == KEEP_SANDBOX_OCALL_HOST_REALLOC) {
        /* "Here is your host memory": in the enclave, or running past the
         * arena's end. */
        arena_requests++;
        slot->written = answer_mode == 0 ? enclave_address
                                         : (uint64_t)(uintptr_t)(arena.base + arena.size - 64);
        return;
    }
    if (slot->kind != KEEP_OCALL_USER)
        return;
    user_ocalls++;
    header *h = (header *)(uintptr_t)slot->out;
    if (slot->out_size < sizeof(host_add_args))
        return;
    memset(h, 0, sizeof(host_add_args));
    ((host_add_args *)h)->oe_retval = 42;
    slot->written = slot->out_size;
    switch (answer_mode) {
    case 0: /* more output than the buffer holds */
        slot->written = slot->out_size + 4096;
        break;
    case 1: /* a deep-copy buffer "returned" in the enclave's own memory */
        h->deepcopy_out_buffer = (uint8_t *)(uintptr_t)enclave_address;
        h->deepcopy_out_buffer_size = RT_SECRET_SIZE;
        break;
    case 2: /* a result that is no oe_result_t */
        slot->result = 0xdeadbeef;
        break;
    }
}

static void raw_ocall_answers_checked(void **state)
{
    (void)state;
    if (rt_sim)
        skip(); /* sim has no slots */
    locate_slot0();
    uint8_t secret[RT_SECRET_SIZE], again[RT_SECRET_SIZE];
    RT_ASSERT_OK(rt_secret_address(enclave, &enclave_address, secret, sizeof(secret)));
    uint8_t *in = arena.base + arena.size - 8192, *out = in + 1024;
    uint64_t in_a = (uint64_t)(uintptr_t)in, out_a = (uint64_t)(uintptr_t)out, w = 0;
    raw_answer = hostile_answer;

    /* rt_host_alloc (local id 23) of more than a scratch buffer: the host
     * answers with enclave memory, or a block running past the arena's
     * end; the enclave refuses both (oe_host_malloc returns NULL). */
    typedef struct host_alloc_args {
        header h;
        int oe_retval;
        size_t size;
    } host_alloc_args;
    for (answer_mode = 0; answer_mode < 2; answer_mode++) {
        host_alloc_args *a = (host_alloc_args *)in;
        memset(in, 0, 2048);
        a->size = 100000;
        arena_requests = 0;
        RT_ASSERT_OK(raw_ecall(KEEP_ECALL_USER, 23, in_a, ROUND16(sizeof(*a)), out_a,
                               ROUND16(sizeof(*a)), &w));
        RT_ASSERT_OK(((host_alloc_args *)out)->h.oe_result);
        assert_int_equal(arena_requests, 1);
        if (((host_alloc_args *)out)->oe_retval != 0)
            fail_msg("mode %d: oe_host_malloc accepted the host's answer (%d)", answer_mode,
                     ((host_alloc_args *)out)->oe_retval);
    }
    /* Positive control: answered by liboehost, the same call succeeds. */
    int got = -1;
    RT_ASSERT_OK(rt_host_alloc(enclave, &got, 100000));
    assert_int_equal(got, 1);
    /* rt_call_host (local id 4): the OCALL's answer claims too much
     * output, returns an enclave pointer as its deep-copy buffer, or a
     * bogus result; the enclave's wrapper fails the OCALL each time. */
    for (answer_mode = 0; answer_mode < 3; answer_mode++) {
        host_add_args *a = (host_add_args *)in; /* same shape as rt_call_host's */
        memset(in, 0, 2048);
        a->a = 20;
        a->b = 22;
        user_ocalls = 0;
        RT_ASSERT_OK(raw_ecall(KEEP_ECALL_USER, 4, in_a, ROUND16(sizeof(*a)), out_a,
                               ROUND16(sizeof(*a)), &w));
        RT_ASSERT_OK(((host_add_args *)out)->h.oe_result);
        assert_int_equal(user_ocalls, 1);
        if (((host_add_args *)out)->oe_retval != -1)
            fail_msg("mode %d: the enclave accepted the OCALL's answer (returned %d)",
                     answer_mode, ((host_add_args *)out)->oe_retval);
    }
    raw_answer = NULL;
    /* The enclave's memory is as it was, and it still works. */
    uint64_t address = 0;
    RT_ASSERT_OK(rt_secret_address(enclave, &address, again, sizeof(again)));
    assert_memory_equal(secret, again, sizeof(secret));
    still_works();
}

/* --- C: lying OCALL handlers --- */

static const oe_ecall_info_t ecall_names[] = {
    {"rt_add"},          {"rt_sum"},           {"rt_echo"},         {"rt_increment"},
    {"rt_call_host"},    {"rt_thread_id"},     {"rt_nested"},       {"rt_block"},
    {"rt_set_global"},   {"rt_get_global"},    {"rt_host_memory"},  {"rt_random"},
    {"rt_check_pointer"}, {"rt_secret_address"}, {"rt_crash_null"},  {"rt_crash_abort"},
    {"rt_crash_oe_abort"}, {"rt_crash_stack"},  {"rt_heap_try"},     {"rt_try_syscall"},
    {"rt_print"},        {"rt_snapshot"},      {"rt_ocall_checks"},  {"rt_host_alloc"},
};

static int fill_calls;

static void raw_host_add(const uint8_t *in, size_t in_size, uint8_t *out, size_t out_size,
                         size_t *written)
{
    if (in_size < sizeof(host_add_args) || out_size < sizeof(host_add_args))
        return;
    const host_add_args *a = (const host_add_args *)in;
    host_add_args *o = (host_add_args *)out;
    o->h.oe_result = OE_OK;
    o->oe_retval = a->a + a->b;
    *written = ROUND16(sizeof(host_add_args));
}

static void lying_host_fill(const uint8_t *in, size_t in_size, uint8_t *out, size_t out_size,
                            size_t *written)
{
    if (in_size < sizeof(host_fill_args) || out_size < ROUND16(sizeof(host_fill_args)))
        return;
    const host_fill_args *a = (const host_fill_args *)in;
    host_fill_args *o = (host_fill_args *)out;
    size_t need = ROUND16(sizeof(host_fill_args)) + ROUND16(a->n);
    if (need > out_size)
        return;
    o->h.oe_result = OE_OK;
    o->oe_retval = (int)a->n;
    memset(out + ROUND16(sizeof(host_fill_args)), RT_FILL_BYTE, a->n);
    *written = need;
    switch (fill_calls++) {
    case RT_OCALL_WRITTEN_TOO_LARGE:
        *written = out_size + 64;
        break;
    case RT_OCALL_WRITTEN_SHORT:
        *written = ROUND16(sizeof(host_fill_args));
        break;
    case RT_OCALL_ERROR_RESULT:
        o->h.oe_result = OE_OUT_OF_MEMORY;
        break;
    case RT_OCALL_BOGUS_RESULT:
        o->h.oe_result = (oe_result_t)0xdeadbeef;
        break;
    }
}

static void lying_ocalls(void **state)
{
    (void)state;
    static const oe_ocall_func_t ocalls[] = {raw_host_add, NULL, NULL, NULL, lying_host_fill};
    oe_enclave_t *liar = NULL;
    RT_ASSERT_OK(oe_create_enclave(RT_ENCLAVE, OE_ENCLAVE_TYPE_AUTO, rt_flags(), NULL, 0, ocalls,
                                   5, ecall_names, sizeof(ecall_names) / sizeof(ecall_names[0]),
                                   &liar));
    int results[RT_OCALL_MODE_COUNT], ret = 0;
    for (int round = 0; round < 2; round++) {
        fill_calls = 0;
        memset(results, 0x7f, sizeof(results));
        RT_ASSERT_OK(rt_ocall_checks(liar, &ret, results, RT_OCALL_MODE_COUNT));
        assert_int_equal(ret, 42); /* the enclave's own OCALL afterwards still worked */
        RT_ASSERT_RESULT((oe_result_t)results[RT_OCALL_HONEST], OE_OK);
        RT_ASSERT_RESULT((oe_result_t)results[RT_OCALL_WRITTEN_TOO_LARGE], OE_UNEXPECTED);
        RT_ASSERT_RESULT((oe_result_t)results[RT_OCALL_WRITTEN_SHORT], OE_FAILURE);
        RT_ASSERT_RESULT((oe_result_t)results[RT_OCALL_ERROR_RESULT], OE_OUT_OF_MEMORY);
        RT_ASSERT_RESULT((oe_result_t)results[RT_OCALL_BOGUS_RESULT], OE_UNEXPECTED);
    }
    RT_ASSERT_OK(rt_add(liar, &ret, 1, 1));
    assert_int_equal(ret, 2);
    RT_ASSERT_OK(oe_terminate_enclave(liar));
}

/* --- D: input changed during the call --- */

#define SNAPSHOT_SIZE 4096
static uint8_t snapshot_input[SNAPSHOT_SIZE];
static int arena_copies_mutated;

/* Overwrites every resident copy of the input's first 64 bytes in this
 * process's arenas (pages never touched are skipped, so the scan does not
 * allocate them). */
static void mutate_arena_copies(void)
{
    arena_map maps[8];
    int count = find_arenas(maps, 8);
    long page = sysconf(_SC_PAGESIZE);
    unsigned char resident;
    for (int m = 0; m < count; m++)
        for (size_t off = 0; off < maps[m].size; off += (size_t)page) {
            uint8_t *p = maps[m].base + off;
            if (mincore(p, (size_t)page, &resident) != 0 || !(resident & 1))
                continue;
            for (size_t i = 0; i + 64 <= (size_t)page; i += 16)
                if (memcmp(p + i, snapshot_input, 64) == 0) {
                    memset(p + i, 0xa5, 64);
                    arena_copies_mutated++;
                }
        }
    /* The caller's own buffer, too. */
    memset(snapshot_input, 0x5a, sizeof(snapshot_input));
}

static uint64_t digest(const uint8_t *buf, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ buf[i]) * 1099511628211ull;
    return h;
}

static void input_changed_during_call(void **state)
{
    (void)state;
    srand((unsigned)getpid());
    for (size_t i = 0; i < sizeof(snapshot_input); i++)
        snapshot_input[i] = (uint8_t)rand();
    memcpy(snapshot_input, "KEEP-RT-MUTATE-ME", 17);
    uint64_t expected = digest(snapshot_input, sizeof(snapshot_input));
    uint64_t before = 0, after = 0;
    arena_copies_mutated = 0;
    rt_on_mutate = mutate_arena_copies;
    RT_ASSERT_OK(rt_snapshot(enclave, &before, snapshot_input, sizeof(snapshot_input), &after));
    rt_on_mutate = NULL;
    /* The attack landed: the staged input in the arena was overwritten. */
    if (arena_copies_mutated < 1)
        fail_msg("no copy of the input found in the arena to change");
    assert_true(before == expected);
    assert_true(after == expected);
    still_works();
}

/* --- E: call buffers --- */

static void call_buffers(void **state)
{
    (void)state;
    size_t size = ROUND16(sizeof(add_args)), w = 0;
    uint8_t *buffer = oe_edger8r_allocate_ecall_buffer(enclave, 2 * size + 64);
    assert_non_null(buffer);
    memset(buffer, 0, 2 * size + 64);
    add_args *in = (add_args *)buffer, *out = (add_args *)(buffer + size);
    in->a = 40;
    in->b = 2;
    /* The wrappers' layout: in place, the answer lands in the buffer. */
    RT_ASSERT_OK(call("rt_add", in, size, out, size, &w));
    RT_ASSERT_OK(out->h.oe_result);
    assert_int_equal(out->oe_retval, 42);
    assert_int_equal(w, size);
    /* Output elsewhere, or sizes running past the block: staged, same answer. */
    _Alignas(16) uint8_t elsewhere[64];
    memset(elsewhere, 0, sizeof(elsewhere));
    RT_ASSERT_OK(call("rt_add", in, size, elsewhere, size, &w));
    assert_int_equal(((add_args *)elsewhere)->oe_retval, 42);
    memset(out, 0, size);
    RT_ASSERT_OK(call("rt_add", in, size, out, size + 64, &w));
    assert_int_equal(out->oe_retval, 42);
    /* An interior pointer is not a call buffer either. */
    memcpy(buffer + 64, in, sizeof(*in));
    RT_ASSERT_OK(call("rt_add", buffer + 64, size, buffer + 64 + size, size, &w));
    assert_int_equal(((add_args *)(buffer + 64 + size))->oe_retval, 42);
    /* Freeing an interior pointer changes nothing; the buffer itself goes. */
    oe_edger8r_free_ecall_buffer(enclave, buffer + 64);
    oe_edger8r_free_ecall_buffer(enclave, buffer);
    /* Without an enclave the buffer is plain host memory. */
    void *plain = oe_edger8r_allocate_ecall_buffer(NULL, 64);
    assert_non_null(plain);
    oe_edger8r_free_ecall_buffer(NULL, plain);
    still_works();
}

int main(int argc, char **argv)
{
    rt_parse_backend(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(transport_rejects_bad_calls),
        cmocka_unit_test(enclave_rejects_short_buffers),
        cmocka_unit_test(enclave_rejects_bad_strings_and_sizes),
        cmocka_unit_test(overlapping_buffers),
        cmocka_unit_test(raw_slot_requests_rejected),
        cmocka_unit_test(raw_ocall_answers_checked),
        cmocka_unit_test(lying_ocalls),
        cmocka_unit_test(input_changed_during_call),
        cmocka_unit_test(call_buffers),
    };
    return cmocka_run_group_tests_name(rt_sim ? "runtime hostile host (sim)"
                                              : "runtime hostile host (sandbox)",
                                       tests, setup, teardown);
}
