/* libkeepplatform internals: the loaded platform and the pieces that build
 * and read its state directory. */
#ifndef KEEP_PLATFORM_INTERNAL_H
#define KEEP_PLATFORM_INTERNAL_H

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "../common/platform_wire.h"
#include "platform.h"

#define KEEP_PLATFORM_SECRET_SIZE 32
#define KEEP_PLATFORM_FMSPC_SIZE 6
#define KEEP_PLATFORM_MAX_FILE 65536

/* File names inside the state directory (docs/platform.md). */
#define KEEP_PF_ROOT_KEY "root-ca.key.pem"
#define KEEP_PF_ROOT_CERT "root-ca.pem"
#define KEEP_PF_CA_KEY "platform-ca.key.pem"
#define KEEP_PF_CA_CERT "platform-ca.pem"
#define KEEP_PF_ATTEST_KEY "attestation.key.pem"
#define KEEP_PF_ATTEST_CERT "attestation.pem"
#define KEEP_PF_TCB_KEY "tcb-signing.key.pem"
#define KEEP_PF_TCB_CERT "tcb-signing.pem"
#define KEEP_PF_SEAL_ROOT "seal-root.bin"
#define KEEP_PF_REPORT_KEY "report-key.bin"
#define KEEP_PF_TCB_INFO "tcb-info.json"
#define KEEP_PF_QE_IDENTITY "qe-identity.json"
#define KEEP_PF_ROOT_CRL "root-ca.crl.pem"
#define KEEP_PF_PCK_CRL "platform-ca.crl.pem"

/* Values that identify a Keep platform in quotes and collateral. */
#define KEEP_PLATFORM_FMSPC {0x4b, 0x45, 0x45, 0x50, 0x00, 0x01}     /* "KEEP" 00 01 */
#define KEEP_PLATFORM_SIM_FMSPC {0x4b, 0x45, 0x45, 0x50, 0x00, 0x53} /* "KEEP" 00 'S' */
#define KEEP_PLATFORM_PCE_ID {0x4b, 0x50}                            /* "KP" */
#define KEEP_PLATFORM_QE_VENDOR_ID "KEEP platform QE"                /* 16 bytes */
#define KEEP_PLATFORM_SIM_QE_VENDOR_ID "KEEP simulationQ"            /* 16 bytes */
#define KEEP_PLATFORM_TCB_SVN 1  /* every TCB component, PCESVN and CPUSVN byte */
#define KEEP_PLATFORM_QE_SVN 1
#define KEEP_PLATFORM_QE_PROD_ID 1

struct keep_platform {
    bool simulation;
    uint8_t seal_root[KEEP_PLATFORM_SECRET_SIZE];
    uint8_t report_key[KEEP_PLATFORM_SECRET_SIZE];
    uint8_t cpu_svn[KEEP_SGX_CPUSVN_SIZE];
    uint8_t fmspc[KEEP_PLATFORM_FMSPC_SIZE];
    uint8_t qe_vendor_id[16];
    uint8_t qe_mr_signer[32]; /* the QE identity's MRSIGNER (keep_pf_qe_identity) */
    uint8_t libraries[32];    /* the platform libraries' digest (libs.c); zero: unknown */
    EVP_PKEY *attest_key;   /* NULL until quotes are possible */
    char *chain_pem;        /* attestation cert ‖ platform CA ‖ root, PEM */
    size_t chain_pem_size;  /* including the terminating NUL */
    keep_platform_verifier verifier; /* keep_platform_set_verifier; NULL: none */
    const void *verifier_ctx;
};

/* Files: `dir`/`name`, read whole (at most KEEP_PLATFORM_MAX_FILE bytes,
 * regular file, not a symlink) or written 0600 (exclusive create). */
oe_result_t keep_pf_read(uint8_t **data, size_t *size, const char *dir, const char *name,
                         keep_why *why) __attribute__((warn_unused_result));
oe_result_t keep_pf_write(const char *dir, const char *name, const void *data, size_t size,
                          keep_why *why) __attribute__((warn_unused_result));
/* `dir`/`name` into buf; false when it does not fit. */
bool keep_pf_path(char *buf, size_t size, const char *dir, const char *name);

/* Generation (init.c's helpers, certs.c, collateral.c). Each returns NULL
 * or 0 on failure. */
EVP_PKEY *keep_pf_new_key(void);
X509 *keep_pf_new_cert(const char *cn, EVP_PKEY *key, X509 *issuer, EVP_PKEY *issuer_key,
                       int kind, bool simulation);
#define KEEP_PF_CERT_ROOT 1
#define KEEP_PF_CERT_CA 2
#define KEEP_PF_CERT_PCK 3
#define KEEP_PF_CERT_SIGNING 4
X509_CRL *keep_pf_new_crl(X509 *issuer, EVP_PKEY *issuer_key, bool simulation);
/* Writes the signed TCB info and QE identity JSON into `dir`. */
oe_result_t keep_pf_write_collateral(const char *dir, EVP_PKEY *tcb_key, EVP_PKEY *root_key,
                                     bool simulation, keep_why *why)
    __attribute__((warn_unused_result));
/* Generates a whole platform state into the existing empty `dir`;
 * simulation: the names, FMSPC and validity of the published simulation
 * platform (sim.c embeds one such state). */
oe_result_t keep_pf_generate(const char *dir, bool simulation, keep_why *why)
    __attribute__((warn_unused_result));

/* The QE report body the platform's quotes carry (honest: it describes the
 * platform, not an SGX quoting enclave; docs/platform.md). */
void keep_pf_qe_identity(uint8_t mr_signer[32], EVP_PKEY *root_public_key);

/* Sets p->qe_mr_signer from the root certificate (load.c). */
oe_result_t keep_pf_qe_signer_from_pem(keep_platform *p, const char *root_pem, size_t size)
    __attribute__((warn_unused_result));

/* A platform with the simulation constants and no secrets yet (load.c). */
oe_result_t keep_pf_new_sim(keep_platform **platform) __attribute__((warn_unused_result));

/* HKDF-SHA256 (derive.c). */
bool keep_pf_hkdf(uint8_t *out, size_t out_size, const uint8_t *ikm, size_t ikm_size,
                  const uint8_t *salt, size_t salt_size, const uint8_t *info, size_t info_size);

/* ECDSA-P256-SHA256 over msg as raw r‖s, big-endian (quote.c). */
bool keep_pf_sign_raw(uint8_t out[64], EVP_PKEY *key, const uint8_t *msg, size_t len);

/* Quotes (quote.c): writes a DCAP v3 quote of `subject` into out (cap
 * bytes); returns its size, 0 on failure. */
#define KEEP_QUOTE_SIZE_FIXED 436
size_t keep_pf_quote(const keep_platform *p, const keep_platform_subject *subject,
                     const uint8_t report_data[KEEP_SGX_REPORT_DATA_SIZE], uint8_t *out,
                     size_t cap);

/* Key derivation (derive.c). */
oe_result_t keep_pf_get_key(const keep_platform *platform, const keep_platform_subject *subject,
                            const keep_sgx_key_request *request,
                            uint8_t key[KEEP_PLATFORM_KEY_SIZE]) __attribute__((warn_unused_result));
oe_result_t keep_pf_report_mac(const keep_platform *platform, const uint8_t target_mr_enclave[32],
                               const keep_sgx_report *report, uint8_t mac[KEEP_SGX_MAC_SIZE])
    __attribute__((warn_unused_result));
void keep_pf_report_body(keep_sgx_report_body *body, const keep_platform *platform,
                         const keep_platform_subject *subject,
                         const uint8_t report_data[KEEP_SGX_REPORT_DATA_SIZE]);

#endif
