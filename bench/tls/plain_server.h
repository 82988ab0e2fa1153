/* bench_tls's baseline server: plain TLS 1.3 on a host thread with a
 * self-signed P-256 certificate made once. */
#ifndef BENCH_TLS_PLAIN_SERVER_H
#define BENCH_TLS_PLAIN_SERVER_H

#include <pthread.h>
#include <stdint.h>

#include <openssl/ssl.h>

typedef struct plain_server {
    SSL_CTX* ctx;
    int listener, handshakes, failures;
    uint16_t port;
    pthread_t thread;
} plain_server;

/* Listens on 127.0.0.1 and serves `handshakes` clients on a thread. */
int plain_server_start(plain_server* s, int handshakes);

/* Waits for the thread; returns the number of failed handshakes. */
int plain_server_join(plain_server* s);

#endif
