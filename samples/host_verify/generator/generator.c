// Writes an enclave's remote attestation evidence to a file, for
// host_verify to check.
#include <openenclave/host.h>
#include <stdio.h>
#include <string.h>

#include "host_verify_u.h"

#define CAPACITY (64 * 1024)

static uint8_t evidence[CAPACITY];

int main(int argc, const char* argv[])
{
    if (argc < 3) {
        fprintf(stderr, "Usage: %s enclave_image_path evidence_file [ --simulate ]\n", argv[0]);
        return 1;
    }
    uint32_t flags = OE_ENCLAVE_FLAG_DEBUG;
    if (argc > 3 && strcmp(argv[3], "--simulate") == 0)
        flags |= OE_ENCLAVE_FLAG_SIMULATE;
    oe_enclave_t* enclave = NULL;
    size_t size = 0;
    int ret = -1;
    oe_result_t result = oe_create_host_verify_enclave(argv[1], OE_ENCLAVE_TYPE_AUTO, flags,
                                                       NULL, 0, &enclave);
    if (result == OE_OK)
        result = enclave_get_evidence(enclave, &ret, evidence, CAPACITY, &size);
    if (result == OE_OK)
        result = (oe_result_t)ret;
    if (enclave)
        oe_terminate_enclave(enclave);
    if (result != OE_OK) {
        fprintf(stderr, "getting evidence: result=%u (%s)\n", result, oe_result_str(result));
        return 1;
    }
    FILE* out = fopen(argv[2], "wb");
    int ok = out && fwrite(evidence, 1, size, out) == size;
    if (out && fclose(out) != 0)
        ok = 0;
    printf("wrote %zu bytes of evidence to %s\n", size, argv[2]);
    return !ok;
}
