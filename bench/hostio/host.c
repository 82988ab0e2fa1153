/* bench_hostio: host I/O from a sandbox enclave against the host doing the
 * same work, same run (docs/benchmarks.md).
 *
 *  - Bulk TLS 1.3: a server streams `--mib` MiB in 16 KiB records (AES-GCM)
 *    to a client on a host thread, and separately receives as much from it,
 *    over loopback TCP. Subject: the server in the enclave (host socket
 *    module). Baseline: the same server code on a host thread, same
 *    OpenSSL. Timed on the client from the end of the handshake to the last
 *    byte (or the acknowledgement of it). Target >= 0.7x.
 *  - Files: a sequential write then read of `--mib` MiB in 64 KiB and 1 MiB
 *    chunks, from the enclave through the host file system module against
 *    the host process's own read/write calls; page cache warm for both.
 *    Reported, no target.
 *  - One forwarded system call: one-byte writes to /dev/null, enclave
 *    against host, in microseconds per call. Reported.
 *
 * Threads are placed as described at pin_to().
 * Every series runs in interleaved rounds (the subject and its baseline
 * alternate, the order flipping each round) after a warm-up; rows are
 * medians. Usage: bench_hostio [--json FILE] [--mib N] [--rounds N]
 * [--only syscall|tls|file] [--strict] [--no-pin]. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <openenclave/host.h>

#include "bench_hostio_u.h"
#include "file_pass.h"
#include "report.h"
#include "stream.h"

#define ROUNDS_MAX 64
#define FILE_CHUNK_MAX (1u << 20)

static oe_enclave_t *enclave;
static bool pinned = true; /* --no-pin clears it */
static SSL_CTX *host_ctx, *client_ctx;
static int host_listener = -1;
static uint16_t host_port, enclave_port;
static unsigned char *file_buf;

static void die(const char *what)
{
    fprintf(stderr, "bench_hostio: %s\n", what);
    exit(1);
}

typedef struct serve_job {
    int in_enclave, mode, result;
    uint64_t total;
    uint32_t record;
} serve_job;

/* Placement (on a machine with two or more CPUs, unless --no-pin): the
 * client (the main thread) on the first CPU, the TLS server on the second
 * — the baseline's server thread, or for the enclave both the thread that
 * runs the ECALL and serves its OCALLs and the runner (created from a
 * thread on the second CPU, it inherits that placement), and the host's
 * write-behind writer that sends what the enclave queues (created by the
 * OCALL-serving thread, it inherits it too). The enclave's threads take
 * turns or split one stream's work (encrypting, sending), so each side
 * gets one CPU's worth of work in both cases; left to the scheduler, the
 * threads land on two cores differently from run to run. */
static void pin_to(int cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (pinned && sched_setaffinity(0, sizeof(set), &set) != 0)
        pinned = false;
}

static void *serve_thread(void *arg)
{
    serve_job *job = arg;
    pin_to(1);
    if (!job->in_enclave) {
        job->result = hio_serve_one(host_ctx, host_listener, job->mode, job->total, job->record);
        return NULL;
    }
    int ret = -1;
    oe_result_t r = hio_serve(enclave, &ret, job->mode, job->total, job->record);
    job->result = r == OE_OK ? ret : -1;
    return NULL;
}

static int connect_loopback(uint16_t port)
{
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port),
                               .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd >= 0 && connect(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0) {
        close(fd);
        fd = -1;
    }
    return fd;
}

/* The client's side of one stream; nanoseconds from the end of the
 * handshake to the last byte, or 0 on failure. */
static uint64_t client_stream(uint16_t port, int mode, uint64_t total, uint32_t record)
{
    int fd = connect_loopback(port);
    SSL *ssl = fd >= 0 ? SSL_new(client_ctx) : NULL;
    unsigned char ack = 1;
    uint64_t start = 0, end = 0;
    if (ssl && SSL_set_fd(ssl, fd) == 1 && SSL_connect(ssl) == 1) {
        start = bench_now_ns();
        int ok = mode == HIO_SERVER_SENDS
                     ? hio_pump(ssl, 0, total, record) == 0
                     : hio_pump(ssl, 1, total, record) == 0 && SSL_read(ssl, &ack, 1) == 1;
        end = ok ? bench_now_ns() : 0;
        if (ok && mode == HIO_SERVER_SENDS && SSL_write(ssl, &ack, 1) != 1)
            end = 0;
    }
    SSL_free(ssl);
    if (fd >= 0)
        close(fd);
    return end > start ? end - start : 0;
}

static uint64_t tls_round(int in_enclave, int mode, uint64_t total, uint32_t record)
{
    serve_job job = {in_enclave, mode, -1, total, record};
    pthread_t thread;
    if (pthread_create(&thread, NULL, serve_thread, &job) != 0)
        die("cannot start a server thread");
    uint64_t ns = client_stream(in_enclave ? enclave_port : host_port, mode, total, record);
    pthread_join(thread, NULL);
    if (!ns || job.result != 0) {
        fprintf(stderr, "bench_hostio: a TLS stream failed (%s server, client %s, server %d)\n",
                in_enclave ? "enclave" : "host", ns ? "ok" : "failed", job.result);
        exit(1);
    }
    return ns;
}

static uint64_t file_round(int in_enclave, int write_it, const char *path, uint64_t total,
                           uint32_t chunk)
{
    int rc = -1;
    uint64_t start = bench_now_ns();
    if (in_enclave) {
        oe_result_t r = hio_file(enclave, &rc, write_it, path, total, chunk);
        if (r != OE_OK)
            rc = -EIO;
    } else {
        rc = hio_file_pass(write_it, path, total, chunk, file_buf);
    }
    uint64_t ns = bench_now_ns() - start;
    if (rc != 0) {
        fprintf(stderr, "bench_hostio: %s file %s of %s failed: %s\n",
                in_enclave ? "enclave" : "host", write_it ? "write" : "read", path,
                strerror(-rc));
        exit(1);
    }
    return ns;
}

static double mb_per_s(uint64_t total, uint64_t *ns, size_t rounds)
{
    return (double)total * 1e3 / bench_percentile(ns, rounds, 50);
}

static void add_row(const char *what, const char *size_name, uint64_t total, uint64_t *sub,
                    uint64_t *base, size_t rounds, double min_ratio)
{
    char name[64], baseline[64];
    snprintf(name, sizeof(name), "%s.sandbox.%s", what, size_name);
    snprintf(baseline, sizeof(baseline), "%s.host.%s", what, size_name);
    bench_row *row = bench_add(name, "MB/s", mb_per_s(total, sub, rounds), baseline,
                               mb_per_s(total, base, rounds));
    row->min_ratio = min_ratio;
}

static void bench_tls_streams(uint64_t total, size_t rounds)
{
    static const struct {
        int mode;
        const char *what;
    } modes[] = {{HIO_SERVER_SENDS, "tls.send"}, {HIO_SERVER_RECEIVES, "tls.recv"}};
    for (size_t m = 0; m < 2; m++) {
        uint64_t sub[ROUNDS_MAX], base[ROUNDS_MAX];
        tls_round(1, modes[m].mode, total / 8, HIO_RECORD_MAX); /* warm-up */
        tls_round(0, modes[m].mode, total / 8, HIO_RECORD_MAX);
        for (size_t r = 0; r < rounds; r++) {
            int first = (int)(r & 1);
            uint64_t a = tls_round(first, modes[m].mode, total, HIO_RECORD_MAX);
            uint64_t b = tls_round(!first, modes[m].mode, total, HIO_RECORD_MAX);
            sub[r] = first ? a : b;
            base[r] = first ? b : a;
        }
        add_row(modes[m].what, "16KiB", total, sub, base, rounds, 0.7);
    }
}

static void bench_files(const char *dir, uint64_t total, size_t rounds)
{
    static const struct {
        uint32_t chunk;
        const char *name;
    } chunks[] = {{64u << 10, "64KiB"}, {1u << 20, "1MiB"}};
    char paths[2][4096];
    snprintf(paths[0], sizeof(paths[0]), "%s/host.dat", dir);
    snprintf(paths[1], sizeof(paths[1]), "%s/enclave.dat", dir);
    for (size_t c = 0; c < 2; c++) {
        uint64_t ns[2][2][ROUNDS_MAX]; /* [write][in_enclave][round] */
        for (int side = 0; side < 2; side++) { /* warm-up: files exist, cache warm */
            file_round(side, 1, paths[side], total, chunks[c].chunk);
            file_round(side, 0, paths[side], total, chunks[c].chunk);
        }
        for (size_t r = 0; r < rounds; r++)
            for (int write_it = 1; write_it >= 0; write_it--)
                for (int i = 0; i < 2; i++) {
                    int side = (int)((r + (size_t)i) & 1);
                    ns[write_it][side][r] =
                        file_round(side, write_it, paths[side], total, chunks[c].chunk);
                }
        add_row("file.write", chunks[c].name, total, ns[1][1], ns[1][0], rounds, 0);
        add_row("file.read", chunks[c].name, total, ns[0][1], ns[0][0], rounds, 0);
    }
    unlink(paths[0]);
    unlink(paths[1]);
}

/* One-byte writes to /dev/null: what one forwarded system call costs
 * (trap, request, the host's write, checked answer) against the host's
 * own write(2). Microseconds per call, medians of interleaved rounds. */
static void bench_syscall(size_t rounds)
{
    const uint32_t count = 20000;
    uint64_t sub[ROUNDS_MAX], base[ROUNDS_MAX];
    for (size_t r = 0; r <= rounds; r++) { /* round 0 warms up */
        for (int i = 0; i < 2; i++) {
            int in_enclave = (int)((r + (size_t)i) & 1), rc = -1;
            uint64_t start = bench_now_ns();
            if (in_enclave) {
                if (hio_writes(enclave, &rc, "/dev/null", count) != OE_OK)
                    rc = -EIO;
            } else {
                rc = hio_write_loop("/dev/null", count);
            }
            uint64_t ns = bench_now_ns() - start;
            if (rc != 0)
                die("one-byte writes to /dev/null failed");
            if (r > 0)
                *(in_enclave ? &sub[r - 1] : &base[r - 1]) = ns;
        }
    }
    bench_add("syscall.write_1B.sandbox", "us", bench_percentile(sub, rounds, 50) / count / 1e3,
              "syscall.write_1B.host", bench_percentile(base, rounds, 50) / count / 1e3);
}

static void setup(void)
{
    int ret = -1;
    if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
        pinned = false;
    pin_to(1); /* the runner inherits this */
    oe_result_t r = oe_create_bench_hostio_enclave(BENCH_HOSTIO_ENCLAVE, OE_ENCLAVE_TYPE_AUTO,
                                                   0, NULL, 0, &enclave);
    if (r == OE_OK)
        r = hio_setup(enclave, &ret, &enclave_port);
    if (r != OE_OK || ret != 0) {
        fprintf(stderr, "bench_hostio: enclave setup failed: %s\n", oe_result_str(r));
        exit(1);
    }
    pin_to(0);
    host_ctx = hio_server_ctx();
    client_ctx = SSL_CTX_new(TLS_client_method());
    file_buf = malloc(FILE_CHUNK_MAX);
    if (!host_ctx || !client_ctx || !file_buf ||
        SSL_CTX_set_min_proto_version(client_ctx, TLS1_3_VERSION) != 1 ||
        SSL_CTX_set_ciphersuites(client_ctx, HIO_CIPHER) != 1 ||
        (host_listener = hio_listen(&host_port)) < 0)
        die("host setup failed");
    /* The certificate is self-signed and the handshake is not what is
     * measured: the client does not verify it. */
    SSL_CTX_set_verify(client_ctx, SSL_VERIFY_NONE, NULL);
    memset(file_buf, 0xa5, FILE_CHUNK_MAX);
}

static void teardown(void)
{
    hio_teardown(enclave);
    oe_terminate_enclave(enclave);
    close(host_listener);
    SSL_CTX_free(host_ctx);
    SSL_CTX_free(client_ctx);
    free(file_buf);
}

static void usage(void)
{
    fprintf(stderr, "usage: bench_hostio [--json FILE] [--mib N] [--rounds N] "
                    "[--only syscall|tls|file] [--strict] [--no-pin]\n");
    exit(64);
}

int main(int argc, char **argv)
{
    const char *json = NULL, *only = NULL;
    long mib = 64, rounds = 9;
    int strict = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json") && i + 1 < argc)
            json = argv[++i];
        else if (!strcmp(argv[i], "--mib") && i + 1 < argc)
            mib = strtol(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
            rounds = strtol(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--only") && i + 1 < argc)
            only = argv[++i];
        else if (!strcmp(argv[i], "--strict"))
            strict = 1;
        else if (!strcmp(argv[i], "--no-pin"))
            pinned = false;
        else
            usage();
    }
    if (mib < 1 || mib > 4096 || rounds < 1 || rounds > ROUNDS_MAX ||
        (only && strcmp(only, "tls") && strcmp(only, "file") && strcmp(only, "syscall")))
        usage();
    signal(SIGPIPE, SIG_IGN); /* a broken stream is reported, not fatal */
    char dir[] = "/tmp/bench_hostio.XXXXXX";
    if (!mkdtemp(dir))
        die("cannot make a directory in /tmp");
    setup();
    uint64_t total = (uint64_t)mib << 20;
    if (!only || !strcmp(only, "syscall"))
        bench_syscall((size_t)rounds);
    if (!only || !strcmp(only, "tls"))
        bench_tls_streams(total, (size_t)rounds);
    if (!only || !strcmp(only, "file"))
        bench_files(dir, total, (size_t)rounds);
    teardown();
    rmdir(dir);
    if (!bench_report(json))
        return 1;
    return bench_exit_status(strict);
}
