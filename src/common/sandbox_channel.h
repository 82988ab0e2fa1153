/* The sandbox boundary: what the host and the keep-enclave runner share.
 *
 * Bootstrap: the host starts the runner with one SOCK_SEQPACKET socket as
 * fd 3 and sends one keep_sandbox_setup message carrying two descriptors
 * (the arena memfd and the sealed image memfd). The runner maps the arena
 * at the same address, loads the image, confines itself and answers with one
 * keep_sandbox_ready. From then on the socket only tells each side that the
 * other has gone.
 *
 * Calls: each TCS owns a keep_sandbox_slot in the arena. The side that
 * wants something fills the slot's fields and then publishes a new `state`;
 * the other side waits for the state to change (spinning briefly, then on a
 * futex). All fields are little-endian fixed-width; the host treats every
 * field the runner wrote as untrusted and checks it before use. */
#ifndef KEEP_SANDBOX_CHANNEL_H
#define KEEP_SANDBOX_CHANNEL_H

#include <stdint.h>

#define KEEP_SANDBOX_MAGIC 0x4b45455053424f58ull /* "KEEPSBOX" */
#define KEEP_SANDBOX_VERSION 2u
#define KEEP_SANDBOX_SOCKET_FD 3
#define KEEP_SANDBOX_MAX_TCS 1024u
#define KEEP_SANDBOX_PATH_MAX 1024u

/* Requests only the runner sends, beside keep_ocall_kind: arena memory is
 * managed by the host. HOST_MALLOC: function_id = size, answer in `written`.
 * HOST_REALLOC: in = block, function_id = size. HOST_FREE: in = block. */
enum keep_sandbox_ocall {
    KEEP_SANDBOX_OCALL_HOST_MALLOC = 100,
    KEEP_SANDBOX_OCALL_HOST_REALLOC = 101,
    KEEP_SANDBOX_OCALL_HOST_FREE = 102,
};

/* Slot states. Host -> runner: ECALL, OCALL_DONE. Runner -> host: OCALL,
 * ECALL_DONE, CRASHED. DEAD is written by the host alone when the runner
 * has gone, to release its own waiting threads. */
enum keep_slot_state {
    KEEP_SLOT_IDLE = 0,
    KEEP_SLOT_ECALL = 1,
    KEEP_SLOT_ECALL_DONE = 2,
    KEEP_SLOT_OCALL = 3,
    KEEP_SLOT_OCALL_DONE = 4,
    KEEP_SLOT_DEAD = 5,
};

typedef struct keep_sandbox_slot {
    uint32_t state;    /* futex word; accessed atomically */
    uint32_t sleepers; /* threads waiting on `state` in the kernel */
    uint32_t kind;     /* keep_ecall_kind or keep_ocall_kind */
    uint32_t result;   /* oe_result_t of the finished call */
    uint64_t function_id;
    uint64_t in;       /* arena address */
    uint64_t in_size;
    uint64_t out;      /* arena address */
    uint64_t out_size;
    uint64_t written;
    uint8_t reserved[64];
} keep_sandbox_slot;

_Static_assert(sizeof(keep_sandbox_slot) == 128, "slots are two cache lines");

/* Written by the runner's fatal-signal handler just before it dies, so the
 * host can say what happened. Untrusted: for the log only. */
typedef struct keep_sandbox_crash {
    uint32_t signal;
    uint32_t code;
    uint64_t address;
    uint32_t oe_abort; /* 1: the enclave called oe_abort() */
    uint32_t reserved;
} keep_sandbox_crash;

typedef struct keep_sandbox_setup {
    uint64_t magic;
    uint32_t version;
    uint32_t tcs_count;
    uint64_t arena_address;
    uint64_t arena_size;
    uint64_t slots_address;  /* tcs_count slots, inside the arena */
    uint64_t crash_address;  /* one keep_sandbox_crash, inside the arena */
    uint64_t scratch_address; /* tcs_count scratch buffers, inside the arena */
    uint64_t scratch_size;    /* bytes per scratch buffer */
    uint64_t stack_size;      /* bytes per enclave thread */
    uint64_t heap_size;       /* bytes of heap the enclave may allocate */
    uint64_t host_handle;     /* the host's oe_enclave_t*, as oe_get_enclave() returns it */
    uint32_t debug;           /* 1: leave the runner dumpable (for debuggers) */
    uint32_t reserved;
    /* The platform state directory (docs/platform.md), NUL-terminated; the
     * runner's environment is empty, so the host names it. Empty: no
     * platform (attestation and sealing fail with OE_PLATFORM_ERROR). */
    char platform_dir[KEEP_SANDBOX_PATH_MAX];
} keep_sandbox_setup;

_Static_assert(sizeof(keep_sandbox_setup) == 96 + KEEP_SANDBOX_PATH_MAX, "fixed wire size");

typedef struct keep_sandbox_ready {
    uint64_t magic;
    uint32_t result;         /* oe_result_t of loading */
    uint32_t retry;          /* 1: the arena's address is taken in this runner's own
                              * (randomized) layout; a new runner will likely succeed */
    char message[240];       /* NUL-terminated reason when result != OE_OK */
} keep_sandbox_ready;

_Static_assert(sizeof(keep_sandbox_ready) == 256, "fixed wire size");

#endif
