/* bench_hostio's TLS streams, compiled unchanged into the enclave and the
 * host baseline: a TLS 1.3 server (self-signed P-256 certificate, one
 * AES-GCM suite) that moves `total` bytes in `record`-byte SSL_write calls
 * (one TLS record each) to or from a client, then exchanges a one-byte
 * acknowledgement so each side knows the other has everything. */
#ifndef BENCH_HOSTIO_STREAM_H
#define BENCH_HOSTIO_STREAM_H

#include <stdint.h>

#include <openssl/ssl.h>

#define HIO_CIPHER "TLS_AES_256_GCM_SHA384"
#define HIO_RECORD_MAX (16u << 10) /* TLS's largest plaintext record */

enum hio_mode {
    HIO_SERVER_SENDS = 1,    /* server -> client, then the client's ack */
    HIO_SERVER_RECEIVES = 2, /* client -> server, then the server's ack */
};

/* A TLS 1.3 server context with a fresh key and self-signed certificate,
 * or NULL. The caller frees it (SSL_CTX_free). */
SSL_CTX *hio_server_ctx(void);

/* A listening TCP socket on 127.0.0.1 (any free port, in *port), or -1. */
int hio_listen(uint16_t *port);

/* Accepts one client on `listener`, completes the handshake and runs
 * `mode`. 0 on success, -1 on any failure. */
int hio_serve_one(SSL_CTX *ctx, int listener, int mode, uint64_t total, uint32_t record);

/* Sends (sending != 0) or receives `total` bytes on `ssl`, in writes of
 * `record` bytes. 0 on success, -1 on failure. */
int hio_pump(SSL *ssl, int sending, uint64_t total, uint32_t record);

#endif
