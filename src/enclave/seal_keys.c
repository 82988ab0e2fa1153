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
    oe_result_t result = keep_enclave_platform_request(KEEP_PLATFORM_OP_GET_KEY, request,
                                                       sizeof(*request), key,
                                                       KEEP_PLATFORM_KEY_SIZE, &written);
    if (result == OE_OK && written != KEEP_PLATFORM_KEY_SIZE)
        result = OE_PLATFORM_ERROR;
    if (result != OE_OK)
        explicit_bzero(key, KEEP_PLATFORM_KEY_SIZE);
    return result;
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

oe_result_t oe_get_seal_key_v2(const uint8_t *key_info, size_t key_info_size,
                               uint8_t **key_buffer, size_t *key_buffer_size)
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
