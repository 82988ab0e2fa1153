/* The benchmarks' TLS servers (bench_tls's baseline, bench_hostio's server
 * in and out of the enclave): TLS 1.3 with a fresh self-signed P-256
 * certificate. */
#ifndef BENCH_TLS_SERVER_H
#define BENCH_TLS_SERVER_H

#include <openssl/ssl.h>

/* A server context whose certificate names `common_name`; NULL on failure. */
SSL_CTX *bench_tls_server_ctx(const char *common_name);

#endif
