/* The platform child: the process beside the enclave that holds the
 * platform's secrets (DESIGN §1, docs/platform.md).
 *
 * The runner forks it first thing, before it maps the arena, loads the
 * image or confines itself, so the child starts with nothing of the host
 * or the enclave in its memory. The child keeps the sealed image memfd and
 * one end of a socketpair; it measures the image itself and checks its
 * SIGSTRUCT (the identity it serves comes from those bytes, never from the
 * host or the runner), loads the platform state, confines itself with
 * seccomp and then only answers requests on its socket. The runner keeps
 * the other end, and enclave threads reach the platform through it
 * (platform_call in keep_host_ops). The host holds no descriptor for the
 * child, so it cannot ask for the enclave's keys or reports. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <seccomp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <openenclave/attestation/sgx/evidence.h>

#include "../common/platform_wire.h"
#include "../common/spin.h"
#include "../platform/platform.h"
#include "../verify/platform_verify.h"
#include "runner.h"

static int platform_socket = -1;
static pthread_mutex_t platform_lock = PTHREAD_MUTEX_INITIALIZER;

static const int child_syscalls[] = {
    SCMP_SYS(getrandom),  SCMP_SYS(munmap),       SCMP_SYS(mremap),         SCMP_SYS(madvise),
    SCMP_SYS(brk),        SCMP_SYS(futex),        SCMP_SYS(exit),           SCMP_SYS(exit_group),
    SCMP_SYS(rt_sigreturn), SCMP_SYS(rt_sigprocmask), SCMP_SYS(clock_gettime), SCMP_SYS(getpid),
    SCMP_SYS(gettid),     SCMP_SYS(sched_yield), /* keep_spin_until, within a message */
};

static int confine_child(int sock)
{
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
    if (!ctx)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < sizeof(child_syscalls) / sizeof(int); i++)
        rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, child_syscalls[i], 0);
    rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mmap), 1,
                           SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
    /* the allocator may change protections of its own heaps, never to exec */
    rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mprotect), 1,
                           SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
    rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(recvmsg), 1,
                           SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)sock, 0));
    rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(sendmsg), 1,
                           SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)sock, 0));
    if (rc == 0)
        rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 1);
    if (rc == 0)
        rc = seccomp_load(ctx);
    seccomp_release(ctx);
    return rc;
}

/* Remote evidence (VERIFY_EVIDENCE) is verified by liboehostverify against
 * the roots this platform trusts, read now, before confinement: its own
 * root and collateral (the files `keep platform export-root` writes),
 * then the roots its configuration trusts (trusted-roots/, `keep platform
 * trust`; an entry that does not load is skipped). Not KEEP_TRUSTED_ROOTS:
 * the runner's environment comes from the host, which must not choose
 * what the enclave trusts. Without its own root the request is
 * OE_UNSUPPORTED. The list lives as long as the child. */
static void child_verifier(keep_platform *platform, const char *dir)
{
    keep_root_files files;
    uint8_t *data[KEEP_ROOT_FILE_COUNT];
    keep_root *roots = NULL;
    if (keep_platform_public_files(dir, data, files.size, NULL) != OE_OK)
        return;
    for (size_t i = 0; i < KEEP_ROOT_FILE_COUNT; i++)
        files.data[i] = data[i];
    if (keep_root_new(&roots, &files, 0, KEEP_ROOT_LOCAL) == OE_OK) {
        keep_root_append_trusted(roots, dir);
        keep_platform_set_verifier(platform, keep_verify_platform_request, roots);
    }
    for (size_t i = 0; i < KEEP_ROOT_FILE_COUNT; i++)
        free(data[i]);
}

/* Loads the platform and learns the subject; on any failure the child
 * still runs and answers every request with OE_PLATFORM_ERROR. */
static keep_platform *child_prepare(const keep_sandbox_setup *setup, int image_fd,
                                    keep_platform_subject *subject)
{
    keep_platform *platform = NULL;
    keep_why why = {{0}};
    struct stat st;
    /* The runner loads these same bytes later: they must not be able to
     * change after the child has measured them (a sealed memfd). */
    int seals = fcntl(image_fd, F_GET_SEALS);
    int needed = F_SEAL_WRITE | F_SEAL_SHRINK | F_SEAL_GROW;
    if (seals < 0 || (seals & needed) != needed)
        return NULL;
    if (fstat(image_fd, &st) != 0 || st.st_size <= 0)
        return NULL;
    void *image = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, image_fd, 0);
    if (image == MAP_FAILED)
        return NULL;
    oe_result_t result = keep_platform_subject_from_image(subject, image, (size_t)st.st_size,
                                                          setup->debug != 0, &why);
    munmap(image, (size_t)st.st_size);
    if (result == OE_OK)
        result = keep_platform_init(setup->platform_dir, NULL, &why);
    if (result == OE_OK)
        result = keep_platform_open(&platform, setup->platform_dir, &why);
    if (result == OE_OK)
        keep_platform_measure_libraries(platform, setup->platform_dir); /* the runner's */
    if (result == OE_OK)
        child_verifier(platform, setup->platform_dir);
    return result == OE_OK ? platform : NULL;
}

/* A quote of the subject, verified as raw quote evidence (VERIFY_EVIDENCE):
 * the verifier's OpenSSL and JSON paths. */
static void warm_up_verify(const keep_platform *platform, const keep_platform_subject *subject,
                           uint8_t *response)
{
    static uint8_t request[KEEP_PLATFORM_MAX_MESSAGE];
    keep_platform_request_header head = {KEEP_PLATFORM_WIRE_MAGIC, KEEP_PLATFORM_WIRE_VERSION,
                                         KEEP_PLATFORM_OP_QUOTE, KEEP_SGX_REPORT_DATA_SIZE, 0};
    memset(request, 0, sizeof(request));
    memcpy(request, &head, sizeof(head));
    size_t n = keep_platform_serve(platform, subject, request, sizeof(head) + 64, response);
    keep_platform_response_header answer;
    memcpy(&answer, response, sizeof(answer));
    if (answer.result != OE_OK || n <= sizeof(answer) ||
        n - sizeof(answer) > KEEP_PLATFORM_MAX_VERIFY_INPUT)
        return;
    size_t quote_size = n - sizeof(answer);
    static const oe_uuid_t raw = {OE_FORMAT_UUID_RAW_SGX_QUOTE_ECDSA};
    keep_platform_verify_request v = {.flags = KEEP_PLATFORM_VERIFY_HAS_FORMAT,
                                      .evidence_size = (uint32_t)quote_size};
    memcpy(v.format_id, raw.b, sizeof(v.format_id));
    head.op = KEEP_PLATFORM_OP_VERIFY_EVIDENCE;
    head.size = (uint32_t)(sizeof(v) + quote_size);
    memcpy(request, &head, sizeof(head));
    memcpy(request + sizeof(head), &v, sizeof(v));
    memcpy(request + sizeof(head) + sizeof(v), response + sizeof(answer), quote_size);
    keep_platform_serve(platform, subject, request, sizeof(head) + head.size, response);
    OPENSSL_cleanse(response, KEEP_PLATFORM_MAX_MESSAGE);
}

/* Exercises every OpenSSL path the requests take, so that nothing is
 * loaded lazily (configuration files, providers) after confinement. */
static void warm_up(const keep_platform *platform, const keep_platform_subject *subject,
                    uint8_t *response)
{
    struct {
        keep_platform_request_header head;
        keep_platform_report_request body;
    } report;
    memset(&report, 0, sizeof(report));
    report.head = (keep_platform_request_header){KEEP_PLATFORM_WIRE_MAGIC,
                                                 KEEP_PLATFORM_WIRE_VERSION,
                                                 KEEP_PLATFORM_OP_REPORT,
                                                 sizeof(keep_platform_report_request), 0};
    keep_platform_serve(platform, subject, (const uint8_t *)&report, sizeof(report), response);
    OPENSSL_cleanse(response, KEEP_PLATFORM_MAX_MESSAGE);
    warm_up_verify(platform, subject, response);
}

static void serve_failure(uint8_t *response)
{
    keep_platform_response_header head = {KEEP_PLATFORM_WIRE_MAGIC, OE_PLATFORM_ERROR, 0, 0};
    memcpy(response, &head, sizeof(head));
}

__attribute__((noreturn)) static void child_main(const keep_sandbox_setup *setup, int sock,
                                                 int image_fd)
{
    static uint8_t request[KEEP_PLATFORM_MAX_MESSAGE], response[KEEP_PLATFORM_MAX_MESSAGE];
    prctl(PR_SET_NAME, "keep-platform");
    prctl(PR_SET_DUMPABLE, 0);
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0)
        _exit(1);
    keep_platform_subject subject;
    keep_platform *platform = setup->platform_dir[0] ? child_prepare(setup, image_fd, &subject)
                                                     : NULL;
    close(image_fd);
    if (platform)
        warm_up(platform, &subject, response);
    if (confine_child(sock) != 0)
        _exit(1);
    for (;;) {
        /* The child sleeps between requests rather than poll: a poller
         * stays runnable, so on a busy machine a request can wait a whole
         * time slice for it (oe_seal of 1 MiB fell to 0.07x AES-GCM under
         * two busy loops), where a sleeper is woken and run at once. */
        ssize_t got = keep_platform_recv(sock, request, 0);
        if (got <= 0)
            _exit(0); /* the runner has gone, or broke the protocol */
        size_t size = sizeof(keep_platform_response_header);
        if (platform)
            size = keep_platform_serve(platform, &subject, request, (size_t)got, response);
        else
            serve_failure(response);
        int sent = keep_platform_send(sock, response, size);
        OPENSSL_cleanse(request, (size_t)got);
        OPENSSL_cleanse(response, size);
        if (sent != 0)
            _exit(0);
    }
}

/* Leaves the child only `a` and `b` (in either order). */
static void close_all_but(int a, int b)
{
    int lo = a < b ? a : b, hi = a < b ? b : a;
    syscall(SYS_close_range, 0u, (unsigned)lo - 1, 0u);
    if (hi > lo + 1)
        syscall(SYS_close_range, (unsigned)lo + 1, (unsigned)hi - 1, 0u);
    syscall(SYS_close_range, (unsigned)hi + 1, ~0u, 0u);
}

/* Moves `fd` above the standard descriptors (the runner has closed 0-2,
 * and a stray write to "stderr" must never land in the platform socket). */
static int high_fd(int fd)
{
    if (fd > 2)
        return fd;
    int moved = fcntl(fd, F_DUPFD_CLOEXEC, 10);
    close(fd);
    return moved;
}

int keep_runner_platform_start(const keep_sandbox_setup *setup, int arena_fd, int image_fd)
{
    int pair[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0)
        return -1;
    pair[0] = high_fd(pair[0]);
    pair[1] = high_fd(pair[1]);
    if (pair[0] < 0 || pair[1] < 0) {
        close(pair[0]);
        close(pair[1]);
        return -1;
    }
    pid_t pid = fork();
    if (pid == 0) {
        (void)arena_fd; /* closed below with everything else */
        close_all_but(pair[1], image_fd);
        child_main(setup, pair[1], image_fd);
    }
    close(pair[1]);
    if (pid < 0) {
        close(pair[0]);
        return -1;
    }
    platform_socket = pair[0];
    return pair[0];
}

/* Loads what the enclave's own OpenSSL use needs while files may still be
 * opened (the running filter allows no open). */
void keep_runner_warm_crypto(void)
{
    uint8_t byte;
    OPENSSL_init_crypto(OPENSSL_INIT_LOAD_CONFIG, NULL);
    EVP_CIPHER *gcm = EVP_CIPHER_fetch(NULL, "AES-256-GCM", NULL);
    EVP_MD *sha = EVP_MD_fetch(NULL, "SHA256", NULL);
    EVP_CIPHER_free(gcm);
    EVP_MD_free(sha);
    if (RAND_bytes(&byte, 1) != 1)
        return;
}

/* One request, one response, each as records (keep_platform_send). The
 * response lands in a fixed buffer first: a response the caller has no
 * room for is still read whole, so the next exchange starts in step. */
static oe_result_t exchange(const void *request, size_t request_size, void *response,
                            size_t response_size, size_t *written)
{
    static uint8_t answer[KEEP_PLATFORM_MAX_MESSAGE];
    if (keep_platform_send(platform_socket, request, request_size) != 0)
        return OE_PLATFORM_ERROR;
    ssize_t got = keep_platform_recv(platform_socket, answer, KEEP_SPIN_NS);
    if (got <= 0)
        return OE_PLATFORM_ERROR;
    oe_result_t result = (size_t)got <= response_size ? OE_OK : OE_BUFFER_TOO_SMALL;
    if (result == OE_OK) {
        memcpy(response, answer, (size_t)got);
        *written = (size_t)got;
    }
    OPENSSL_cleanse(answer, (size_t)got);
    return result;
}

oe_result_t keep_runner_platform_call(void *ctx, const void *request, size_t request_size,
                                      void *response, size_t response_size, size_t *written)
{
    (void)ctx;
    *written = 0;
    if (platform_socket < 0)
        return OE_PLATFORM_ERROR;
    if (!request || !response || request_size < sizeof(keep_platform_request_header) ||
        request_size > KEEP_PLATFORM_MAX_MESSAGE)
        return OE_INVALID_PARAMETER;
    /* The child reads as many bytes as the header says: they must be the
     * bytes we send, or the two ends would fall out of step. */
    uint32_t payload;
    memcpy(&payload, (const uint8_t *)request + KEEP_PLATFORM_SIZE_OFFSET, sizeof(payload));
    if (payload != request_size - sizeof(keep_platform_request_header))
        return OE_INVALID_PARAMETER;
    /* One request at a time: SEQPACKET keeps messages whole, the lock
     * keeps each answer with its question. */
    pthread_mutex_lock(&platform_lock);
    oe_result_t result = exchange(request, request_size, response, response_size, written);
    pthread_mutex_unlock(&platform_lock);
    return result;
}
