/* The arena allocator: blocks never overlap, stay inside the arena, and the
 * host-side bookkeeping refuses pointers that are not live blocks. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdint.h>
#include <string.h>

#include "../../src/host/arena.h"

#define ARENA_SIZE (1u << 20)

static int setup(void **state)
{
    static keep_arena arena;
    if (keep_arena_init(&arena, ARENA_SIZE, false) != OE_OK)
        return -1;
    *state = &arena;
    return 0;
}

static int teardown(void **state)
{
    keep_arena_fini(*state);
    return 0;
}

static void test_blocks_disjoint_and_inside(void **state)
{
    keep_arena *arena = *state;
    enum { COUNT = 64 };
    uint8_t *blocks[COUNT];
    for (size_t i = 0; i < COUNT; i++) {
        size_t size = 1 + i * 97;
        blocks[i] = keep_arena_alloc(arena, size);
        assert_non_null(blocks[i]);
        assert_true(keep_arena_contains(arena, blocks[i], size));
        assert_int_equal((uintptr_t)blocks[i] % KEEP_ARENA_GRANULE, 0);
        memset(blocks[i], (int)i, size);
    }
    /* Each block still holds its own pattern: nothing overlapped. */
    for (size_t i = 0; i < COUNT; i++)
        for (size_t j = 0; j < 1 + i * 97; j++)
            assert_int_equal(blocks[i][j], (uint8_t)i);
    for (size_t i = 0; i < COUNT; i++)
        assert_true(keep_arena_free(arena, blocks[i]));
}

static void test_exhaustion_and_reuse(void **state)
{
    keep_arena *arena = *state;
    void *whole = keep_arena_alloc(arena, ARENA_SIZE);
    assert_non_null(whole);
    assert_null(keep_arena_alloc(arena, 1));
    assert_true(keep_arena_free(arena, whole));
    void *again = keep_arena_alloc(arena, ARENA_SIZE);
    assert_ptr_equal(again, whole);
    assert_true(keep_arena_free(arena, again));
    assert_null(keep_arena_alloc(arena, ARENA_SIZE + 1));
    assert_null(keep_arena_alloc(arena, 0));
}

static void test_bad_frees_change_nothing(void **state)
{
    keep_arena *arena = *state;
    uint8_t *block = keep_arena_alloc(arena, 256);
    assert_non_null(block);
    int outside;
    assert_false(keep_arena_free(arena, &outside));       /* not arena memory */
    assert_false(keep_arena_free(arena, block + 1));      /* not a block start */
    assert_false(keep_arena_free(arena, block + KEEP_ARENA_GRANULE)); /* inside a block */
    assert_true(keep_arena_free(arena, NULL));
    assert_true(keep_arena_free(arena, block));
    assert_false(keep_arena_free(arena, block));          /* double free */
}

/* The enclave can free or resize only blocks allocated for it: never the
 * host's staging buffers, slots or scratch regions. */
static void test_owners_are_enforced(void **state)
{
    keep_arena *arena = *state;
    void *host_block = keep_arena_alloc(arena, 128);
    void *enclave_block = keep_arena_alloc_owned(arena, 128, KEEP_ARENA_ENCLAVE);
    assert_non_null(host_block);
    assert_non_null(enclave_block);
    assert_false(keep_arena_free_owned(arena, host_block, KEEP_ARENA_ENCLAVE));
    assert_null(keep_arena_realloc_owned(arena, host_block, 4096, KEEP_ARENA_ENCLAVE));
    assert_false(keep_arena_free(arena, enclave_block));
    /* Both still live: each owner can free its own exactly once. */
    assert_true(keep_arena_free(arena, host_block));
    void *grown = keep_arena_realloc_owned(arena, enclave_block, 4096, KEEP_ARENA_ENCLAVE);
    assert_non_null(grown);
    assert_false(keep_arena_free(arena, grown));
    assert_true(keep_arena_free_owned(arena, grown, KEEP_ARENA_ENCLAVE));
    assert_false(keep_arena_free_owned(arena, grown, KEEP_ARENA_ENCLAVE));
}

/* A generated wrapper's call buffer is the host's: neither the enclave nor
 * the host's staging frees touch it, and its size is known only to its
 * owner. */
static void test_call_buffers_are_their_own_owner(void **state)
{
    keep_arena *arena = *state;
    uint8_t *call = keep_arena_alloc_owned(arena, 1000, KEEP_ARENA_CALL);
    assert_non_null(call);
    assert_int_equal(keep_arena_block_size(arena, call, KEEP_ARENA_CALL), 1024);
    assert_int_equal(keep_arena_block_size(arena, call, KEEP_ARENA_HOST), 0);
    assert_int_equal(keep_arena_block_size(arena, call, KEEP_ARENA_ENCLAVE), 0);
    assert_int_equal(keep_arena_block_size(arena, call + 64, KEEP_ARENA_CALL), 0);
    assert_false(keep_arena_free_owned(arena, call, KEEP_ARENA_ENCLAVE));
    assert_null(keep_arena_realloc_owned(arena, call, 4096, KEEP_ARENA_ENCLAVE));
    assert_false(keep_arena_free(arena, call));
    assert_true(keep_arena_free_owned(arena, call, KEEP_ARENA_CALL));
    assert_int_equal(keep_arena_block_size(arena, call, KEEP_ARENA_CALL), 0);
    assert_false(keep_arena_free_owned(arena, call, KEEP_ARENA_CALL));
}

static void test_realloc_keeps_contents(void **state)
{
    keep_arena *arena = *state;
    uint8_t *block = keep_arena_alloc(arena, 100);
    assert_non_null(block);
    memset(block, 0x5a, 100);
    uint8_t *blocker = keep_arena_alloc(arena, 64); /* forces a move */
    uint8_t *grown = keep_arena_realloc(arena, block, 5000);
    assert_non_null(grown);
    for (int i = 0; i < 100; i++)
        assert_int_equal(grown[i], 0x5a);
    int outside;
    assert_null(keep_arena_realloc(arena, &outside, 10));
    assert_true(keep_arena_free(arena, grown));
    assert_true(keep_arena_free(arena, blocker));
}

static void test_contains_rejects_wraparound(void **state)
{
    keep_arena *arena = *state;
    assert_true(keep_arena_contains(arena, arena->base, ARENA_SIZE));
    assert_false(keep_arena_contains(arena, arena->base, ARENA_SIZE + 1));
    assert_false(keep_arena_contains(arena, arena->base + 1, SIZE_MAX));
    assert_false(keep_arena_contains(arena, NULL, 1));
    assert_false(keep_arena_contains(arena, arena->base - 1, 2));
}

/* The allocator against a naive model (one bool per granule, the same
 * next-fit rule, bit by bit): every allocation must pick the same block. */
#define MODEL_GRANULES (ARENA_SIZE / KEEP_ARENA_GRANULE)

typedef struct model {
    bool used[MODEL_GRANULES];
    size_t next;
} model;

static size_t model_find(const model *m, size_t start, size_t count)
{
    size_t run = 0;
    for (size_t i = start; i < MODEL_GRANULES; i++) {
        run = m->used[i] ? 0 : run + 1;
        if (run == count)
            return i + 1 - count;
    }
    return SIZE_MAX;
}

static size_t model_alloc(model *m, size_t count)
{
    size_t first = model_find(m, m->next, count);
    if (first == SIZE_MAX && m->next)
        first = model_find(m, 0, count);
    if (first == SIZE_MAX)
        return SIZE_MAX;
    for (size_t i = first; i < first + count; i++)
        m->used[i] = true;
    m->next = first + count < MODEL_GRANULES ? first + count : 0;
    return first;
}

static void model_free(model *m, size_t first, size_t count)
{
    for (size_t i = first; i < first + count; i++)
        m->used[i] = false;
    if (first < m->next)
        m->next = first;
}

static void test_matches_naive_model(void **state)
{
    keep_arena *arena = *state;
    static model m;
    enum { LIVE = 256, STEPS = 20000 };
    uint8_t *live[LIVE] = {0};
    size_t live_count[LIVE] = {0};
    memset(&m, 0, sizeof(m));
    uint64_t rng = 0x9e3779b97f4a7c15u;
    for (size_t step = 0; step < STEPS; step++) {
        rng = rng * 6364136223846793005u + 1442695040888963407u;
        size_t slot = (size_t)(rng >> 33) % LIVE;
        if (live[slot]) {
            assert_true(keep_arena_free(arena, live[slot]));
            model_free(&m, (size_t)(live[slot] - arena->base) / KEEP_ARENA_GRANULE,
                       live_count[slot]);
            live[slot] = NULL;
            continue;
        }
        /* Mostly small blocks, some spanning several bitmap words. */
        size_t granules = (rng >> 13) % 8 ? 1 + (rng >> 20) % 70 : 1 + (rng >> 20) % 900;
        size_t size = granules * KEEP_ARENA_GRANULE - (rng >> 40) % KEEP_ARENA_GRANULE;
        size_t expect = model_alloc(&m, granules);
        uint8_t *block = keep_arena_alloc(arena, size);
        if (expect == SIZE_MAX) {
            assert_null(block);
            continue;
        }
        assert_ptr_equal(block, arena->base + expect * KEEP_ARENA_GRANULE);
        live[slot] = block;
        live_count[slot] = granules;
    }
    for (size_t i = 0; i < LIVE; i++)
        assert_true(keep_arena_free(arena, live[i]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_blocks_disjoint_and_inside, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exhaustion_and_reuse, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_frees_change_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_owners_are_enforced, setup, teardown),
        cmocka_unit_test_setup_teardown(test_call_buffers_are_their_own_owner, setup, teardown),
        cmocka_unit_test_setup_teardown(test_realloc_keeps_contents, setup, teardown),
        cmocka_unit_test_setup_teardown(test_contains_rejects_wraparound, setup, teardown),
        cmocka_unit_test_setup_teardown(test_matches_naive_model, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
