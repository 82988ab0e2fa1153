/* The `sim` backend's platform: the same request server as the sandbox's
 * platform child (src/platform/serve.c), run in the host process with the
 * fixed, published simulation secrets. Nothing is protected on sim; what
 * matters is that the API behaves as on sandbox and that all evidence says
 * simulation. The identity served is the one the loader measured. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "../../common/platform_wire.h"
#include "../../platform/platform.h"
#include "../host_enclave.h"
#include "../host_log.h"
#include "sim_platform.h"

static keep_platform *sim_platform;
static pthread_once_t sim_once = PTHREAD_ONCE_INIT;
static keep_platform_verifier sim_verifier;

/* liboehostverify installs its verifier (keep_verify_platform_request)
 * when the application links it, as for remote reports: then enclaves on
 * sim can verify remote evidence (VERIFY_EVIDENCE); otherwise that request
 * is OE_UNSUPPORTED. Called from a constructor, before any enclave. */
OE_EXPORT void keep_host_set_platform_verifier(keep_platform_verifier verifier);

void keep_host_set_platform_verifier(keep_platform_verifier verifier)
{
    sim_verifier = verifier;
}

static void open_sim(void)
{
    if (keep_platform_open_sim(&sim_platform) != OE_OK) {
        keep_error("cannot set up the simulation platform");
        return;
    }
    keep_platform_measure_libraries(sim_platform, NULL); /* the host's, shared by the enclave */
    if (sim_verifier) /* in the host process: the host's trusted roots (ctx NULL) */
        keep_platform_set_verifier(sim_platform, sim_verifier, NULL);
}

static void subject_of(keep_platform_subject *s, const oe_enclave_t *enclave)
{
    const keep_enclave_identity *id = &enclave->identity;
    memset(s, 0, sizeof(*s));
    memcpy(s->mr_enclave, id->unique_id, 32);
    memcpy(s->mr_signer, id->signer_id, 32);
    s->isv_prod_id = id->product_id;
    s->isv_svn = id->security_version;
    s->flags = KEEP_SGX_FLAGS_INITTED | KEEP_SGX_FLAGS_MODE64BIT |
               (id->debug ? KEEP_SGX_FLAGS_DEBUG : 0);
    s->xfrm = 0x3;
}

oe_result_t keep_sim_platform_call(void *ctx, const void *request, size_t request_size,
                                   void *response, size_t response_size, size_t *written)
{
    *written = 0;
    pthread_once(&sim_once, open_sim);
    if (!sim_platform)
        return OE_PLATFORM_ERROR;
    if (!request || !response || request_size > KEEP_PLATFORM_MAX_MESSAGE)
        return OE_INVALID_PARAMETER;
    uint8_t *buffer = malloc(KEEP_PLATFORM_MAX_MESSAGE);
    if (!buffer)
        return OE_OUT_OF_MEMORY;
    keep_platform_subject subject;
    subject_of(&subject, ctx);
    size_t size = keep_platform_serve(sim_platform, &subject, request, request_size, buffer);
    oe_result_t result = size <= response_size ? OE_OK : OE_BUFFER_TOO_SMALL;
    if (result == OE_OK) {
        memcpy(response, buffer, size);
        *written = size;
    }
    OPENSSL_cleanse(buffer, size); /* what serve wrote (the limit is now 256 KiB) */
    free(buffer);
    return result;
}
