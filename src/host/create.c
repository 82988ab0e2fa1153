/* oe_create_enclave and oe_terminate_enclave. */
#include <stdlib.h>
#include <string.h>

#include "host_enclave.h"
#include "host_log.h"
#include "host_memory.h"
#include "hostio/hostio.h"
#include "switchless.h"

bool keep_enclave_valid(const oe_enclave_t *enclave)
{
    return enclave && enclave->magic == KEEP_ENCLAVE_MAGIC;
}

/* OE_SIMULATION=1 selects simulation for every enclave, as in OE's tests. */
static bool simulation_requested(uint32_t flags)
{
    const char *env = getenv("OE_SIMULATION");
    return (flags & OE_ENCLAVE_FLAG_SIMULATE) || (env && strcmp(env, "1") == 0);
}

static oe_result_t check_settings(const oe_enclave_setting_t *settings, uint32_t count)
{
    if ((settings == NULL) != (count == 0))
        return OE_INVALID_PARAMETER;
    for (uint32_t i = 0; i < count; i++) {
        switch (settings[i].setting_type) {
        case OE_ENCLAVE_SETTING_CONTEXT_SWITCHLESS:
            if (!settings[i].u.context_switchless_setting)
                return OE_INVALID_PARAMETER;
            break;
        case OE_SGX_ENCLAVE_CONFIG_DATA:
            if (!settings[i].u.config_data)
                return OE_INVALID_PARAMETER;
            /* Config ids need SGX KSS; honoured only as "ignore". */
            if (!settings[i].u.config_data->ignore_if_unsupported)
                return OE_UNSUPPORTED;
            break;
        default:
            return OE_INVALID_PARAMETER;
        }
    }
    return OE_OK;
}

static oe_result_t check_create_args(const char *path, oe_enclave_type_t type, uint32_t flags,
                                     const oe_enclave_setting_t *settings, uint32_t count,
                                     const oe_ocall_func_t *ocall_table, uint32_t ocall_count)
{
    if (!path || (type != OE_ENCLAVE_TYPE_AUTO && type != OE_ENCLAVE_TYPE_SGX))
        return OE_INVALID_PARAMETER;
    if (flags & OE_ENCLAVE_FLAG_RESERVED)
        return OE_INVALID_PARAMETER;
    if (ocall_count && !ocall_table)
        return OE_INVALID_PARAMETER;
    return check_settings(settings, count);
}

/* An image whose properties forbid debugging cannot be created as a debug
 * enclave (OE's OE_DEBUG_DOWNGRADE). */
static oe_result_t check_debug(const oe_sgx_enclave_properties_t *properties, uint32_t flags)
{
    if ((flags & OE_ENCLAVE_FLAG_DEBUG) && !(properties->config.attributes & OE_SGX_FLAGS_DEBUG)) {
        keep_error("the image does not allow debugging (Debug=0) but OE_ENCLAVE_FLAG_DEBUG "
                   "was requested");
        return OE_DEBUG_DOWNGRADE;
    }
    return OE_OK;
}

static void destroy(oe_enclave_t *enclave)
{
    keep_switchless_stop(enclave);
    if (enclave->backend)
        enclave->backend->unload(enclave);
    keep_hostio_free(enclave->hostio);
    keep_host_memory_release(&enclave->arena);
    free(enclave->local_ids);
    enclave->magic = 0;
    free(enclave);
}

oe_result_t oe_create_enclave(const char *path, oe_enclave_type_t type, uint32_t flags,
                              const oe_enclave_setting_t *settings, uint32_t setting_count,
                              const oe_ocall_func_t *ocall_table, uint32_t ocall_count,
                              const oe_ecall_info_t *ecall_name_table, uint32_t ecall_count,
                              oe_enclave_t **enclave_out)
{
    if (enclave_out)
        *enclave_out = NULL;
    oe_result_t result =
        check_create_args(path, type, flags, settings, setting_count, ocall_table, ocall_count);
    if (result != OE_OK || !enclave_out || (ecall_count && !ecall_name_table))
        return result != OE_OK ? result : OE_INVALID_PARAMETER;

    oe_enclave_t *enclave = calloc(1, sizeof(*enclave));
    if (!enclave)
        return OE_OUT_OF_MEMORY;
    enclave->magic = KEEP_ENCLAVE_MAGIC;
    enclave->flags = flags;
    enclave->ocall_table = ocall_table;
    enclave->ocall_count = ocall_count;
    const keep_backend *backend =
        simulation_requested(flags) ? &keep_backend_sim : &keep_backend_sandbox;
    result =
        keep_arena_init(&enclave->arena, KEEP_ARENA_DEFAULT_SIZE, backend != &keep_backend_sim);
    if (result == OE_OK)
        result = keep_host_memory_register(&enclave->arena);
    if (result == OE_OK)
        result = keep_register_ecalls(enclave, ecall_name_table, ecall_count);
    keep_image image = {.fd = -1};
    if (result == OE_OK)
        result = keep_image_open(&image, path);
    if (result == OE_OK)
        result = check_debug(&image.properties, flags);
    if (result == OE_OK)
        result = keep_image_check_identity(&enclave->identity, &image, path, flags);
    if (result == OE_OK) {
        enclave->backend = backend;
        result = backend->load(enclave, &image);
    }
    if (result == OE_OK)
        result = keep_switchless_start(enclave, settings, setting_count,
                                       image.properties.header.size_settings.num_tcs);
    keep_image_close(&image);
    if (result != OE_OK) {
        keep_error("creating enclave %s on the %s backend failed: %s", path, backend->name,
                   oe_result_str(result));
        destroy(enclave);
        return result;
    }
    keep_info("enclave %s created on the %s backend", path, backend->name);
    *enclave_out = enclave;
    return OE_OK;
}

oe_result_t oe_terminate_enclave(oe_enclave_t *enclave)
{
    if (!keep_enclave_valid(enclave))
        return OE_INVALID_PARAMETER;
    keep_switchless_stop(enclave); /* as OE: its workers hold enclave threads */
    if (!atomic_load(&enclave->aborting)) {
        size_t written = 0;
        oe_result_t result =
            enclave->backend->ecall(enclave, KEEP_ECALL_AT_EXIT, 0, NULL, 0, NULL, 0, &written);
        if (result != OE_OK)
            keep_warning("enclave exit handlers: %s", oe_result_str(result));
    }
    destroy(enclave);
    return OE_OK;
}
