/* libkeepplatform: the Keep platform trust root (DESIGN §5, docs/platform.md).
 *
 * The platform holds the secrets no enclave and no host may see: the seal
 * root, the report key and the attestation key, with the certificate chain
 * and collateral that let verifiers check its quotes. On `sandbox` it runs
 * in a confined child of the enclave runner; on `sim` in the host process
 * with a fixed, published simulation root. Both answer the requests of
 * src/common/platform_wire.h with keep_platform_serve(). */
#ifndef KEEP_PLATFORM_H
#define KEEP_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <openenclave/bits/result.h>

#include "../common/platform_wire.h"

#include "../common/platform_dir.h"
#include "../common/why.h"

#define KEEP_PLATFORM_PATH_MAX 1024

typedef struct keep_platform keep_platform;

/* Who the platform answers for: measured by the platform from the image. */
typedef struct keep_platform_subject {
    uint8_t mr_enclave[32];
    uint8_t mr_signer[32];
    uint16_t isv_prod_id;
    uint16_t isv_svn;
    uint64_t flags; /* SGX attribute flags: INITTED | MODE64BIT [| DEBUG] */
    uint64_t xfrm;
    uint8_t isv_family_id[16];
    uint8_t isv_ext_prod_id[16];
} keep_platform_subject;

/* Creates the platform state in `dir` unless it exists: keys, certificates,
 * collateral and secrets, written into a fresh 0700 directory that is then
 * renamed into place, so concurrent first uses agree on one platform.
 * Parent directories are created with 0700. *created (may be NULL) says
 * whether this call made it. */
oe_result_t keep_platform_init(const char *dir, bool *created, keep_why *why)
    __attribute__((warn_unused_result));

/* Generates a new simulation platform into `dir` (created, 0700): how the
 * published simulation platform in src/common/sim_root.c and
 * src/platform/sim_key.c was made (scripts/gen-sim-platform.sh). */
oe_result_t keep_platform_generate_simulation(const char *dir, keep_why *why)
    __attribute__((warn_unused_result));

/* Loads the platform in `dir` (which must exist, be owned by this user and
 * not be group- or world-accessible). Free with keep_platform_close(). */
oe_result_t keep_platform_open(keep_platform **platform, const char *dir, keep_why *why)
    __attribute__((warn_unused_result));

/* The simulation platform: fixed, published secrets (src/platform/sim.c);
 * evidence it produces always says simulation. Free with
 * keep_platform_close(). */
oe_result_t keep_platform_open_sim(keep_platform **platform) __attribute__((warn_unused_result));

/* Wipes and frees; NULL is fine. */
void keep_platform_close(keep_platform *platform);

/* The SHA-256 fingerprint of the platform root certificate's DER (what a
 * verifier pins) and its subject, from the state in `dir`. */
oe_result_t keep_platform_root_fingerprint(const char *dir, uint8_t sha256[32], char *subject,
                                           size_t subject_size, keep_why *why)
    __attribute__((warn_unused_result));

/* Writes into `out_dir` (created 0755 if missing) what a verifier of this
 * platform's quotes needs: the root certificate, the platform CA and
 * TCB-signing certificates, both CRLs, the TCB info and the QE identity.
 * No private key or secret is written. Existing files are not replaced. */
oe_result_t keep_platform_export_root(const char *dir, const char *out_dir, keep_why *why)
    __attribute__((warn_unused_result));

/* The names of the files export writes, NULL-terminated (for messages). */
extern const char *const keep_platform_export_files[];

/* Computes the digest of the shared libraries mapped into this process
 * (docs/platform.md), which quotes then report in the QE report's CONFIGID
 * and verifiers as the keep_platform_libraries claim. With `cache_dir` (a
 * platform directory), each file's digest is reused from there while the
 * file is unchanged. Call before confinement (it opens files). False when
 * it could not (digest zero). */
bool keep_platform_measure_libraries(keep_platform *platform, const char *cache_dir);

/* True for the simulation platform. */
bool keep_platform_is_simulation(const keep_platform *platform);

/* Measures an enclave image and verifies its SIGSTRUCT (src/common/
 * identity.h) to learn whom the platform serves; `debug` is whether the
 * enclave runs in debug mode. An unsigned image gets a zero MRSIGNER. */
oe_result_t keep_platform_subject_from_image(keep_platform_subject *subject,
                                             const uint8_t *image, size_t size, bool debug,
                                             keep_why *why) __attribute__((warn_unused_result));

/* Remote evidence verification (KEEP_PLATFORM_OP_VERIFY_EVIDENCE) is done
 * by liboehostverify (keep_verify_platform_request), which libkeepplatform
 * does not link: the platform's owner installs it, with the Keep root it
 * trusts as `ctx`. Without one the request is OE_UNSUPPORTED. `simulation`
 * is whether the platform is the simulation platform. */
typedef oe_result_t (*keep_platform_verifier)(const void *ctx, bool simulation,
                                              const uint8_t *request, size_t size, uint8_t *out,
                                              size_t out_capacity, size_t *written);
void keep_platform_set_verifier(keep_platform *platform, keep_platform_verifier verifier,
                                const void *ctx);

/* Reads the public files `keep platform export-root` writes from `dir`,
 * in keep_platform_export_files order; free each data[i] with free(). */
oe_result_t keep_platform_public_files(const char *dir, uint8_t *data[7], size_t size[7],
                                       keep_why *why) __attribute__((warn_unused_result));

/* The socket transport (transport.c, platform_wire.h): one message (a
 * request or a response, header included, `size` bytes, at most
 * KEEP_PLATFORM_MAX_MESSAGE) sent on the SOCK_SEQPACKET socket `fd` as
 * records of at most KEEP_PLATFORM_MAX_RECORD bytes. 0, or -1 when the
 * size is out of bounds or the socket fails. */
int keep_platform_send(int fd, const uint8_t *message, size_t size)
    __attribute__((warn_unused_result));

/* Receives one message into buf: its size (header included); 0 when the
 * peer closed the socket between messages; -1 when the socket fails or
 * the records break the protocol (a first record shorter than a header, a
 * payload size above KEEP_PLATFORM_MAX_PAYLOAD, a record longer than what
 * remains of the message, the stream ending inside a message). Never
 * allocates: the message is bounded by buf's fixed size. Polls for the
 * first record for up to `spin_ns` before it sleeps (0: sleeps at once). */
ssize_t keep_platform_recv(int fd, uint8_t buf[KEEP_PLATFORM_MAX_MESSAGE], uint64_t spin_ns)
    __attribute__((warn_unused_result));

/* Answers one request (header + payload, request_size bytes) for `subject`.
 * Always writes a response header into `response` (capacity at least
 * KEEP_PLATFORM_MAX_MESSAGE) and returns the response's size. Never fails
 * otherwise: errors travel in the response header. */
size_t keep_platform_serve(const keep_platform *platform, const keep_platform_subject *subject,
                           const uint8_t *request, size_t request_size, uint8_t *response);

#endif
