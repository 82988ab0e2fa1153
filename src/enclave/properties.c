/* The properties of an enclave that does not set its own with
 * OE_SET_ENCLAVE_SGX (most OE samples): oesign's configuration file sets
 * the real values when it signs the image. This object is linked only when
 * the application defines no oe_enclave_properties_sgx of its own (entry.c
 * refers to the symbol; an archive member is pulled in only to resolve an
 * undefined symbol). */
#include <openenclave/enclave.h>

#include "enclave_state.h"

/* Unsigned images load only in debug mode, so the default allows it. */
OE_SET_ENCLAVE_SGX(KEEP_DEFAULT_PRODUCT_ID, KEEP_DEFAULT_SECURITY_VERSION, true,
                   KEEP_DEFAULT_HEAP_PAGES, KEEP_DEFAULT_STACK_PAGES, KEEP_DEFAULT_TCS);
