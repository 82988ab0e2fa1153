/* Small enclave services: abort, randomness, the enclave handle. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <wchar.h>

#include <openenclave/enclave.h>

#include "enclave_state.h"

bool keep_enclave_aborting;

void oe_abort(void)
{
    keep_enclave_aborting = true;
    if (keep_enclave_host)
        keep_enclave_host->abort_enclave(keep_enclave_host->ctx);
    __builtin_trap();
}

oe_result_t oe_random(void *data, size_t size)
{
    if (!data && size)
        return OE_INVALID_PARAMETER;
    uint8_t *bytes = data;
    while (size) {
        ssize_t got = getrandom(bytes, size, 0);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            return OE_CRYPTO_ERROR;
        }
        bytes += got;
        size -= (size_t)got;
    }
    return OE_OK;
}

oe_enclave_t *oe_get_enclave(void)
{
    return keep_enclave_host_handle;
}

void *oe_malloc(size_t size)
{
    return malloc(size);
}

void oe_free(void *ptr)
{
    free(ptr);
}

size_t oe_strlen(const char *s)
{
    return strlen(s);
}

size_t oe_wcslen(const wchar_t *s)
{
    return wcslen(s);
}

oe_result_t oe_get_enclave_status(void)
{
    return keep_enclave_aborting ? OE_ENCLAVE_ABORTING : OE_OK;
}
