/* A few DER encoders, enough for the SGX PCK extension (sgx-dcap.md §3.6). */
#ifndef KEEP_PLATFORM_DER_H
#define KEEP_PLATFORM_DER_H

#include <stddef.h>
#include <stdint.h>

#define KEEP_DER_MAX 1024

/* Encodes the SGX extension value: PPID, TCB (16 component SVNs and the
 * PCESVN all `svn`, CPUSVN 16 bytes of `svn`), PCE-ID, FMSPC, SGX type
 * Standard. Returns the length written, 0 when `size` is too small. */
size_t keep_der_sgx_extension(uint8_t *out, size_t size, const uint8_t ppid[16], uint8_t svn,
                              const uint8_t pce_id[2], const uint8_t fmspc[6]);

#endif
