/* bench_platform: oe_seal + oe_unseal of 1 KiB and 1 MiB against OpenSSL
 * AES-256-GCM encrypt + decrypt of the same data in the same enclave and
 * run (target for 1 MiB: at least 0.9x the baseline's throughput), and
 * oe_get_evidence + oe_verify_evidence per second on sandbox against an
 * ECDSA P-256 sign + verify baseline. Usage: bench_platform [--json FILE]. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/ec.h>
#include <openssl/evp.h>

#include <openenclave/attestation/sgx/evidence.h>
#include <openenclave/attestation/verifier.h>
#include <openenclave/host.h>

#include "../runtime/report.h"
#include "bench_platform_u.h"

#define KIB 1024u
#define MIB (1024u * 1024u)

/* Median throughput (MiB/s) over `rounds` timed loops. */
static double seal_rate(oe_enclave_t *e, int gcm, size_t size, int iterations, int rounds)
{
    uint64_t samples[16];
    for (int i = 0; i < rounds; i++) {
        int ret = -1;
        uint64_t ns = 0;
        oe_result_t r = bench_seal(e, &ret, gcm, size, iterations, &ns);
        if (r != OE_OK || ret != OE_OK) {
            fprintf(stderr, "bench_seal: %s\n", oe_result_str(r ? r : (oe_result_t)ret));
            exit(1);
        }
        samples[i] = ns;
    }
    double ns = bench_percentile(samples, (size_t)rounds, 50);
    return (double)size * iterations / (ns / 1e9) / MIB;
}

static void sealing(oe_enclave_t *e)
{
    struct { size_t size; int iterations; const char *name, *base; double min_ratio; } cases[] = {
        {KIB, 2000, "oe_seal+oe_unseal 1KiB", "aes256gcm enc+dec 1KiB", 0},
        {MIB, 20, "oe_seal+oe_unseal 1MiB", "aes256gcm enc+dec 1MiB", 0.9},
    };
    for (size_t i = 0; i < 2; i++) {
        double base = 0, seal = 0;
        for (int round = 0; round < 3; round++) { /* interleaved, best of three */
            double b = seal_rate(e, 1, cases[i].size, cases[i].iterations, 5);
            double s = seal_rate(e, 0, cases[i].size, cases[i].iterations, 5);
            base = b > base ? b : base;
            seal = s > seal ? s : seal;
        }
        bench_row *row = bench_add(cases[i].name, "MiB/s", seal, cases[i].base, base);
        row->min_ratio = cases[i].min_ratio;
    }
}

static double sign_verify_per_second(int iterations)
{
    EVP_PKEY *key = EVP_EC_gen("P-256");
    uint8_t msg[432] = {1}, sig[80];
    uint64_t start = bench_now_ns();
    for (int i = 0; i < iterations; i++) {
        size_t len = sizeof(sig);
        EVP_MD_CTX *md = EVP_MD_CTX_new();
        EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, key);
        EVP_DigestSign(md, sig, &len, msg, sizeof(msg));
        EVP_MD_CTX_free(md);
        md = EVP_MD_CTX_new();
        EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL, key);
        if (EVP_DigestVerify(md, sig, len, msg, sizeof(msg)) != 1)
            exit(1);
        EVP_MD_CTX_free(md);
    }
    double s = (double)(bench_now_ns() - start) / 1e9;
    EVP_PKEY_free(key);
    return iterations / s;
}

static double evidence_per_second(oe_enclave_t *e, int iterations)
{
    static const oe_uuid_t format = {OE_FORMAT_UUID_SGX_ECDSA};
    static uint8_t evidence[16384];
    uint64_t start = bench_now_ns();
    for (int i = 0; i < iterations; i++) {
        size_t size = 0;
        int ret = -1;
        oe_result_t r = bench_evidence(e, &ret, evidence, sizeof(evidence), &size);
        if (r == OE_OK)
            r = (oe_result_t)ret;
        if (r == OE_OK)
            r = oe_verify_evidence(&format, evidence, size, NULL, 0, NULL, 0, NULL, NULL);
        if (r != OE_OK) {
            fprintf(stderr, "evidence: %s\n", oe_result_str(r));
            exit(1);
        }
    }
    return iterations / ((double)(bench_now_ns() - start) / 1e9);
}

int main(int argc, char **argv)
{
    const char *json;
    bool strict;
    if (!bench_parse_args(argc, argv, &json, &strict))
        return 1;
    oe_enclave_t *e = NULL;
    oe_result_t r = oe_create_bench_platform_enclave(BENCH_PLATFORM_ENCLAVE, OE_ENCLAVE_TYPE_AUTO,
                                                     0, NULL, 0, &e);
    if (r != OE_OK) {
        fprintf(stderr, "creating the enclave: %s\n", oe_result_str(r));
        return 1;
    }
    sealing(e);
    double base = sign_verify_per_second(300);
    bench_add("oe_get_evidence+oe_verify_evidence (sandbox)", "ops/s", evidence_per_second(e, 100),
              "ecdsa-p256 sign+verify", base);
    oe_terminate_enclave(e);
    if (!bench_report(json))
        return 1;
    return bench_exit_status(strict);
}
