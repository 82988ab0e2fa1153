/* Shared between the runtime test enclave (enc.c) and its test hosts. */
#ifndef KEEP_TESTS_RT_COMMON_H
#define KEEP_TESTS_RT_COMMON_H

/* rt_try_syscall operations: each is something enclave code must not be
 * able to do on the sandbox backend. */
enum rt_syscall_op {
    RT_OP_OPEN_LIBC,       /* open(path, O_CREAT|O_WRONLY) */
    RT_OP_OPENAT_SYSCALL,  /* syscall(SYS_openat, ..., O_CREAT|O_WRONLY) */
    RT_OP_OPEN_READ,       /* open(path, O_RDONLY) */
    RT_OP_FOPEN,           /* fopen(path, "w") */
    RT_OP_SOCKET_LIBC,     /* socket(AF_INET, SOCK_STREAM) */
    RT_OP_SOCKET_SYSCALL,  /* syscall(SYS_socket, AF_UNIX, ...) */
    RT_OP_EXECVE_LIBC,     /* execve(path, ...) */
    RT_OP_EXECVE_SYSCALL,  /* syscall(SYS_execve, path, ...) */
    RT_OP_PTRACE_LIBC,     /* ptrace(PTRACE_TRACEME) */
    RT_OP_PTRACE_SYSCALL,  /* syscall(SYS_ptrace, PTRACE_ATTACH, pid from path) */
    RT_OP_FORK_LIBC,       /* fork() */
    RT_OP_CLONE_SYSCALL,   /* syscall(SYS_clone, SIGCHLD, 0, ...) */
    RT_OP_THREAD,          /* pthread_create */
    RT_OP_MMAP_EXEC_LIBC,  /* mmap(PROT_READ|PROT_EXEC) */
    RT_OP_MMAP_EXEC_SYSCALL, /* syscall(SYS_mmap, ..., PROT_WRITE|PROT_EXEC) */
    RT_OP_MPROTECT_EXEC,   /* mprotect(rw page, PROT_READ|PROT_EXEC) */
    RT_OP_KILL_HOST,       /* kill(pid from path, 0): signals outside itself */
    RT_OP_WRITE_SOCKET,    /* write(KEEP_SANDBOX_SOCKET_FD, ...) */
    RT_OP_COUNT,
    RT_OP_GETRANDOM = 100, /* allowed: positive control, returns bytes read */
    RT_OP_SEND_BOOTSTRAP = 101, /* send(KEEP_SANDBOX_SOCKET_FD): talks to the host's monitor */
};

/* rt_print tags. */
#define RT_PRINT_ALL_STREAMS 1
#define RT_PRINT_LARGE 2
#define RT_PRINT_LARGE_SIZE 150000 /* more than one 64 KiB scratch buffer */

/* rt_ocall_checks: one result per hostile OCALL mode the host implements. */
enum rt_ocall_mode {
    RT_OCALL_HONEST,
    RT_OCALL_WRITTEN_TOO_LARGE, /* claims more output than the buffer holds */
    RT_OCALL_WRITTEN_SHORT,     /* claims less output than the callee must fill */
    RT_OCALL_ERROR_RESULT,      /* returns an error oe_result in the args */
    RT_OCALL_BOGUS_RESULT,      /* returns a value that is no oe_result_t */
    RT_OCALL_MODE_COUNT,
};

#define RT_FILL_SIZE 64
#define RT_FILL_BYTE 0x5a

/* The secret rt_secret_address exposes the address of. */
#define RT_SECRET_SIZE 32

#endif
