// bench_hostio's enclave: the same TLS server and file passes as the host
// baseline, with their sockets and files reached through the host I/O
// modules (docs/host-io.md).
#include <errno.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <unistd.h>

#include <openenclave/enclave.h>

#include "bench_hostio_t.h"
#include "file_pass.h"
#include "stream.h"

#define CHUNK_MAX (1u << 20)

static SSL_CTX *ctx;
static int listener = -1;
static unsigned char *chunk_buf;

int hio_setup(uint16_t *port)
{
    if (ctx || oe_load_module_host_socket_interface() != OE_OK ||
        oe_load_module_host_file_system() != OE_OK ||
        mount("/", "/", OE_HOST_FILE_SYSTEM, 0, NULL) != 0)
        return -1;
    chunk_buf = malloc(CHUNK_MAX);
    ctx = hio_server_ctx();
    listener = ctx && chunk_buf ? hio_listen(port) : -1;
    return listener >= 0 ? 0 : -1;
}

int hio_serve(int mode, uint64_t total, uint32_t record)
{
    return ctx && listener >= 0 ? hio_serve_one(ctx, listener, mode, total, record) : -1;
}

int hio_file(int write_it, const char *path, uint64_t total, uint32_t chunk)
{
    if (!chunk_buf || chunk > CHUNK_MAX)
        return -EINVAL;
    return hio_file_pass(write_it, path, total, chunk, chunk_buf);
}

int hio_writes(const char *path, uint32_t count)
{
    return hio_write_loop(path, count);
}

void hio_teardown(void)
{
    if (listener >= 0)
        close(listener);
    listener = -1;
    SSL_CTX_free(ctx);
    ctx = NULL;
    free(chunk_buf);
    chunk_buf = NULL;
}
