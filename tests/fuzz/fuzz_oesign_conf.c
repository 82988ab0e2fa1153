/* libFuzzer harness for oesign's configuration file parser
 * (tools/oesign/conf.c). */
#include <stdint.h>
#include <string.h>

#include "../../tools/oesign/conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    keep_conf conf;
    keep_why why = {{0}};
    if (keep_conf_parse(&conf, (const char *)data, size, &why) != OE_OK) {
        /* Every refusal says why, within the buffer. */
        if (!why.text[0] || !memchr(why.text, 0, sizeof(why.text)))
            __builtin_trap();
        return 0;
    }
    oe_sgx_enclave_properties_t properties;
    memset(&properties, 0, sizeof(properties));
    keep_conf_apply(&conf, &properties);
    if (properties.header.size_settings.num_tcs > OE_SGX_MAX_TCS)
        __builtin_trap();
    return 0;
}
