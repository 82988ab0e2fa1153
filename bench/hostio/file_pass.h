/* bench_hostio's file passes, compiled unchanged into the enclave (where
 * the calls go through the host file system module) and the host
 * baseline (plain system calls). */
#ifndef BENCH_HOSTIO_FILE_PASS_H
#define BENCH_HOSTIO_FILE_PASS_H

#include <stdint.h>

/* Writes (write_it != 0: created or truncated) or reads `total` bytes of
 * `path` sequentially, in chunks of `chunk` bytes from or into `buf`
 * (chunk bytes long); each chunk is moved completely, looping over short
 * counts. 0, or -errno (-EIO when the file is shorter than `total`). */
int hio_file_pass(int write_it, const char *path, uint64_t total, uint32_t chunk,
                  unsigned char *buf);

/* Opens `path` for writing (not truncated: it may be /dev/null) and makes
 * `count` write calls of one byte: the cost of one system call through
 * host I/O. 0, or -errno. */
int hio_write_loop(const char *path, uint32_t count);

#endif
