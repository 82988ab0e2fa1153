/* The keep-enclave runner executable, embedded in liboehost (see spawn.c).
 * KEEP_RUNNER_PATH is set by the build to the linked runner. */
    .section .rodata.keep_runner, "a"
    .balign 16
    .globl keep_runner_blob
    .hidden keep_runner_blob
keep_runner_blob:
    .incbin KEEP_RUNNER_PATH
    .globl keep_runner_blob_end
    .hidden keep_runner_blob_end
keep_runner_blob_end:
    /* The size as data, so C need not subtract pointers to two objects. */
    .balign 8
    .globl keep_runner_blob_size
    .hidden keep_runner_blob_size
keep_runner_blob_size:
    .quad keep_runner_blob_end - keep_runner_blob
    .section .note.GNU-stack, "", @progbits
