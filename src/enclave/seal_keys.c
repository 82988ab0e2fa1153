/* Seal keys from the platform (openenclave-api.md §2.4). A key request
 * (SGX's sgx_key_request_t) names what the key binds to; the platform
 * derives the key for this enclave's measured identity (docs/platform.md). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <openenclave/enclave.h>

#include "enclave_state.h"
#include "seal_internal.h"

/* This enclave's ISVSVN and the platform's CPUSVN never change while it
 * runs: asked once, then remembered (a platform round trip saved per seal). */
static struct {
    uint16_t isv_svn;
    uint8_t cpu_svn[KEEP_SGX_CPUSVN_SIZE];
} self_svns;
static bool self_known;
static pthread_mutex_t self_lock = PTHREAD_MUTEX_INITIALIZER;

static oe_result_t own_svns(uint16_t *isv_svn, uint8_t cpu_svn[KEEP_SGX_CPUSVN_SIZE])
{
    oe_result_t result = OE_OK;
    pthread_mutex_lock(&self_lock);
    if (!self_known) {
        keep_sgx_report self;
        result = keep_enclave_self_report(&self, NULL);
        if (result == OE_OK) {
            self_svns.isv_svn = self.body.isv_svn;
            memcpy(self_svns.cpu_svn, self.body.cpu_svn, sizeof(self_svns.cpu_svn));
            self_known = true;
        }
    }
    *isv_svn = self_svns.isv_svn;
    memcpy(cpu_svn, self_svns.cpu_svn, KEEP_SGX_CPUSVN_SIZE);
    pthread_mutex_unlock(&self_lock);
    return result;
}

oe_result_t keep_seal_key_request(keep_sgx_key_request *request, uint16_t policy)
{
    memset(request, 0, sizeof(*request));
    oe_result_t result = own_svns(&request->isv_svn, request->cpu_svn);
    if (result != OE_OK)
        return result;
    request->key_name = KEEP_SGX_KEYSELECT_SEAL;
    request->key_policy = policy;
    request->attribute_mask.flags = KEEP_SEAL_FLAGS_MASK;
    request->attribute_mask.xfrm = 0;
    request->misc_mask = KEEP_SEAL_MISC_MASK;
    return oe_random(request->key_id, sizeof(request->key_id));
}

oe_result_t keep_seal_key_derive(const keep_sgx_key_request *request,
                                 uint8_t key[KEEP_PLATFORM_KEY_SIZE])
{
    size_t written = 0;
    oe_result_t result = keep_enclave_platform_request(
        KEEP_PLATFORM_OP_GET_KEY, request, sizeof(*request), key, KEEP_PLATFORM_KEY_SIZE, &written);
    if (result == OE_OK && written != KEEP_PLATFORM_KEY_SIZE)
        result = OE_PLATFORM_ERROR;
    if (result != OE_OK)
        explicit_bzero(key, KEEP_PLATFORM_KEY_SIZE);
    return result;
}

/* Keys for fresh key ids, fetched KEY_BATCH at a time: a seal picks a new
 * random key id every time (as SGX's do), so each would otherwise be a
 * platform round trip of its own. Kept per request template (the request
 * without its key id); a template of another shape is derived directly.
 * The keys are this enclave's own, as every key it derives is; each is
 * wiped once handed out. */
#define KEY_BATCH 8
#define KEY_TEMPLATES 2

typedef struct key_pool {
    keep_sgx_key_request template; /* key_id zero */
    keep_sgx_key_request requests[KEY_BATCH];
    uint8_t keys[KEY_BATCH][KEEP_PLATFORM_KEY_SIZE];
    size_t left; /* requests[0..left) are unused */
} key_pool;

static key_pool pools[KEY_TEMPLATES];
static size_t pool_count;
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;

static key_pool *pool_for(const keep_sgx_key_request *template)
{
    for (size_t i = 0; i < pool_count; i++)
        if (memcmp(&pools[i].template, template, sizeof(*template)) == 0)
            return &pools[i];
    if (pool_count == KEY_TEMPLATES)
        return NULL;
    key_pool *pool = &pools[pool_count++];
    memset(pool, 0, sizeof(*pool));
    pool->template = *template;
    return pool;
}

static oe_result_t refill(key_pool *pool)
{
    for (size_t i = 0; i < KEY_BATCH; i++) {
        pool->requests[i] = pool->template;
        oe_result_t result = oe_random(pool->requests[i].key_id, sizeof(pool->template.key_id));
        if (result != OE_OK)
            return result;
    }
    size_t written = 0;
    oe_result_t result = keep_enclave_platform_request(KEEP_PLATFORM_OP_GET_KEY, pool->requests,
                                                       sizeof(pool->requests), pool->keys,
                                                       sizeof(pool->keys), &written);
    if (result == OE_OK && written != sizeof(pool->keys))
        result = OE_PLATFORM_ERROR;
    if (result != OE_OK) {
        explicit_bzero(pool->keys, sizeof(pool->keys));
        return result;
    }
    pool->left = KEY_BATCH;
    return OE_OK;
}

oe_result_t keep_seal_key_fresh(keep_sgx_key_request *request, uint8_t key[KEEP_PLATFORM_KEY_SIZE])
{
    keep_sgx_key_request template = *request;
    memset(template.key_id, 0, sizeof(template.key_id));
    pthread_mutex_lock(&pool_lock);
    key_pool *pool = pool_for(&template);
    oe_result_t result = OE_OK;
    if (pool && !pool->left)
        result = refill(pool);
    if (pool && result == OE_OK) {
        size_t i = --pool->left;
        *request = pool->requests[i];
        memcpy(key, pool->keys[i], KEEP_PLATFORM_KEY_SIZE);
        explicit_bzero(pool->keys[i], KEEP_PLATFORM_KEY_SIZE);
    }
    pthread_mutex_unlock(&pool_lock);
    if (pool)
        return result;
    result = oe_random(request->key_id, sizeof(request->key_id));
    return result == OE_OK ? keep_seal_key_derive(request, key) : result;
}

static oe_result_t policy_bits(oe_seal_policy_t policy, uint16_t *bits)
{
    if (policy == OE_SEAL_POLICY_UNIQUE)
        *bits = KEEP_SGX_KEYPOLICY_MRENCLAVE;
    else if (policy == OE_SEAL_POLICY_PRODUCT)
        *bits = KEEP_SGX_KEYPOLICY_MRSIGNER;
    else
        return OE_INVALID_PARAMETER;
    return OE_OK;
}

static oe_result_t key_out(const keep_sgx_key_request *request, uint8_t **key_buffer,
                           size_t *key_buffer_size)
{
    uint8_t *key = malloc(KEEP_PLATFORM_KEY_SIZE);
    if (!key)
        return OE_OUT_OF_MEMORY;
    oe_result_t result = keep_seal_key_derive(request, key);
    if (result != OE_OK) {
        free(key);
        return result;
    }
    *key_buffer = key;
    *key_buffer_size = KEEP_PLATFORM_KEY_SIZE;
    return OE_OK;
}

oe_result_t oe_get_seal_key_by_policy_v2(oe_seal_policy_t seal_policy, uint8_t **key_buffer,
                                         size_t *key_buffer_size, uint8_t **key_info,
                                         size_t *key_info_size)
{
    if (!key_buffer || !key_buffer_size || (!key_info) != (!key_info_size))
        return OE_INVALID_PARAMETER;
    *key_buffer = NULL;
    *key_buffer_size = 0;
    if (key_info) {
        *key_info = NULL;
        *key_info_size = 0;
    }
    uint16_t bits;
    keep_sgx_key_request request;
    oe_result_t result = policy_bits(seal_policy, &bits);
    if (result == OE_OK)
        result = keep_seal_key_request(&request, bits);
    if (result == OE_OK && key_info) {
        *key_info = malloc(sizeof(request));
        result = *key_info ? OE_OK : OE_OUT_OF_MEMORY;
    }
    if (result == OE_OK)
        result = key_out(&request, key_buffer, key_buffer_size);
    if (result == OE_OK && key_info) {
        memcpy(*key_info, &request, sizeof(request));
        *key_info_size = sizeof(request);
    } else if (key_info) {
        free(*key_info);
        *key_info = NULL;
    }
    return result;
}

oe_result_t oe_get_seal_key_v2(const uint8_t *key_info, size_t key_info_size, uint8_t **key_buffer,
                               size_t *key_buffer_size)
{
    if (!key_buffer || !key_buffer_size)
        return OE_INVALID_PARAMETER;
    *key_buffer = NULL;
    *key_buffer_size = 0;
    if (!key_info || key_info_size != sizeof(keep_sgx_key_request))
        return OE_INVALID_PARAMETER;
    keep_sgx_key_request request;
    memcpy(&request, key_info, sizeof(request));
    return key_out(&request, key_buffer, key_buffer_size);
}

void oe_free_seal_key(uint8_t *key_buffer, uint8_t *key_info)
{
    if (key_buffer)
        explicit_bzero(key_buffer, KEEP_PLATFORM_KEY_SIZE);
    free(key_buffer);
    free(key_info);
}
