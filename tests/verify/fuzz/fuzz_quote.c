/* libFuzzer target: the quote parser and what reads the quote's parts
 * (report bodies, the PEM chain in certification data, PCK extension). */
#include <stddef.h>
#include <stdint.h>

#include <openssl/x509.h>

#include "pck_ext.h"
#include "pem.h"
#include "quote.h"

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    keep_quote_t q;
    keep_quote_identity_t id;
    keep_pck_info_t pck;
    char err[256];
    if (keep_quote_parse(&q, data, size, err, sizeof(err)) != OE_OK)
        return 0;
    keep_quote_read_body(&id, q.body);
    keep_quote_read_body(&id, q.qe_report);
    STACK_OF(X509)* chain =
        keep_pem_cert_chain(q.cert_data, q.cert_size, err, sizeof(err));
    if (chain && sk_X509_num(chain) > 0)
        (void)keep_pck_ext_from_cert(&pck, sk_X509_value(chain, 0), err,
                                     sizeof(err));
    sk_X509_pop_free(chain, X509_free);
    return 0;
}
