/* bench_verify: full quote verifications per second with the collateral
 * already loaded, against raw OpenSSL ECDSA P-256 verifications per second
 * measured in the same run (a verification needs about six of them).
 *
 *   bench_verify [--json FILE] [--seconds N] [--strict]
 *
 * Rows: verify_quote_cold (signature cache off: every ECDSA check done),
 * verify_quote_warm (cache on: collateral signatures checked once).
 * Without the shared vectors it says so and exits 0. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/ec.h>
#include <openssl/evp.h>

#include <keep/verify.h>

#include "report.h"

#define QUOTE_FILE KEEP_DCAP_VECTORS "/phala-dcap-qvl-sgx-v3/quote.bin"
#define COLL_DIR KEEP_DCAP_VECTORS "/phala-dcap-qvl-sgx-v3"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef int (*op_fn)(void* arg);

/* Runs op in batches until `seconds` have passed; returns ops/s. */
static double rate(op_fn op, void* arg, double seconds)
{
    long n = 0;
    double start = now(), t = start;
    while (t - start < seconds) {
        for (int i = 0; i < 16; i++)
            if (op(arg) != 0)
                return -1;
        n += 16;
        t = now();
    }
    return (double)n / (t - start);
}

typedef struct ecdsa_ctx {
    EVP_PKEY* key;
    unsigned char msg[432];
    unsigned char sig[80];
    size_t sig_len;
} ecdsa_ctx_t;

static int ecdsa_op(void* arg)
{
    ecdsa_ctx_t* e = arg;
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    int ok = ctx && EVP_DigestVerifyInit(ctx, NULL, EVP_sha256(), NULL, e->key) == 1 &&
             EVP_DigestVerify(ctx, e->sig, e->sig_len, e->msg, sizeof(e->msg)) == 1;
    EVP_MD_CTX_free(ctx);
    return ok ? 0 : -1;
}

static int ecdsa_setup(ecdsa_ctx_t* e)
{
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    memset(e->msg, 0x5a, sizeof(e->msg));
    e->key = EVP_EC_gen("P-256");
    e->sig_len = sizeof(e->sig);
    int ok = e->key && ctx &&
             EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, e->key) == 1 &&
             EVP_DigestSign(ctx, e->sig, &e->sig_len, e->msg, sizeof(e->msg)) == 1;
    EVP_MD_CTX_free(ctx);
    return ok ? 0 : -1;
}

typedef struct verify_ctx {
    uint8_t* quote;
    size_t len;
    keep_verify_collateral_t* coll;
    keep_verify_options_t opts;
} verify_ctx_t;

static int verify_op(void* arg)
{
    verify_ctx_t* v = arg;
    keep_verify_result_t res;
    return keep_verify_quote(&res, v->quote, v->len, v->coll, &v->opts) == OE_OK
               ? 0
               : -1;
}

static uint8_t* read_all(const char* path, size_t* len)
{
    FILE* f = fopen(path, "rb");
    if (!f)
        return NULL;
    uint8_t* buf = malloc(65536);
    *len = buf ? fread(buf, 1, 65536, f) : 0;
    fclose(f);
    return buf;
}

/* 0 when measured (or when the shared vectors are absent), 1 on failure. */
static int run(double seconds)
{
    verify_ctx_t v = {0};
    ecdsa_ctx_t e = {0};
    int rc = 1;
    v.quote = read_all(QUOTE_FILE, &v.len);
    if (!v.quote) {
        printf("bench_verify: DCAP vectors not found at %s; nothing to measure\n",
               KEEP_DCAP_VECTORS);
        return 0;
    }
    if (keep_verify_collateral_new(&v.coll) != OE_OK ||
        keep_verify_collateral_load(v.coll, COLL_DIR) != OE_OK ||
        keep_verify_parse_time(&v.opts.at, "2025-06-20T00:00:00Z") != OE_OK ||
        ecdsa_setup(&e) != 0)
        goto out;
    double base = rate(ecdsa_op, &e, seconds);
    keep_verify_collateral_set_cache(v.coll, 0);
    double cold = rate(verify_op, &v, seconds);
    keep_verify_collateral_set_cache(v.coll, 1);
    double warm = rate(verify_op, &v, seconds);
    if (base <= 0 || cold <= 0 || warm <= 0)
        goto out;
    bench_add("verify_quote_cold", "ops/s", cold, "ecdsa_p256_verify", base);
    bench_add("verify_quote_warm", "ops/s", warm, "ecdsa_p256_verify", base)->min_ratio = 0.12;
    rc = 0;
out:
    if (rc)
        fprintf(stderr, "bench_verify: setup or verification failed\n");
    keep_verify_collateral_free(v.coll);
    EVP_PKEY_free(e.key);
    free(v.quote);
    return rc;
}

int main(int argc, char** argv)
{
    const char* json = NULL;
    double seconds = 1.0;
    bool strict = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json") && i + 1 < argc)
            json = argv[++i];
        else if (!strcmp(argv[i], "--seconds") && i + 1 < argc)
            seconds = atof(argv[++i]);
        else if (!strcmp(argv[i], "--strict"))
            strict = true;
        else {
            fprintf(stderr, "usage: bench_verify [--json FILE] [--seconds N] [--strict]\n");
            return 1;
        }
    }
    if (run(seconds > 0 ? seconds : 1.0) != 0 || !bench_report(json))
        return 1;
    return bench_exit_status(strict);
}
