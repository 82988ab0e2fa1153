/* Name-based ECALL ids, as OE assigns them.
 *
 * One host binary may load several enclaves whose EDLs list the same trusted
 * functions in different orders (system EDLs imported differently). Each
 * generated wrapper therefore caches a process-wide *global* id for its
 * function name, and each enclave maps global ids to its own *local* ids
 * (the index of the name in the table it was created with). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <openenclave/edger8r/host.h>

#include "host_enclave.h"

static pthread_mutex_t names_lock = PTHREAD_MUTEX_INITIALIZER;
static char **names;
static size_t name_count;
static size_t name_capacity;

/* Returns the global id of `name`, adding it if new; UINT64_MAX on failure. */
static uint64_t global_id_for(const char *name)
{
    uint64_t id = UINT64_MAX;
    pthread_mutex_lock(&names_lock);
    for (size_t i = 0; i < name_count; i++)
        if (strcmp(names[i], name) == 0) {
            id = i;
            goto out;
        }
    if (name_count == name_capacity) {
        size_t capacity = name_capacity ? name_capacity * 2 : 16;
        char **grown = realloc(names, capacity * sizeof(*names));
        if (!grown)
            goto out;
        names = grown;
        name_capacity = capacity;
    }
    names[name_count] = strdup(name);
    if (names[name_count])
        id = name_count++;
out:
    pthread_mutex_unlock(&names_lock);
    return id;
}

oe_result_t keep_register_ecalls(oe_enclave_t *enclave, const oe_ecall_info_t *table,
                                 uint32_t count)
{
    for (uint32_t local = 0; local < count; local++) {
        if (!table[local].name)
            return OE_INVALID_PARAMETER;
        uint64_t global = global_id_for(table[local].name);
        if (global == UINT64_MAX)
            return OE_OUT_OF_MEMORY;
        if (global >= enclave->local_id_count) {
            size_t grown_count = (size_t)global + 1;
            uint64_t *grown = realloc(enclave->local_ids, grown_count * sizeof(uint64_t));
            if (!grown)
                return OE_OUT_OF_MEMORY;
            for (size_t i = enclave->local_id_count; i < grown_count; i++)
                grown[i] = UINT64_MAX;
            enclave->local_ids = grown;
            enclave->local_id_count = grown_count;
        }
        enclave->local_ids[global] = local;
    }
    return OE_OK;
}

oe_result_t keep_lookup_ecall(oe_enclave_t *enclave, uint64_t *global_id, const char *name,
                              uint64_t *local_id)
{
    uint64_t global = __atomic_load_n(global_id, __ATOMIC_ACQUIRE);
    if (global == OE_GLOBAL_ECALL_ID_NULL) {
        if (!name)
            return OE_INVALID_PARAMETER;
        global = global_id_for(name);
        if (global == UINT64_MAX)
            return OE_OUT_OF_MEMORY;
        __atomic_store_n(global_id, global, __ATOMIC_RELEASE);
    }
    if (global >= enclave->local_id_count || enclave->local_ids[global] == UINT64_MAX)
        return OE_NOT_FOUND;
    *local_id = enclave->local_ids[global];
    return OE_OK;
}
