/* Test helpers: the shared DCAP vectors (../shared/dcap-vectors, never
 * copied into the repository). */
#ifndef KEEP_TEST_VECTORS_H
#define KEEP_TEST_VECTORS_H

#include <stddef.h>
#include <stdint.h>

#include <keep/verify.h>

#define SKIP_CODE 77

/* 1 when the vectors directory exists; otherwise prints why and 0. */
int vec_available(const char* test_name);

/* Reads set/file; aborts the test on failure. Caller frees. */
uint8_t* vec_read(const char* set, const char* file, size_t* len);

/* "<vectors>/<set>" in a static buffer. */
const char* vec_path(const char* set);

/* Parses an ISO time or aborts. */
int64_t vec_time(const char* iso);

/* A collateral set loaded from a directory or file list (NULL-terminated
 * file names relative to the set). */
keep_verify_collateral_t* vec_collateral_dir(const char* set);
keep_verify_collateral_t* vec_collateral_files(const char* set,
                                               const char* const* files);

/* Verifies with the Intel anchor at `iso`. */
oe_result_t vec_verify(keep_verify_result_t* res, const uint8_t* quote,
                       size_t len, const keep_verify_collateral_t* coll,
                       const char* iso);

#define PHALA "phala-dcap-qvl-sgx-v3"
#define MOBILECOIN "mobilecoin-attestation-sgx-v3"
#define PHALA_TIME "2025-06-20T00:00:00Z"
#define MOBILECOIN_TIME "2023-07-13T00:00:00Z"

#endif
