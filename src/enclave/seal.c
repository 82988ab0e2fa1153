/* oe_seal / oe_unseal and the seal plug-in table (openenclave-api.md §2.4).
 * Slot 0 is the default plug-in; the first one registered takes it unless
 * another is registered with make_default. */
#include <pthread.h>
#include <string.h>

#include <openenclave/enclave.h>
#include <openenclave/sgx/seal.h>

#include "enclave_state.h"

#define KEEP_SEAL_MAX_PLUGINS 8

static const oe_seal_plugin_definition_t *plugins[KEEP_SEAL_MAX_PLUGINS];
static size_t plugin_count;
static pthread_mutex_t plugin_lock = PTHREAD_MUTEX_INITIALIZER;

static int find(const oe_uuid_t *id)
{
    for (size_t i = 0; i < plugin_count; i++)
        if (memcmp(plugins[i]->id.b, id->b, OE_UUID_SIZE) == 0)
            return (int)i;
    return -1;
}

oe_result_t oe_register_seal_plugin(const oe_seal_plugin_definition_t *plugin, bool make_default)
{
    if (!plugin || !plugin->seal || !plugin->unseal)
        return OE_INVALID_PARAMETER;
    oe_result_t result = OE_OK;
    pthread_mutex_lock(&plugin_lock);
    int at = find(&plugin->id);
    if (at < 0 && plugin_count == KEEP_SEAL_MAX_PLUGINS)
        result = OE_OUT_OF_MEMORY;
    else if (at < 0)
        at = (int)plugin_count++;
    if (result == OE_OK) {
        plugins[at] = plugin;
        if (make_default && at > 0) {
            plugins[at] = plugins[0];
            plugins[0] = plugin;
        }
    }
    pthread_mutex_unlock(&plugin_lock);
    return result;
}

oe_result_t oe_unregister_seal_plugin(const oe_uuid_t *plugin_id)
{
    if (!plugin_id)
        return OE_INVALID_PARAMETER;
    pthread_mutex_lock(&plugin_lock);
    int at = find(plugin_id);
    if (at >= 0) {
        memmove(&plugins[at], &plugins[at + 1],
                (plugin_count - (size_t)at - 1) * sizeof(plugins[0]));
        plugins[--plugin_count] = NULL;
    }
    pthread_mutex_unlock(&plugin_lock);
    return at >= 0 ? OE_OK : OE_NOT_FOUND;
}

/* A NULL buffer must have size 0; a buffer must lie in enclave memory. */
static bool buffer_ok(const void *p, size_t size)
{
    return p ? (size && oe_is_within_enclave(p, size)) || !size : size == 0;
}

static const oe_seal_plugin_definition_t *pick(const oe_uuid_t *id)
{
    pthread_mutex_lock(&plugin_lock);
    if (plugin_count == 0) /* the built-in plug-in, registered on first use */
        plugins[plugin_count++] = &oe_seal_plugin_gcm_aes;
    int at = id ? find(id) : 0;
    const oe_seal_plugin_definition_t *plugin = at >= 0 ? plugins[at] : NULL;
    pthread_mutex_unlock(&plugin_lock);
    return plugin;
}

oe_result_t oe_seal(const oe_uuid_t *plugin_id, const oe_seal_setting_t *settings,
                    size_t settings_count, const uint8_t *plaintext, size_t plaintext_size,
                    const uint8_t *additional_data, size_t additional_data_size, uint8_t **blob,
                    size_t *blob_size)
{
    if (!blob || !blob_size)
        return OE_INVALID_PARAMETER;
    *blob = NULL;
    *blob_size = 0;
    if (!buffer_ok(settings, settings_count * sizeof(*settings)) || (!settings && settings_count) ||
        !buffer_ok(plaintext, plaintext_size) || !buffer_ok(additional_data, additional_data_size))
        return OE_INVALID_PARAMETER;
    const oe_seal_plugin_definition_t *plugin = pick(plugin_id);
    if (!plugin)
        return OE_NOT_FOUND;
    return plugin->seal(settings, settings_count, plaintext, plaintext_size, additional_data,
                        additional_data_size, blob, blob_size);
}

/* Tries each plug-in; the answer is the first success or, failing that,
 * the first plug-in's reason (the default plug-in's, usually the only one). */
oe_result_t oe_unseal(const uint8_t *blob, size_t blob_size, const uint8_t *additional_data,
                      size_t additional_data_size, uint8_t **plaintext, size_t *plaintext_size)
{
    if (!blob || !blob_size || (!plaintext) != (!plaintext_size) ||
        !buffer_ok(additional_data, additional_data_size))
        return OE_INVALID_PARAMETER;
    uint8_t *out = NULL;
    size_t out_size = 0;
    oe_result_t first = OE_NOT_FOUND;
    pick(NULL);
    for (size_t i = 0;; i++) {
        pthread_mutex_lock(&plugin_lock);
        const oe_seal_plugin_definition_t *plugin = i < plugin_count ? plugins[i] : NULL;
        pthread_mutex_unlock(&plugin_lock);
        if (!plugin)
            break;
        oe_result_t result = plugin->unseal(blob, blob_size, additional_data,
                                            additional_data_size, &out, &out_size);
        if (result == OE_OK) {
            if (plaintext) {
                *plaintext = out;
                *plaintext_size = out_size;
            } else {
                oe_free(out);
            }
            return OE_OK;
        }
        if (i == 0)
            first = result;
    }
    return first;
}
