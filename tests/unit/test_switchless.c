/* The switchless slot protocol (src/common/switchless.h): claiming, the
 * request/answer hand-off between two threads, STOP, and a hostile state. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <pthread.h>
#include <string.h>

#include "../../src/common/switchless.h"

#define CALLS 2000

/* A worker that doubles function_id until told to stop. */
static void *worker(void *arg)
{
    keep_switchless_slot *slot = arg;
    while (keep_switchless_wait_request(slot) == KEEP_SWITCHLESS_REQUEST) {
        slot->written = slot->function_id * 2;
        if (!keep_switchless_move(slot, KEEP_SWITCHLESS_REQUEST, KEEP_SWITCHLESS_DONE))
            break;
    }
    return NULL;
}

static void test_claim_takes_idle_slots_only(void **state)
{
    (void)state;
    keep_switchless_slot slots[2];
    memset(slots, 0, sizeof(slots));
    assert_ptr_equal(keep_switchless_claim(slots, 2), &slots[0]);
    assert_ptr_equal(keep_switchless_claim(slots, 2), &slots[1]);
    assert_null(keep_switchless_claim(slots, 2));
    keep_switchless_stop_slot(&slots[0]);
    assert_false(keep_switchless_move(&slots[0], KEEP_SWITCHLESS_CLAIMED, KEEP_SWITCHLESS_REQUEST));
    assert_null(keep_switchless_claim(slots, 1));
}

static void test_calls_are_answered_in_order(void **state)
{
    (void)state;
    keep_switchless_slot slot;
    memset(&slot, 0, sizeof(slot));
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, worker, &slot), 0);
    for (uint64_t i = 0; i < CALLS; i++) {
        assert_ptr_equal(keep_switchless_claim(&slot, 1), &slot);
        slot.function_id = i;
        assert_true(keep_switchless_move(&slot, KEEP_SWITCHLESS_CLAIMED, KEEP_SWITCHLESS_REQUEST));
        assert_int_equal(keep_switchless_wait_answer(&slot), KEEP_SWITCHLESS_DONE);
        assert_int_equal(slot.written, 2 * i);
        assert_true(keep_switchless_move(&slot, KEEP_SWITCHLESS_DONE, KEEP_SWITCHLESS_IDLE));
    }
    keep_switchless_stop_slot(&slot);
    assert_int_equal(pthread_join(thread, NULL), 0);
}

/* A state outside the protocol (written by the other side) ends the
 * worker rather than being served. */
static void test_unknown_state_stops_worker(void **state)
{
    (void)state;
    keep_switchless_slot slot;
    memset(&slot, 0, sizeof(slot));
    slot.state = 77;
    assert_int_equal(keep_switchless_wait_request(&slot), KEEP_SWITCHLESS_STOP);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_claim_takes_idle_slots_only),
        cmocka_unit_test(test_calls_are_answered_in_order),
        cmocka_unit_test(test_unknown_state_stops_worker),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
