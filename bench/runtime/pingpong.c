/* See pingpong.h. The shared-memory version is deliberately a re-creation
 * of the discipline src/common/slot.c uses (one futex word; poll with
 * `pause` for at most 100 us, reading the clock every 16 pauses and yielding
 * between reads after the first; then sleep on a shared futex; wake only
 * when someone sleeps), not a call into it, so the baseline stays honest if
 * Keep's code changes. */
#define _GNU_SOURCE
#include <fcntl.h>
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

struct bench_pingpong {
    pp_word *word;
    pid_t shm_pid, pipe_pid;
    int to_child, from_child;
};

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

static void pipe_child(int in, int out)
{
    char byte;
    while (read(in, &byte, 1) == 1)
        if (write(out, &byte, 1) != 1)
            break;
    _exit(0);
}

static bool start_pipe_child(bench_pingpong *pp)
{
    int to_child[2], to_parent[2];
    if (pipe2(to_child, O_CLOEXEC) != 0)
        return false;
    if (pipe2(to_parent, O_CLOEXEC) != 0) {
        close(to_child[0]);
        close(to_child[1]);
        return false;
    }
    pp->pipe_pid = fork();
    if (pp->pipe_pid == 0) {
        close(to_child[1]);
        close(to_parent[0]);
        pipe_child(to_child[0], to_parent[1]);
    }
    close(to_child[0]);
    close(to_parent[1]);
    pp->to_child = to_child[1];
    pp->from_child = to_parent[0];
    return pp->pipe_pid > 0;
}

bench_pingpong *bench_pingpong_open(void)
{
    bench_pingpong *pp = calloc(1, sizeof(*pp));
    if (!pp)
        return NULL;
    pp->to_child = pp->from_child = -1;
    pp->word = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (pp->word == MAP_FAILED) {
        pp->word = NULL;
        bench_pingpong_close(pp);
        return NULL;
    }
    pp->shm_pid = fork();
    if (pp->shm_pid == 0)
        shm_child(pp->word);
    if (pp->shm_pid < 0 || !start_pipe_child(pp)) {
        bench_pingpong_close(pp);
        return NULL;
    }
    return pp;
}

bool bench_pingpong_shm(bench_pingpong *pp, uint64_t *samples, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        uint64_t start = bench_now_ns();
        pp_publish(pp->word, PP_PING);
        uint32_t now = pp_wait_change(pp->word, PP_PING);
        samples[i] = bench_now_ns() - start;
        if (now != PP_PONG)
            return false;
    }
    return true;
}

bool bench_pingpong_pipe(bench_pingpong *pp, uint64_t *samples, size_t count)
{
    char byte = 'x';
    for (size_t i = 0; i < count; i++) {
        uint64_t start = bench_now_ns();
        bool ok = write(pp->to_child, &byte, 1) == 1 && read(pp->from_child, &byte, 1) == 1;
        samples[i] = bench_now_ns() - start;
        if (!ok)
            return false;
    }
    return true;
}

void bench_pingpong_close(bench_pingpong *pp)
{
    if (!pp)
        return;
    if (pp->shm_pid > 0) {
        pp_publish(pp->word, PP_STOP);
        waitpid(pp->shm_pid, NULL, 0);
    }
    if (pp->to_child >= 0)
        close(pp->to_child);
    if (pp->from_child >= 0)
        close(pp->from_child);
    if (pp->pipe_pid > 0)
        waitpid(pp->pipe_pid, NULL, 0);
    if (pp->word)
        munmap(pp->word, 4096);
    free(pp);
}
