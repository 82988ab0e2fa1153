/* Names of oe_result_t values. */
#include <openenclave/bits/result.h>

/* Indexed by value; the table and the enum are kept in step by the
 * _Static_assert below and by tests/unit/test_result.c. */
static const char* const result_names[] = {
    "OE_OK",
    "OE_FAILURE",
    "OE_BUFFER_TOO_SMALL",
    "OE_INVALID_PARAMETER",
    "OE_REENTRANT_ECALL",
    "OE_OUT_OF_MEMORY",
    "OE_OUT_OF_THREADS",
    "OE_UNEXPECTED",
    "OE_VERIFY_FAILED",
    "OE_NOT_FOUND",
    "OE_INTEGER_OVERFLOW",
    "OE_PUBLIC_KEY_NOT_FOUND",
    "OE_OUT_OF_BOUNDS",
    "OE_OVERLAPPED_COPY",
    "OE_CONSTRAINT_FAILED",
    "OE_IOCTL_FAILED",
    "OE_UNSUPPORTED",
    "OE_READ_FAILED",
    "OE_SERVICE_UNAVAILABLE",
    "OE_ENCLAVE_ABORTING",
    "OE_ENCLAVE_ABORTED",
    "OE_PLATFORM_ERROR",
    "OE_INVALID_CPUSVN",
    "OE_INVALID_ISVSVN",
    "OE_INVALID_KEYNAME",
    "OE_DEBUG_DOWNGRADE",
    "OE_REPORT_PARSE_ERROR",
    "OE_MISSING_CERTIFICATE_CHAIN",
    "OE_BUSY",
    "OE_NOT_OWNER",
    "OE_INVALID_SGX_CERTIFICATE_EXTENSIONS",
    "OE_MEMORY_LEAK",
    "OE_BAD_ALIGNMENT",
    "OE_JSON_INFO_PARSE_ERROR",
    "OE_TCB_LEVEL_INVALID",
    "OE_QUOTE_PROVIDER_LOAD_ERROR",
    "OE_QUOTE_PROVIDER_CALL_ERROR",
    "OE_INVALID_REVOCATION_INFO",
    "OE_INVALID_UTC_DATE_TIME",
    "OE_INVALID_QE_IDENTITY_INFO",
    "OE_INVALID_ENDORSEMENT",
    "OE_UNSUPPORTED_ENCLAVE_IMAGE",
    "OE_VERIFY_CRL_EXPIRED",
    "OE_VERIFY_CRL_MISSING",
    "OE_VERIFY_REVOKED",
    "OE_VERIFY_FAILED_TO_FIND_VALIDITY_PERIOD",
    "OE_CRYPTO_ERROR",
    "OE_INCORRECT_REPORT_SIZE",
    "OE_QUOTE_VERIFICATION_ERROR",
    "OE_QUOTE_ENCLAVE_IDENTITY_VERIFICATION_FAILED",
    "OE_QUOTE_ENCLAVE_IDENTITY_UNIQUEID_MISMATCH",
    "QE_QUOTE_ENCLAVE_IDENTITY_PRODUCTID_MISMATCH",
    "OE_VERIFY_FAILED_AES_CMAC_MISMATCH",
    "OE_CONTEXT_SWITCHLESS_OCALL_MISSED",
    "OE_THREAD_CREATE_ERROR",
    "OE_THREAD_JOIN_ERROR",
    "OE_ALREADY_EXISTS",
    "OE_ALREADY_INITIALIZED",
    "OE_QUOTE_HASH_MISMATCH",
    "OE_INVALID_SGX_SIGNING_KEY",
    "OE_INVALID_IMAGE",
    "OE_QUOTE_LIBRARY_LOAD_ERROR",
    "OE_SGX_QUOTE_LIBRARY_ERROR",
};

_Static_assert(sizeof(result_names) / sizeof(result_names[0]) == OE_SGX_QUOTE_LIBRARY_ERROR + 1,
               "every oe_result_t value needs a name");

bool oe_is_valid_result(uint32_t result)
{
    return result < sizeof(result_names) / sizeof(result_names[0]);
}

const char* oe_result_str(oe_result_t result)
{
    if (!oe_is_valid_result((uint32_t)result))
        return "UNKNOWN";
    return result_names[result];
}
