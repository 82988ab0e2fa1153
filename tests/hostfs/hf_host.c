/* Host I/O tests, on one backend (argv[1]: sandbox or sim).
 *
 * roundtrip: stdio and POSIX file calls in the enclave, through a mount of
 *   a fresh host directory; nothing is left behind.
 * mapping: the enclave's /data is the host directory; "..", relative
 *   paths and paths outside every mount stay inside the mount table.
 * read_only: a MS_RDONLY mount refuses writes (EROFS) and allows reads.
 * no_module (sandbox): without oe_load_module_host_file_system the calls
 *   fail with ENOSYS and nothing reaches the host (no file is created).
 * isolation (sandbox): an enclave cannot use a host descriptor it did not
 *   open, nor one of its own after closing it.
 * lying host (sandbox): answers with too many bytes, bad descriptors,
 *   malformed stat and directory records, implausible errno values and
 *   wrong seek offsets are each rejected with EIO.
 * sockets: a TCP exchange (setsockopt, bind, listen, getsockname, connect,
 *   poll, accept, send, recv, getsockopt, getpeername, shutdown, close) and
 *   a UDP datagram, all on 127.0.0.1; without the module socket() fails
 *   with ENOSYS (sandbox); a lying host's poll events, descriptors,
 *   addresses and counts are rejected with EIO (sandbox).
 * resolver: getaddrinfo of 127.0.0.1 (numeric) through the host; ENOSYS
 *   (EAI_SYSTEM) without the module; malformed records rejected.
 * concurrent: four enclave threads writing and reading their own files
 *   at once.
 * host client: a plain client outside the enclave talks to a listener in
 *   it; terminating the enclave closes the host descriptors it held.
 * epoll: readiness of a listener and a connection with the caller's data
 *   words; ENOSYS without the module; events for unregistered descriptors
 *   or unrequested events rejected (sandbox).
 * dup: dup, dup2, dup3 and fcntl(F_DUPFD_CLOEXEC) of sockets (one stream,
 *   read-ahead included; the copy outlives the original; an open target
 *   closed first) and of a file (one offset); an epoll registration of a
 *   closed duplicate; a lying host's DUP answers (out of range, not the
 *   number asked for, a descriptor still open) rejected (sandbox).
 * ioctl: FIONREAD counts bytes the read-ahead keeps, FIONBIO, ENOTTY for
 *   other requests and (sandbox) for files; a lying host's FIONREAD
 *   count and FIONBIO answer rejected (sandbox).
 * select: select and pselect on connections (writable, readable when
 *   bytes arrive or the read-ahead keeps some), as a sleep, nfds beyond
 *   FD_SETSIZE refused; EBADF for descriptors that are not the enclave's
 *   host descriptors and a lying host's poll answers rejected (sandbox).
 * msg: sendmsg and recvmsg with several iovecs, an address, MSG_TRUNC,
 *   no control data, IOV_MAX; on sandbox control data refused
 *   (EOPNOTSUPP) and a lying host's counts, addresses and flags rejected.
 * link, truncate, flock: a second name reads and writes one file, EXDEV
 *   across mounts and EROFS under a read-only one (sandbox); truncate
 *   shrinks and grows; flock fails with EWOULDBLOCK while the host holds
 *   the file's lock, EINVAL for bad operations; answers other than 0
 *   rejected (sandbox); ENOSYS without the module, nothing changed
 *   (sandbox).
 * socketpair: AF_UNIX stream pairs both ways (100 KiB each way through
 *   write-behind and read-ahead), EOF after a close, datagram boundaries,
 *   non-blocking pairs, the ends' unnamed AF_UNIX names (whole and cut
 *   to 2, 1 and 0 bytes, dup'd ends too); EAFNOSUPPORT for other domains (sandbox); a lying
 *   host's handles (out of range, twice the same, one already held) give
 *   EIO and leave the enclave's descriptors as they were (sandbox).
 * nameinfo: getnameinfo of 127.0.0.1:8080 and [::1]:8080 (numeric),
 *   EAI_OVERFLOW, EAI_FAMILY, EAI_BADFLAGS; EAI_SYSTEM/ENOSYS without
 *   the module, and a lying host's names (unterminated, longer than
 *   asked) and EAI codes rejected with EIO, the caller's buffers
 *   untouched (sandbox).
 * cwd: chdir into the mounted directory, then stdio, stat, access, mkdir,
 *   rename, link, truncate, opendir, unlink and the *at calls by relative
 *   names land in the right host files; "..", getcwd's exact fit, ERANGE,
 *   EINVAL and getcwd(NULL, 0); ENOTDIR for a file, ENOENT for a missing
 *   directory, an empty path and (sandbox) a host directory outside every
 *   mount, ENAMETOOLONG past PATH_MAX. Without the module (sandbox) getcwd
 *   is "/", chdir("/") works and any other fails with ENOSYS; after the
 *   directory's mount is unmounted relative paths and getcwd fail with
 *   ENOENT, even once it is mounted again, until a chdir (sandbox); a
 *   lying host's stat answers (a socket or block device, whose type bits
 *   share S_IFDIR's, and garbage) make chdir fail and leave the directory
 *   as it was (sandbox). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "host/hostio/hostio.h"
#include "hostfs_u.h"

static bool sim;
static char dir[256];

static oe_enclave_t *create(void)
{
    oe_enclave_t *enclave = NULL;
    uint32_t flags = OE_ENCLAVE_FLAG_DEBUG | (sim ? OE_ENCLAVE_FLAG_SIMULATE : 0);
    assert_int_equal(oe_create_hostfs_enclave(HF_ENCLAVE, OE_ENCLAVE_TYPE_AUTO, flags, NULL, 0,
                                              &enclave),
                     OE_OK);
    return enclave;
}

/* The enclave's name for the test directory: /data on sandbox; on sim
 * paths are the host's own. */
static const char *target(void)
{
    return sim ? dir : "/data";
}

static oe_enclave_t *create_mounted(int read_only)
{
    oe_enclave_t *enclave = create();
    int rc = -1;
    assert_int_equal(hf_load_fs(enclave, &rc), OE_OK);
    assert_int_equal(rc, 0);
    assert_int_equal(hf_mount(enclave, &rc, dir, target(), read_only), OE_OK);
    assert_int_equal(rc, 0);
    return enclave;
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof(dir), "/tmp/keep-hostfs-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    keep_hostio_test_hook = NULL;
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void host_path(char *out, size_t size, const char *name)
{
    snprintf(out, size, "%s/%s", dir, name);
}

static void enclave_path(char *out, size_t size, const char *name)
{
    snprintf(out, size, "%s/%s", target(), name);
}

static void test_roundtrip(void **state)
{
    (void)state;
    oe_enclave_t *enclave = create_mounted(0);
    int rc = -1;
    assert_int_equal(hf_roundtrip(enclave, &rc, target()), OE_OK);
    assert_int_equal(rc, 0); /* else: the enclave's failing line in enc.c */
    char sub[300];
    host_path(sub, sizeof(sub), "sub");
    assert_int_equal(access(sub, F_OK), -1);
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

static void put_host_file(const char *name, const char *text)
{
    char path[300];
    host_path(path, sizeof(path), name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_mapping(void **state)
{
    (void)state;
    oe_enclave_t *enclave = create_mounted(0);
    char path[300], buf[64] = {0};
    int rc = -1;
    enclave_path(path, sizeof(path), "from-enclave");
    assert_int_equal(hf_put(enclave, &rc, path, "mapped"), OE_OK);
    assert_int_equal(rc, 0);
    host_path(path, sizeof(path), "from-enclave");
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    assert_non_null(fgets(buf, sizeof(buf), f));
    fclose(f);
    assert_string_equal(buf, "mapped");
    put_host_file("from-host", "hello enclave");
    /* On sandbox ".." is lexical: sub need not exist. */
    enclave_path(path, sizeof(path), sim ? "from-host" : "sub/../from-host");
    memset(buf, 0, sizeof(buf));
    assert_int_equal(hf_get(enclave, &rc, path, buf, sizeof(buf) - 1), OE_OK);
    assert_int_equal(rc, 13);
    assert_string_equal(buf, "hello enclave");
    enclave_path(path, sizeof(path), "flags");
    assert_int_equal(hf_flags(enclave, &rc, path), OE_OK);
    assert_int_equal(rc, 0);
    enclave_path(path, sizeof(path), "absent");
    assert_int_equal(hf_flags(enclave, &rc, path), OE_OK); /* creates it */
    assert_int_equal(rc, 0);
    if (!sim) {
        /* Relative paths start at the current directory, "/" until a
         * chdir; ".." never climbs out of a mount. */
        assert_int_equal(hf_get(enclave, &rc, "data/from-host", buf, sizeof(buf)), OE_OK);
        assert_int_equal(rc, 13);
        assert_int_equal(hf_get(enclave, &rc, "/data/../../etc/passwd", buf, sizeof(buf)), OE_OK);
        assert_int_equal(rc, -ENOENT);
        assert_int_equal(hf_umount(enclave, &rc, "/data"), OE_OK);
        assert_int_equal(rc, 0);
        assert_int_equal(hf_stat(enclave, &rc, "/data/from-host"), OE_OK);
        assert_int_equal(rc, -ENOENT);
    }
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

static void test_read_only(void **state)
{
    (void)state;
    if (sim)
        skip(); /* sim mounts nothing: the paths are the host's */
    oe_enclave_t *enclave = create_mounted(1);
    put_host_file("ro", "read me");
    char buf[16] = {0};
    int rc = -1;
    assert_int_equal(hf_put(enclave, &rc, "/data/new", "x"), OE_OK);
    assert_int_equal(rc, -EROFS);
    assert_int_equal(hf_get(enclave, &rc, "/data/ro", buf, sizeof(buf) - 1), OE_OK);
    assert_int_equal(rc, 7);
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

static void test_no_module(void **state)
{
    (void)state;
    if (sim)
        skip(); /* on sim the calls reach the kernel directly */
    oe_enclave_t *enclave = create();
    char path[300], buf[8];
    int rc = -1;
    host_path(path, sizeof(path), "never");
    assert_int_equal(hf_put(enclave, &rc, path, "x"), OE_OK);
    assert_int_equal(rc, -ENOSYS);
    assert_int_equal(access(path, F_OK), -1);
    assert_int_equal(hf_get(enclave, &rc, "/etc/hostname", buf, sizeof(buf)), OE_OK);
    assert_int_equal(rc, -ENOSYS);
    assert_int_equal(hf_mount(enclave, &rc, dir, "/data", 0), OE_OK);
    assert_int_equal(rc, -ENODEV);
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

static void test_isolation(void **state)
{
    (void)state;
    if (sim)
        skip(); /* sim isolates nothing */
    put_host_file("secret", "host secret");
    char path[300], buf[32];
    host_path(path, sizeof(path), "secret");
    int host_fd = open(path, O_RDONLY);
    assert_true(host_fd >= 0);
    oe_enclave_t *enclave = create_mounted(0);
    int rc = -1;
    /* The host's descriptor, and the numbers an enclave handle would have. */
    for (int fd = 0; fd < 400; fd++) {
        assert_int_equal(hf_read_fd(enclave, &rc, fd, buf, sizeof(buf)), OE_OK);
        assert_true(rc == -EBADF || rc == -ENOSYS);
    }
    int fd = -1;
    assert_int_equal(hf_open(enclave, &fd, "/data/secret"), OE_OK);
    assert_true(fd >= KEEP_HOSTIO_FD_BASE);
    assert_int_equal(hf_read_fd(enclave, &rc, fd, buf, sizeof(buf)), OE_OK);
    assert_int_equal(rc, 11);
    assert_int_equal(hf_close(enclave, &rc, fd), OE_OK);
    assert_int_equal(rc, 0);
    assert_int_equal(hf_read_fd(enclave, &rc, fd, buf, sizeof(buf)), OE_OK);
    assert_int_equal(rc, -EBADF);
    close(host_fd);
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

/* The lying host: which op to corrupt, and how. */
static uint32_t lie_op;
static int lie_kind;

/* NAMEINFO answers: the real one ("127.0.0.1", "8080") rewritten. */
static void lie_nameinfo(keep_hostio_response *response, uint8_t *data)
{
    keep_hostio_nameinfo_head head;
    memcpy(&head, data, sizeof(head));
    char *host = (char *)data + sizeof(head);
    switch (lie_kind) {
    case 25: host[head.host_size - 1] = 'x'; break;
    case 26: /* 20 bytes where 16 were asked, framed consistently */
        head.host_size = 20;
        memcpy(host, "1111111111111111111", 20);
        memcpy(host + 20, "8080", 5);
        response->data_size = (uint32_t)(sizeof(head) + 20 + 5);
        break;
    case 27: case 28:
        head = (keep_hostio_nameinfo_head){.eai = lie_kind == 27 ? -1000 : EAI_NONAME};
        response->data_size = sizeof(head);
        break;
    case 29: host[head.host_size + head.serv_size - 1] = '0'; break;
    }
    memcpy(data, &head, sizeof(head));
}

static void lie(uint32_t op, keep_hostio_response *response, uint8_t *data, size_t data_max)
{
    if (op != lie_op)
        return;
    keep_hostio_stat st;
    switch (lie_kind) {
    case 0: response->ret += 1; break;                       /* count != bytes */
    case 1: response->data_size = (uint32_t)data_max + 8; break; /* more than asked */
    case 2: response->ret = 9999; break;                      /* descriptor out of range */
    case 3: response->ret = -5000; break;                     /* implausible errno */
    case 4:
        memcpy(&st, data, sizeof(st));
        st.mode = 0xF000 | 0644;                              /* no such file type */
        memcpy(data, &st, sizeof(st));
        break;
    case 5: data[16] = 0xff; data[17] = 0x7f; break;          /* dirent runs past the end */
    case 6: data[19] = '/'; break;                            /* '/' in a name */
    case 7: response->ret = 3; break;                         /* seek lands elsewhere */
    case 8: response->ret = 0; break;                         /* handle 0 is already open */
    case 9: ((keep_hostio_pollfd *)data)[0].revents |= 0x2; break; /* POLLPRI: not asked */
    case 10: ((keep_hostio_sockaddr *)data)->size = 5; break; /* no such address size */
    case 11: ((keep_hostio_pollfd *)data)[0].handle ^= 1; break; /* another descriptor */
    case 12: ((keep_hostio_addrinfo *)(data + 8))->family = 10; break; /* AF_INET6, v4 size */
    case 13: ((keep_hostio_addrinfo_head *)data)->count = 33; break; /* more than fits */
    case 14: ((keep_hostio_epoll_event *)data)[0].handle = 200; break; /* not registered */
    case 15: ((keep_hostio_epoll_event *)data)[0].events |= 0x4; break; /* EPOLLOUT: not asked */
    case 16: response->ret = 0x40000000; break;               /* unknown status flag */
    case 17: response->ret = (int64_t)1 << 40; break;         /* more than an int */
    case 18: response->ret = -ECONNRESET; response->data_size = 0; break; /* a plain error */
    case 19: ((keep_hostio_sockaddr *)data)->reserved = 0x1; break; /* MSG_OOB: not a flag it may report */
    case 20: ((keep_hostio_sockaddr *)data)->reserved = 0x20; break; /* MSG_TRUNC, buffer not full */
    case 21: ((uint32_t *)data)[0] = KEEP_HOSTIO_MAX_FDS; break; /* pair: out of range */
    case 22: ((uint32_t *)data)[1] = ((uint32_t *)data)[0]; break; /* pair: one handle twice */
    case 23: ((uint32_t *)data)[1] = 0; break;                /* pair: handle 0 is held */
    case 24: ((uint32_t *)data)[0] = 0; break;                /* pair: handle 0 is held */
    case 25: case 26: case 27: case 28: case 29: lie_nameinfo(response, data); break;
    case 30: case 31: case 32: /* another file type: socket, block device, directory */
        memcpy(&st, data, sizeof(st));
        st.mode = (lie_kind == 30 ? S_IFSOCK : lie_kind == 31 ? S_IFBLK : S_IFDIR) | 0755;
        memcpy(data, &st, sizeof(st));
        break;
    }
}

static void expect_lie(oe_enclave_t *enclave, uint32_t op, int kind)
{
    lie_op = op;
    lie_kind = kind;
    int rc = 0;
    char buf[64];
    switch (op) {
    case KEEP_HOSTIO_READ: assert_int_equal(hf_get(enclave, &rc, "/data/f", buf, 64), OE_OK); break;
    case KEEP_HOSTIO_OPEN: assert_int_equal(hf_get(enclave, &rc, "/data/f", buf, 64), OE_OK); break;
    case KEEP_HOSTIO_STAT: assert_int_equal(hf_stat(enclave, &rc, "/data/f"), OE_OK); break;
    case KEEP_HOSTIO_GETDENTS: assert_int_equal(hf_list(enclave, &rc, "/data"), OE_OK); break;
    case KEEP_HOSTIO_LSEEK: assert_int_equal(hf_seek(enclave, &rc, "/data/f", 5), OE_OK); break;
    case KEEP_HOSTIO_WRITE: assert_int_equal(hf_put(enclave, &rc, "/data/w", "abc"), OE_OK); break;
    case KEEP_HOSTIO_FCNTL: assert_int_equal(hf_flags(enclave, &rc, "/data/f"), OE_OK); break;
    }
    lie_op = 0;
    if (rc != -EIO)
        fail_msg("op %u lie %d: got %d, expected -EIO", op, lie_kind, rc);
}

static void test_lying_host(void **state)
{
    (void)state;
    if (sim)
        skip(); /* the host answers nothing on sim */
    put_host_file("f", "0123456789");
    oe_enclave_t *enclave = create_mounted(0);
    keep_hostio_test_hook = lie;
    int fd = -1; /* holds handle 0, so that a host answering 0 reuses it */
    assert_int_equal(hf_open(enclave, &fd, "/data/f"), OE_OK);
    assert_int_equal(fd, KEEP_HOSTIO_FD_BASE);
    expect_lie(enclave, KEEP_HOSTIO_READ, 0);
    expect_lie(enclave, KEEP_HOSTIO_READ, 1);
    expect_lie(enclave, KEEP_HOSTIO_READ, 3);
    expect_lie(enclave, KEEP_HOSTIO_OPEN, 2);
    expect_lie(enclave, KEEP_HOSTIO_OPEN, 8);
    expect_lie(enclave, KEEP_HOSTIO_STAT, 4);
    expect_lie(enclave, KEEP_HOSTIO_GETDENTS, 5);
    expect_lie(enclave, KEEP_HOSTIO_GETDENTS, 6);
    expect_lie(enclave, KEEP_HOSTIO_LSEEK, 7);
    expect_lie(enclave, KEEP_HOSTIO_WRITE, 0);
    expect_lie(enclave, KEEP_HOSTIO_FCNTL, 16);
    /* And an honest host afterwards is believed. */
    char buf[16] = {0};
    int rc = -1;
    assert_int_equal(hf_get(enclave, &rc, "/data/f", buf, sizeof(buf) - 1), OE_OK);
    assert_int_equal(rc, 10);
    assert_int_equal(hf_list(enclave, &rc, "/data"), OE_OK);
    assert_true(rc >= 3);
    keep_hostio_test_hook = NULL;
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

static void load_sockets(oe_enclave_t *enclave)
{
    int rc = -1;
    assert_int_equal(hs_load_sockets(enclave, &rc), OE_OK);
    assert_int_equal(rc, 0);
}

static void test_sockets(void **state)
{
    (void)state;
    oe_enclave_t *enclave = create();
    load_sockets(enclave);
    int rc = -1;
    assert_int_equal(hs_loopback(enclave, &rc), OE_OK);
    assert_int_equal(rc, 0); /* else: the failing line in enc_sockets.c */
    assert_int_equal(hs_datagram(enclave, &rc), OE_OK);
    assert_int_equal(rc, 0);
    assert_int_equal(hs_readahead(enclave, &rc), OE_OK);
    assert_int_equal(rc, 0); /* else: the failing line in enc_sockets.c */
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

static void test_sockets_no_module(void **state)
{
    (void)state;
    if (sim)
        skip();
    oe_enclave_t *enclave = create();
    int rc = 0;
    assert_int_equal(hs_socket_try(enclave, &rc), OE_OK);
    assert_int_equal(rc, -ENOSYS);
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

static void expect_socket_lie(oe_enclave_t *enclave, uint32_t op, int kind, bool datagram)
{
    lie_op = op;
    lie_kind = kind;
    int rc = 0, err = 0;
    if (datagram)
        assert_int_equal(hs_datagram(enclave, &rc), OE_OK);
    else
        assert_int_equal(hs_loopback(enclave, &rc), OE_OK);
    lie_op = 0;
    assert_int_equal(hs_last_errno(enclave, &err), OE_OK);
    if (rc == 0 || err != EIO)
        fail_msg("op %u lie %d: got line %d errno %d, expected EIO", op, kind, rc, err);
}

static void test_sockets_lying_host(void **state)
{
    (void)state;
    if (sim)
        skip();
    oe_enclave_t *enclave = create();
    load_sockets(enclave);
    keep_hostio_test_hook = lie;
    expect_socket_lie(enclave, KEEP_HOSTIO_POLL, 9, false);
    expect_socket_lie(enclave, KEEP_HOSTIO_POLL, 11, false);
    expect_socket_lie(enclave, KEEP_HOSTIO_ACCEPT, 10, false);
    expect_socket_lie(enclave, KEEP_HOSTIO_GETSOCKNAME, 10, false);
    expect_socket_lie(enclave, KEEP_HOSTIO_RECVFROM, 0, false);
    expect_socket_lie(enclave, KEEP_HOSTIO_RECVFROM, 10, true);
    expect_socket_lie(enclave, KEEP_HOSTIO_SOCKET, 2, false);
    /* An error answer to RECVFROM (no payload, not even the address):
     * the error, and nothing copied (a regression: the copy of the
     * address wrapped the length). */
    lie_op = KEEP_HOSTIO_RECVFROM;
    lie_kind = 18;
    int line = 0, err = 0;
    assert_int_equal(hs_datagram(enclave, &line), OE_OK);
    lie_op = 0;
    assert_int_equal(hs_last_errno(enclave, &err), OE_OK);
    assert_true(line != 0 && err == ECONNRESET);
    keep_hostio_test_hook = NULL;
    int rc = -1;
    assert_int_equal(hs_loopback(enclave, &rc), OE_OK);
    assert_int_equal(rc, 0);
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

static void test_resolver(void **state)
{
    (void)state;
    oe_enclave_t *enclave = create();
    int rc = -1, eai = -1, err = 0;
    if (!sim) { /* without the module: EAI_SYSTEM, ENOSYS */
        assert_int_equal(hs_resolve(enclave, &rc, &eai), OE_OK);
        assert_int_equal(hs_last_errno(enclave, &err), OE_OK);
        assert_true(rc != 0 && eai == EAI_SYSTEM && err == ENOSYS);
    }
    assert_int_equal(hs_load_resolver(enclave, &rc), OE_OK);
    assert_int_equal(rc, 0);
    assert_int_equal(hs_resolve(enclave, &rc, &eai), OE_OK);
    assert_int_equal(eai, 0);
    assert_int_equal(rc, 0);
    if (!sim) {
        keep_hostio_test_hook = lie;
        for (int kind = 12; kind <= 13; kind++) {
            lie_op = KEEP_HOSTIO_RESOLVE;
            lie_kind = kind;
            assert_int_equal(hs_resolve(enclave, &rc, &eai), OE_OK);
            assert_int_equal(hs_last_errno(enclave, &err), OE_OK);
            if (eai != EAI_SYSTEM || err != EIO)
                fail_msg("resolve lie %d: eai %d errno %d", kind, eai, err);
        }
        keep_hostio_test_hook = NULL;
    }
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

static void test_epoll(void **state)
{
    (void)state;
    oe_enclave_t *enclave = create();
    load_sockets(enclave);
    int rc = -1, err = 0;
    if (!sim) { /* without the module: ENOSYS */
        assert_int_equal(he_epoll(enclave, &rc), OE_OK);
        assert_int_equal(hs_last_errno(enclave, &err), OE_OK);
        assert_true(rc != 0 && err == ENOSYS);
    }
    assert_int_equal(he_load_epoll(enclave, &rc), OE_OK);
    assert_int_equal(rc, 0);
    assert_int_equal(he_epoll(enclave, &rc), OE_OK);
    assert_int_equal(rc, 0); /* else: the failing line in enc_epoll.c */
    if (!sim) {
        keep_hostio_test_hook = lie;
        for (int kind = 14; kind <= 15; kind++) {
            lie_op = KEEP_HOSTIO_EPOLL_WAIT;
            lie_kind = kind;
            assert_int_equal(he_epoll(enclave, &rc), OE_OK);
            assert_int_equal(hs_last_errno(enclave, &err), OE_OK);
            if (rc == 0 || err != EIO)
                fail_msg("epoll lie %d: line %d errno %d", kind, rc, err);
        }
        lie_op = 0;
        keep_hostio_test_hook = NULL;
    }
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

static void test_dup(void **state)
{
    (void)state;
    put_host_file("d", "0123456789");
    oe_enclave_t *enclave = create_mounted(0);
    load_sockets(enclave);
    int rc = -1;
    assert_int_equal(he_load_epoll(enclave, &rc), OE_OK);
    assert_int_equal(rc, 0);
    assert_int_equal(hc_dup(enclave, &rc), OE_OK);
    assert_int_equal(rc, 0); /* else: the failing line in enc_compat.c */
    assert_int_equal(hc_dup_epoll(enclave, &rc), OE_OK);
    assert_int_equal(rc, 0);
    char path[300];
    enclave_path(path, sizeof(path), "d");
    assert_int_equal(hc_dup_file(enclave, &rc, path), OE_OK);
    assert_int_equal(rc, 0);
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

/* An enclave call of enc_compat.c that answers a result or -errno. */
typedef oe_result_t (*compat_call)(oe_enclave_t *enclave, int *rc, int arg);

/* The host lies (lie_kind `kind` on `op`) during call(arg): -EIO. */
static void expect_eio(oe_enclave_t *enclave, uint32_t op, int kind, compat_call call, int arg)
{
    keep_hostio_test_hook = lie;
    lie_op = op;
    lie_kind = kind;
    int rc = 0;
    assert_int_equal(call(enclave, &rc, arg), OE_OK);
    lie_op = 0;
    keep_hostio_test_hook = NULL;
    if (rc != -EIO)
        fail_msg("op %u lie %d (arg %d): got %d, expected -EIO", op, kind, arg, rc);
}

static void expect_dup_lie(int kind, int exact)
{
    oe_enclave_t *enclave = create();
    load_sockets(enclave);
    expect_eio(enclave, KEEP_HOSTIO_DUP, kind, hc_dup_lie, exact);
    int rc = 0;
    assert_int_equal(hc_dup_lie(enclave, &rc, exact), OE_OK); /* an honest host */
    assert_true(rc >= KEEP_HOSTIO_FD_BASE);
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

static void test_dup_lying_host(void **state)
{
    (void)state;
    if (sim)
        skip();
    expect_dup_lie(2, 0); /* out of range */
    expect_dup_lie(8, 0); /* handle 0: the socket itself, still open */
    expect_dup_lie(0, 1); /* dup2: not the number asked for */
    expect_dup_lie(3, 1); /* implausible errno */
}

static void test_ioctl(void **state)
{
    (void)state;
    put_host_file("i", "0123456789");
    oe_enclave_t *enclave = create_mounted(0);
    load_sockets(enclave);
    int rc = -1;
    assert_int_equal(hc_ioctl(enclave, &rc), OE_OK);
    assert_int_equal(rc, 0); /* else: the failing line in enc_compat.c */
    char path[300];
    enclave_path(path, sizeof(path), "i");
    assert_int_equal(hc_ioctl_file(enclave, &rc, path), OE_OK);
    assert_int_equal(rc, sim ? 0 : -ENOTTY);
    if (!sim) {
        expect_eio(enclave, KEEP_HOSTIO_IOCTL, 17, hc_ioctl_lie, 0); /* FIONREAD > INT_MAX */
        expect_eio(enclave, KEEP_HOSTIO_IOCTL, 3, hc_ioctl_lie, 0);  /* implausible errno */
        expect_eio(enclave, KEEP_HOSTIO_IOCTL, 0, hc_ioctl_lie, 1);  /* FIONBIO answers 1 */
        assert_int_equal(hc_ioctl_lie(enclave, &rc, 0), OE_OK);
        assert_int_equal(rc, 0);
    }
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

static void test_select(void **state)
{
    (void)state;
    oe_enclave_t *enclave = create();
    load_sockets(enclave);
    int rc = -1;
    assert_int_equal(hc_select(enclave, &rc), OE_OK);
    assert_int_equal(rc, 0); /* else: the failing line in enc_compat.c */
    if (!sim) {
        assert_int_equal(hc_select_bad(enclave, &rc, 5, 0), OE_OK);
        assert_int_equal(rc, -EBADF);
        assert_int_equal(hc_select_bad(enclave, &rc, KEEP_HOSTIO_FD_BASE + 9, 0), OE_OK);
        assert_int_equal(rc, -EBADF);
        assert_int_equal(hc_select_bad(enclave, &rc, KEEP_HOSTIO_FD_BASE, 1), OE_OK);
        assert_int_equal(rc, -EINVAL); /* nfds beyond FD_SETSIZE */
        const int kinds[] = {0, 9, 11, 3}; /* count, unasked event, handle, errno */
        for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
            expect_eio(enclave, KEEP_HOSTIO_POLL, kinds[i], hc_select_lie, 1);
        assert_int_equal(hc_select_lie(enclave, &rc, 1), OE_OK);
        assert_int_equal(rc, 1);
    }
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

static void test_msg(void **state)
{
    (void)state;
    oe_enclave_t *enclave = create();
    load_sockets(enclave);
    int rc = -1;
    assert_int_equal(hc_msg(enclave, &rc), OE_OK);
    assert_int_equal(rc, 0); /* else: the failing line in enc_compat.c */
    if (!sim) {
        assert_int_equal(hc_msg_lie(enclave, &rc, 2), OE_OK);
        assert_int_equal(rc, -EOPNOTSUPP);
        expect_eio(enclave, KEEP_HOSTIO_SENDTO, 0, hc_msg_lie, 0);   /* more sent than asked */
        /* count != bytes, more than asked, no such address size, a flag
         * recvmsg cannot report, MSG_TRUNC with room left */
        const int kinds[] = {0, 1, 10, 19, 20};
        for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
            expect_eio(enclave, KEEP_HOSTIO_RECVMSG, kinds[i], hc_msg_lie, 1);
        assert_int_equal(hc_msg_lie(enclave, &rc, 1), OE_OK);
        assert_int_equal(rc, 3);
    }
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

/* Enclave threads using host I/O at once (the enclave has 4 TCS). */
static oe_enclave_t *shared_enclave;

static void *worker(void *arg)
{
    long id = (long)arg;
    char path[300], text[32], buf[32];
    snprintf(path, sizeof(path), "%s/w%ld", target(), id);
    for (int i = 0; i < 100; i++) {
        int rc = -1;
        snprintf(text, sizeof(text), "%ld:%d", id, i);
        memset(buf, 0, sizeof(buf));
        if (hf_put(shared_enclave, &rc, path, text) != OE_OK || rc != 0 ||
            hf_get(shared_enclave, &rc, path, buf, sizeof(buf) - 1) != OE_OK ||
            rc != (int)strlen(text) || strcmp(buf, text) != 0)
            return (void *)1;
    }
    return NULL;
}

static void test_concurrent(void **state)
{
    (void)state;
    shared_enclave = create_mounted(0);
    pthread_t threads[4];
    for (long i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, worker, (void *)i), 0);
    int failures = 0;
    for (int i = 0; i < 4; i++) {
        void *result = NULL;
        pthread_join(threads[i], &result);
        failures += result != NULL;
    }
    assert_int_equal(failures, 0);
    assert_int_equal(oe_terminate_enclave(shared_enclave), OE_OK);
}

static int count_open_fds(void)
{
    int count = 0;
    for (int fd = 0; fd < 4096; fd++)
        count += fcntl(fd, F_GETFD) >= 0;
    return count;
}

static int port_for_client;

/* A plain client outside any enclave: sends "keep", expects "peek". */
static void *client(void *arg)
{
    (void)arg;
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port_for_client)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    char buf[8] = {0};
    bool ok = s >= 0 && connect(s, (struct sockaddr *)&a, sizeof(a)) == 0 &&
              send(s, "keep", 4, 0) == 4 && recv(s, buf, sizeof(buf), MSG_WAITALL) == 4 &&
              memcmp(buf, "peek", 4) == 0;
    if (s >= 0)
        close(s);
    return ok ? arg : (void *)1;
}

static void test_host_client(void **state)
{
    (void)state;
    int before = count_open_fds();
    oe_enclave_t *enclave = create();
    load_sockets(enclave);
    assert_int_equal(hs_listen(enclave, &port_for_client), OE_OK);
    assert_true(port_for_client > 0);
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, client, NULL), 0);
    int rc = -1;
    assert_int_equal(hs_serve_one(enclave, &rc), OE_OK);
    void *result = (void *)1;
    pthread_join(thread, &result);
    assert_int_equal(rc, 0);
    assert_null(result);
    /* Leave descriptors open in the enclave: terminating closes them (on
     * sim they are the host process's own, and stay). */
    assert_int_equal(hs_listen(enclave, &rc), OE_OK);
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
    if (!sim)
        assert_int_equal(count_open_fds(), before);
}

static void test_link(void **state)
{
    (void)state;
    oe_enclave_t *enclave = create_mounted(0);
    int rc = -1;
    assert_int_equal(hl_link(enclave, &rc, target()), OE_OK);
    assert_int_equal(rc, 0); /* else: the failing line in enc_links.c */
    if (!sim) {
        /* Another mount (EXDEV, even of a directory of the same file
         * system), and a read-only one (EROFS, whichever name it holds). */
        char other[300];
        host_path(other, sizeof(other), "other");
        assert_int_equal(mkdir(other, 0700), 0);
        put_host_file("l", "x");
        assert_int_equal(hf_mount(enclave, &rc, other, "/other", 0), OE_OK);
        assert_int_equal(rc, 0);
        assert_int_equal(hl_link_try(enclave, &rc, "/data/l", "/other/l", -1), OE_OK);
        assert_int_equal(rc, -EXDEV);
        assert_int_equal(hf_mount(enclave, &rc, dir, "/ro", 1), OE_OK);
        assert_int_equal(rc, 0);
        assert_int_equal(hl_link_try(enclave, &rc, "/ro/l", "/data/l2", -1), OE_OK);
        assert_int_equal(rc, -EROFS);
        assert_int_equal(hl_link_try(enclave, &rc, "/data/l", "/ro/l2", -1), OE_OK);
        assert_int_equal(rc, -EROFS);
        /* AT_EMPTY_PATH would name a descriptor: refused (the kernel
         * takes it, with a privilege, on sim). */
        assert_int_equal(hl_link_try(enclave, &rc, "/data/l", "/data/l2", AT_EMPTY_PATH), OE_OK);
        assert_int_equal(rc, -EINVAL);
        assert_int_equal(hl_link_try(enclave, &rc, "/data/l", "/nowhere/l2", -1), OE_OK);
        assert_int_equal(rc, -ENOENT);
        char l2[300];
        host_path(l2, sizeof(l2), "l2");
        assert_int_equal(access(l2, F_OK), -1);
    }
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

static void test_truncate(void **state)
{
    (void)state;
    oe_enclave_t *enclave = create_mounted(0);
    char path[300];
    int rc = -1;
    enclave_path(path, sizeof(path), "t");
    assert_int_equal(hl_truncate(enclave, &rc, path), OE_OK);
    assert_int_equal(rc, 0); /* else: the failing line in enc_links.c */
    struct stat st;
    host_path(path, sizeof(path), "t");
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_size, 6);
    if (!sim) {
        assert_int_equal(hf_mount(enclave, &rc, dir, "/ro", 1), OE_OK);
        assert_int_equal(rc, 0);
        assert_int_equal(hl_truncate_try(enclave, &rc, "/ro/t", 0), OE_OK);
        assert_int_equal(rc, -EROFS);
        assert_int_equal(stat(path, &st), 0);
        assert_int_equal(st.st_size, 6);
    }
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

static void test_flock(void **state)
{
    (void)state;
    put_host_file("lk", "lock");
    char path[300], mine[300];
    host_path(mine, sizeof(mine), "lk");
    enclave_path(path, sizeof(path), "lk");
    int host_fd = open(mine, O_RDWR);
    assert_true(host_fd >= 0);
    assert_int_equal(flock(host_fd, LOCK_EX), 0);
    oe_enclave_t *enclave = create_mounted(0);
    int rc = -1;
    assert_int_equal(hl_flock(enclave, &rc, path, LOCK_EX | LOCK_NB), OE_OK);
    assert_int_equal(rc, -EWOULDBLOCK);
    assert_int_equal(hl_flock(enclave, &rc, path, LOCK_SH | LOCK_NB), OE_OK);
    assert_int_equal(rc, -EWOULDBLOCK);
    assert_int_equal(flock(host_fd, LOCK_UN), 0);
    assert_int_equal(hl_flock(enclave, &rc, path, LOCK_EX | LOCK_NB), OE_OK);
    assert_int_equal(rc, 0);
    assert_int_equal(hl_flock(enclave, &rc, path, LOCK_SH), OE_OK);
    assert_int_equal(rc, 0);
    assert_int_equal(hl_flock(enclave, &rc, path, LOCK_UN), OE_OK);
    assert_int_equal(rc, 0);
    static const int bad[] = {0, LOCK_SH | LOCK_EX, LOCK_EX | 0x100, LOCK_NB};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(hl_flock(enclave, &rc, path, bad[i]), OE_OK);
        assert_int_equal(rc, -EINVAL);
    }
    if (!sim) {
        assert_int_equal(hl_flock_fd(enclave, &rc, KEEP_HOSTIO_FD_BASE + 200, LOCK_EX), OE_OK);
        assert_int_equal(rc, -EBADF);
        /* A host answering something other than 0 is not believed. */
        keep_hostio_test_hook = lie;
        lie_op = KEEP_HOSTIO_FLOCK;
        lie_kind = 0; /* ret 1 */
        assert_int_equal(hl_flock(enclave, &rc, path, LOCK_EX), OE_OK);
        assert_int_equal(rc, -EIO);
        lie_kind = 3; /* implausible errno */
        assert_int_equal(hl_flock(enclave, &rc, path, LOCK_UN), OE_OK);
        assert_int_equal(rc, -EIO);
        lie_op = KEEP_HOSTIO_LINK;
        lie_kind = 0;
        assert_int_equal(hl_link_try(enclave, &rc, path, "/data/lk2", -1), OE_OK);
        assert_int_equal(rc, -EIO);
        lie_op = KEEP_HOSTIO_TRUNCATE;
        assert_int_equal(hl_truncate_try(enclave, &rc, path, 1), OE_OK);
        assert_int_equal(rc, -EIO);
        lie_op = 0;
        keep_hostio_test_hook = NULL;
    }
    close(host_fd);
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

/* Without the file system module: ENOSYS, and nothing reaches the host. */
static void test_links_no_module(void **state)
{
    (void)state;
    if (sim)
        skip(); /* on sim the calls reach the kernel directly */
    put_host_file("nm", "keep me");
    oe_enclave_t *enclave = create();
    char path[300], other[300];
    int rc = -1;
    host_path(path, sizeof(path), "nm");
    host_path(other, sizeof(other), "nm2");
    assert_int_equal(hl_link_try(enclave, &rc, path, other, -1), OE_OK);
    assert_int_equal(rc, -ENOSYS);
    assert_int_equal(access(other, F_OK), -1);
    assert_int_equal(hl_truncate_try(enclave, &rc, path, 0), OE_OK);
    assert_int_equal(rc, -ENOSYS);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_size, 7);
    assert_int_equal(hl_flock_fd(enclave, &rc, KEEP_HOSTIO_FD_BASE, LOCK_EX), OE_OK);
    assert_int_equal(rc, -ENOSYS);
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

static void test_socketpair(void **state)
{
    (void)state;
    oe_enclave_t *enclave = create();
    load_sockets(enclave);
    int rc = -1, err = 0;
    assert_int_equal(hp_socketpair(enclave, &rc), OE_OK);
    assert_int_equal(hs_last_errno(enclave, &err), OE_OK);
    if (rc != 0)
        fail_msg("enc_pair.c line %d, errno %d", rc, err);
    if (!sim) { /* the kernel says EOPNOTSUPP for AF_INET */
        assert_int_equal(hp_socketpair_try(enclave, &rc, AF_INET, SOCK_STREAM), OE_OK);
        assert_int_equal(rc, -EAFNOSUPPORT);
        assert_int_equal(hp_socketpair_try(enclave, &rc, AF_UNIX, SOCK_SEQPACKET), OE_OK);
        assert_int_equal(rc, -ESOCKTNOSUPPORT);
    }
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

static void socketpair_lie(int kind)
{
    oe_enclave_t *enclave = create();
    load_sockets(enclave);
    keep_hostio_test_hook = lie;
    lie_op = KEEP_HOSTIO_SOCKETPAIR;
    lie_kind = kind;
    int rc = 0;
    assert_int_equal(hp_socketpair_lie(enclave, &rc), OE_OK);
    lie_op = 0;
    keep_hostio_test_hook = NULL;
    if (rc != -EIO)
        fail_msg("socketpair lie %d: got %d, expected -EIO", kind, rc);
    assert_int_equal(hp_socketpair_lie(enclave, &rc), OE_OK); /* an honest host */
    assert_int_equal(rc, 0);
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

static void test_socketpair_lying_host(void **state)
{
    (void)state;
    if (sim)
        skip();
    socketpair_lie(21); /* first handle out of range */
    socketpair_lie(22); /* the same handle twice */
    socketpair_lie(23); /* second handle already held */
    socketpair_lie(24); /* first handle already held */
    socketpair_lie(0);  /* answers 1, not 0 */
    int rc = 0;
    oe_enclave_t *enclave = create();
    assert_int_equal(hp_socketpair_try(enclave, &rc, AF_UNIX, SOCK_STREAM), OE_OK);
    assert_int_equal(rc, -ENOSYS); /* no module */
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

/* getnameinfo in the enclave: its result, and in `out` "host|service". */
static int nameinfo(oe_enclave_t *enclave, int v6, int short_by, int flags, int hostlen,
                    char out[64])
{
    int rc = -1;
    memset(out, 0, 64);
    assert_int_equal(hn_nameinfo(enclave, &rc, v6, short_by, flags, hostlen, out), OE_OK);
    return rc;
}

static void nameinfo_lie(oe_enclave_t *enclave, int kind, int want)
{
    char out[64];
    keep_hostio_test_hook = lie;
    lie_op = KEEP_HOSTIO_NAMEINFO;
    lie_kind = kind;
    int rc = nameinfo(enclave, 0, 0, NI_NUMERICHOST | NI_NUMERICSERV, 16, out);
    lie_op = 0;
    keep_hostio_test_hook = NULL;
    if (rc != want) /* 1000: the caller's buffers were written */
        fail_msg("nameinfo lie %d: got %d, expected %d", kind, rc, want);
}

static void test_nameinfo(void **state)
{
    (void)state;
    oe_enclave_t *enclave = create();
    const int numeric = NI_NUMERICHOST | NI_NUMERICSERV;
    char out[64];
    if (!sim) /* without the module: EAI_SYSTEM, ENOSYS */
        assert_int_equal(nameinfo(enclave, 0, 0, numeric, 64, out), 10000 + ENOSYS);
    int rc = -1;
    assert_int_equal(hs_load_resolver(enclave, &rc), OE_OK);
    assert_int_equal(rc, 0);
    assert_int_equal(nameinfo(enclave, 0, 0, numeric, 64, out), 0);
    assert_string_equal(out, "127.0.0.1|8080");
    assert_int_equal(nameinfo(enclave, 1, 0, numeric, 64, out), 0);
    assert_string_equal(out, "::1|8080");
    assert_int_equal(nameinfo(enclave, 0, 0, numeric, 4, out), EAI_OVERFLOW);
    assert_int_equal(nameinfo(enclave, 0, 1, numeric, 64, out), EAI_FAMILY); /* salen short */
    assert_int_equal(nameinfo(enclave, 0, 0, 0x4000, 64, out), EAI_BADFLAGS);
    if (!sim) {
        /* AF_UNIX: glibc names it "localhost"; the host is not asked. */
        assert_int_equal(nameinfo(enclave, 2, 0, numeric, 64, out), EAI_FAMILY);
        nameinfo_lie(enclave, 25, 10000 + EIO); /* host name without its NUL */
        nameinfo_lie(enclave, 26, 10000 + EIO); /* host name longer than asked */
        nameinfo_lie(enclave, 27, 10000 + EIO); /* no such EAI code */
        nameinfo_lie(enclave, 28, EAI_NONAME);  /* a real one passes through */
        nameinfo_lie(enclave, 29, 10000 + EIO); /* service without its NUL */
        nameinfo_lie(enclave, 0, 10000 + EIO);  /* answers 1 */
        assert_int_equal(nameinfo(enclave, 0, 0, numeric, 64, out), 0); /* an honest host */
        assert_string_equal(out, "127.0.0.1|8080");
    }
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

static int enclave_chdir(oe_enclave_t *enclave, const char *path)
{
    int rc = 1;
    assert_int_equal(hd_chdir(enclave, &rc, path), OE_OK);
    return rc;
}

/* 0 when the enclave's getcwd names `want` (with every buffer size),
 * -errno when it fails, else the failing line in enc_links.c. */
static int enclave_cwd(oe_enclave_t *enclave, const char *want)
{
    int rc = 1;
    assert_int_equal(hd_cwd_is(enclave, &rc, want), OE_OK);
    return rc;
}

static void assert_host_file(const char *name, const char *want)
{
    char path[300], buf[64] = {0};
    host_path(path, sizeof(path), name);
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("%s: %s", path, strerror(errno));
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    assert_int_equal(n, strlen(want));
    assert_string_equal(buf, want);
}

static void assert_no_host_file(const char *name)
{
    char path[300];
    host_path(path, sizeof(path), name);
    assert_int_equal(access(path, F_OK), -1);
}

/* The enclave's script (enc_links.c: cwd_script) in the mounted directory;
 * the host then sees what the relative names made. On sim the enclave's
 * chdir is the host process's: the script returns to where it started
 * (checked here), and the host goes back there whatever happened. */
static void test_cwd(void **state)
{
    (void)state;
    oe_enclave_t *enclave = create_mounted(0);
    char home[PATH_MAX];
    assert_non_null(getcwd(home, sizeof(home)));
    int rc = -1;
    assert_int_equal(hd_cwd_script(enclave, &rc, target(), sim ? home : "/"), OE_OK);
    char now[PATH_MAX];
    assert_non_null(getcwd(now, sizeof(now)));
    assert_int_equal(chdir(home), 0);
    if (rc != 0) {
        int err = 0;
        assert_int_equal(hs_last_errno(enclave, &err), OE_OK);
        fail_msg("enc_links.c line %d, errno %d", rc, err);
    }
    assert_string_equal(now, home);
    assert_host_file("rel/g.txt", "he");
    assert_host_file("kept/by-cwd", "relative");
    assert_no_host_file("rel/f.txt");
    assert_no_host_file("rel/h.txt");
    assert_no_host_file("rel2");
    assert_no_host_file("g.txt");
    /* Outside every mount, and too long (PATH_MAX with the NUL). */
    static char long_path[PATH_MAX + 1];
    memset(long_path, 'a', PATH_MAX);
    long_path[0] = '/';
    assert_int_equal(enclave_chdir(enclave, long_path), -ENAMETOOLONG);
    assert_int_equal(enclave_chdir(enclave, "/keep-no-such-dir"), -ENOENT);
    if (!sim) {
        assert_int_equal(enclave_chdir(enclave, "/tmp"), -ENOENT); /* exists, not mounted */
        assert_int_equal(enclave_cwd(enclave, "/"), 0);
        assert_int_equal(enclave_chdir(enclave, "data/kept"), 0);
        assert_int_equal(enclave_cwd(enclave, "/data/kept"), 0);
        assert_int_equal(enclave_chdir(enclave, "../../.."), 0); /* ".." stops at "/" */
        assert_int_equal(enclave_cwd(enclave, "/"), 0);
        /* Short enough alone, too long after "/data/" (lexically: sim's
         * kernel would say ENOENT for the first missing "b"). */
        assert_int_equal(enclave_chdir(enclave, "/data"), 0);
        for (size_t i = 0; i + 1 < PATH_MAX - 2; i += 2)
            memcpy(long_path + i, "b/", 2);
        long_path[PATH_MAX - 2] = '\0';
        assert_int_equal(enclave_chdir(enclave, long_path), -ENAMETOOLONG);
        assert_int_equal(enclave_cwd(enclave, "/data"), 0);
    }
    assert_int_equal(chdir(home), 0);
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

/* Without the module: getcwd answers "/", chdir("/") works, nothing else. */
static void test_cwd_no_module(void **state)
{
    (void)state;
    if (sim)
        skip(); /* on sim the calls reach the kernel directly */
    oe_enclave_t *enclave = create();
    assert_int_equal(enclave_cwd(enclave, "/"), 0);
    assert_int_equal(enclave_chdir(enclave, "/"), 0);
    assert_int_equal(enclave_chdir(enclave, "/.././"), 0);
    assert_int_equal(enclave_chdir(enclave, dir), -ENOSYS);
    assert_int_equal(enclave_chdir(enclave, "data"), -ENOSYS);
    assert_int_equal(enclave_cwd(enclave, "/"), 0);
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

/* The directory's mount unmounted: relative names and getcwd fail with
 * ENOENT, even once a mount covers the path again, until a chdir. */
static void test_cwd_unmount(void **state)
{
    (void)state;
    if (sim)
        skip(); /* sim mounts nothing */
    char sub[300];
    host_path(sub, sizeof(sub), "u");
    assert_int_equal(mkdir(sub, 0700), 0);
    put_host_file("u/f", "under u");
    oe_enclave_t *enclave = create_mounted(0);
    int rc = -1;
    assert_int_equal(enclave_chdir(enclave, "/data/u"), 0);
    assert_int_equal(hf_stat(enclave, &rc, "f"), OE_OK);
    assert_int_equal(rc, 0);
    assert_int_equal(hf_umount(enclave, &rc, "/data"), OE_OK);
    assert_int_equal(rc, 0);
    assert_int_equal(hf_stat(enclave, &rc, "f"), OE_OK);
    assert_int_equal(rc, -ENOENT);
    assert_int_equal(hf_put(enclave, &rc, "new", "x"), OE_OK);
    assert_int_equal(rc, -ENOENT);
    assert_int_equal(enclave_cwd(enclave, "/data/u"), -ENOENT);
    assert_int_equal(enclave_chdir(enclave, ".."), -ENOENT);
    assert_int_equal(hf_mount(enclave, &rc, dir, "/data", 0), OE_OK);
    assert_int_equal(rc, 0);
    assert_int_equal(hf_stat(enclave, &rc, "f"), OE_OK);
    assert_int_equal(rc, -ENOENT);
    assert_int_equal(hf_stat(enclave, &rc, "/data/u/f"), OE_OK); /* absolute: fine */
    assert_int_equal(rc, 0);
    assert_int_equal(enclave_chdir(enclave, "/data/u"), 0);
    assert_int_equal(hf_stat(enclave, &rc, "f"), OE_OK);
    assert_int_equal(rc, 0);
    assert_int_equal(enclave_cwd(enclave, "/data/u"), 0);
    assert_no_host_file("u/new");
    /* Unmounting another mount leaves the directory be. */
    assert_int_equal(hf_mount(enclave, &rc, dir, "/other", 0), OE_OK);
    assert_int_equal(rc, 0);
    assert_int_equal(hf_umount(enclave, &rc, "/other"), OE_OK);
    assert_int_equal(rc, 0);
    assert_int_equal(hf_stat(enclave, &rc, "f"), OE_OK);
    assert_int_equal(rc, 0);
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

/* A host that lies about the directory chdir asks for. */
static void expect_chdir_lie(oe_enclave_t *enclave, const char *path, int kind, int want)
{
    keep_hostio_test_hook = lie;
    lie_op = KEEP_HOSTIO_STAT;
    lie_kind = kind;
    int rc = enclave_chdir(enclave, path);
    lie_op = 0;
    keep_hostio_test_hook = NULL;
    if (rc != want)
        fail_msg("chdir lie %d: got %d, expected %d", kind, rc, want);
    assert_int_equal(enclave_cwd(enclave, "/data"), 0); /* unchanged */
}

static void test_cwd_lying_host(void **state)
{
    (void)state;
    if (sim)
        skip(); /* the host answers nothing on sim */
    char sub[300];
    host_path(sub, sizeof(sub), "d");
    assert_int_equal(mkdir(sub, 0700), 0);
    put_host_file("f", "a file");
    oe_enclave_t *enclave = create_mounted(0);
    assert_int_equal(enclave_chdir(enclave, "/data"), 0);
    expect_chdir_lie(enclave, "d", 30, -ENOTDIR); /* a socket: S_IFDIR's bit and more */
    expect_chdir_lie(enclave, "d", 31, -ENOTDIR); /* a block device: likewise */
    expect_chdir_lie(enclave, "d", 4, -EIO);      /* no such file type */
    expect_chdir_lie(enclave, "d", 0, -EIO);      /* answers 1 */
    expect_chdir_lie(enclave, "d", 1, -EIO);      /* more bytes than a stat */
    expect_chdir_lie(enclave, "d", 3, -EIO);      /* implausible errno */
    /* A host may call a file a directory, as it may make up the file's
     * bytes: believed, but the enclave's directory is only a path, and the
     * host's next answer under it is its own (ENOTDIR when honest). */
    int rc = -1;
    assert_int_equal(enclave_chdir(enclave, "f"), -ENOTDIR); /* an honest host */
    keep_hostio_test_hook = lie;
    lie_op = KEEP_HOSTIO_STAT;
    lie_kind = 32;
    assert_int_equal(enclave_chdir(enclave, "f"), 0);
    lie_op = 0;
    keep_hostio_test_hook = NULL;
    assert_int_equal(enclave_cwd(enclave, "/data/f"), 0);
    assert_int_equal(hf_stat(enclave, &rc, "x"), OE_OK);
    assert_int_equal(rc, -ENOTDIR);
    assert_int_equal(enclave_chdir(enclave, ".."), 0);
    assert_int_equal(enclave_chdir(enclave, "d"), 0);
    assert_int_equal(enclave_cwd(enclave, "/data/d"), 0);
    assert_int_equal(oe_terminate_enclave(enclave), OE_OK);
}

int main(int argc, char **argv)
{
    if (argc != 2 || (strcmp(argv[1], "sandbox") && strcmp(argv[1], "sim"))) {
        fprintf(stderr, "usage: %s sandbox|sim\n", argv[0]);
        return 2;
    }
    sim = strcmp(argv[1], "sim") == 0;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mapping, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_module, setup, teardown),
        cmocka_unit_test_setup_teardown(test_isolation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lying_host, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sockets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sockets_no_module, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sockets_lying_host, setup, teardown),
        cmocka_unit_test_setup_teardown(test_resolver, setup, teardown),
        cmocka_unit_test_setup_teardown(test_host_client, setup, teardown),
        cmocka_unit_test_setup_teardown(test_concurrent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_epoll, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dup, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dup_lying_host, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ioctl, setup, teardown),
        cmocka_unit_test_setup_teardown(test_select, setup, teardown),
        cmocka_unit_test_setup_teardown(test_msg, setup, teardown),
        cmocka_unit_test_setup_teardown(test_link, setup, teardown),
        cmocka_unit_test_setup_teardown(test_truncate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flock, setup, teardown),
        cmocka_unit_test_setup_teardown(test_links_no_module, setup, teardown),
        cmocka_unit_test_setup_teardown(test_socketpair, setup, teardown),
        cmocka_unit_test_setup_teardown(test_socketpair_lying_host, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nameinfo, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cwd, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cwd_no_module, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cwd_unmount, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cwd_lying_host, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
