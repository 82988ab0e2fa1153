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
    .section .note.GNU-stack, "", @progbits
