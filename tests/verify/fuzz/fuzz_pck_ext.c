/* libFuzzer target: the PCK SGX extension parser, on its own and inside a
 * DER certificate. */
#include <stddef.h>
#include <stdint.h>

#include "pck_ext.h"
#include "pem.h"

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    keep_pck_info_t pck;
    char err[256];
    (void)keep_pck_ext_parse(&pck, data, size, err, sizeof(err));
    X509* x = keep_der_to_x509(data, size);
    if (x)
        (void)keep_pck_ext_from_cert(&pck, x, err, sizeof(err));
    X509_free(x);
    return 0;
}
