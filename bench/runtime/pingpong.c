/* See pingpong.h. The shared-memory version is deliberately a re-creation
 * of the discipline src/common/slot.c uses (one futex word; poll with
 * `pause` for at most 100 us, reading the clock every 16 pauses and yielding
 * between reads after the first; then sleep on a shared futex; wake only
 * when someone sleeps), not a call into it, so the baseline stays honest if
 * Keep's code changes. */
#include <limits.h>
#include <sched.h>
#include <linux/futex.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pingpong.h"
#include "report.h"

#define PP_SPIN_NS 100000
#define PP_SPIN_CHECK 16

enum { PP_IDLE, PP_PING, PP_PONG, PP_STOP };

typedef struct pp_word {
    uint32_t state;
    uint32_t sleepers;
} pp_word;

static void pp_publish(pp_word *w, uint32_t state)
{
    __atomic_store_n(&w->state, state, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&w->sleepers, __ATOMIC_SEQ_CST))
        syscall(SYS_futex, &w->state, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}

static uint32_t pp_wait_change(pp_word *w, uint32_t old)
{
    uint32_t state;
    uint64_t deadline = 0;
    for (unsigned i = 1;; i++) {
        state = __atomic_load_n(&w->state, __ATOMIC_ACQUIRE);
        if (state != old)
            return state;
#if defined(__x86_64__)
        __builtin_ia32_pause();
#endif
        if (i % PP_SPIN_CHECK)
            continue;
        uint64_t now = bench_now_ns();
        if (!deadline)
            deadline = now + PP_SPIN_NS;
        else if (now >= deadline)
            break;
        else
            sched_yield();
    }
    __atomic_fetch_add(&w->sleepers, 1, __ATOMIC_SEQ_CST);
    while ((state = __atomic_load_n(&w->state, __ATOMIC_SEQ_CST)) == old)
        syscall(SYS_futex, &w->state, FUTEX_WAIT, old, NULL, NULL, 0);
    __atomic_fetch_sub(&w->sleepers, 1, __ATOMIC_SEQ_CST);
    return state;
}

static void shm_child(pp_word *w)
{
    uint32_t last = PP_IDLE;
    for (;;) {
        uint32_t now = pp_wait_change(w, last);
        if (now == PP_STOP)
            _exit(0);
        if (now == PP_PING) {
            last = PP_PONG;
            pp_publish(w, PP_PONG);
        } else {
            last = now;
        }
    }
}

bool bench_shm_pingpong(uint64_t *samples, size_t count)
{
    pp_word *w = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (w == MAP_FAILED)
        return false;
    pid_t pid = fork();
    if (pid < 0) {
        munmap(w, 4096);
        return false;
    }
    if (pid == 0)
        shm_child(w);
    for (size_t i = 0; i < count; i++) {
        uint64_t start = bench_now_ns();
        pp_publish(w, PP_PING);
        pp_wait_change(w, PP_PING);
        samples[i] = bench_now_ns() - start;
    }
    pp_publish(w, PP_STOP);
    waitpid(pid, NULL, 0);
    munmap(w, 4096);
    return true;
}

static void pipe_child(int in, int out)
{
    char byte;
    while (read(in, &byte, 1) == 1)
        if (write(out, &byte, 1) != 1)
            break;
    _exit(0);
}

bool bench_pipe_pingpong(uint64_t *samples, size_t count)
{
    int to_child[2], to_parent[2];
    if (pipe(to_child) != 0)
        return false;
    if (pipe(to_parent) != 0) {
        close(to_child[0]);
        close(to_child[1]);
        return false;
    }
    pid_t pid = fork();
    if (pid == 0) {
        close(to_child[1]);
        close(to_parent[0]);
        pipe_child(to_child[0], to_parent[1]);
    }
    close(to_child[0]);
    close(to_parent[1]);
    bool ok = pid > 0;
    char byte = 'x';
    for (size_t i = 0; ok && i < count; i++) {
        uint64_t start = bench_now_ns();
        ok = write(to_child[1], &byte, 1) == 1 && read(to_parent[0], &byte, 1) == 1;
        samples[i] = bench_now_ns() - start;
    }
    close(to_child[1]);
    close(to_parent[0]);
    if (pid > 0)
        waitpid(pid, NULL, 0);
    return ok;
}
