/* Host I/O modules (enclave only). An enclave that loads a module may use
 * the plain POSIX calls of that family (open/read/stat/opendir..., socket,
 * getaddrinfo, epoll_*); the host runs them on the enclave's behalf and the
 * enclave checks every answer (docs/host-io.md). Without the module those
 * calls fail with ENOSYS and nothing reaches the host. */
#ifndef OE_BITS_MODULE_H
#define OE_BITS_MODULE_H

#include "defs.h"
#include "result.h"

OE_EXTERNC_BEGIN

/* The file system type for mount(2): mount(source, target,
 * OE_HOST_FILE_SYSTEM, flags, NULL) makes the host directory `source`
 * (an absolute path) visible at `target` inside the enclave. flags: 0 or
 * MS_RDONLY. */
#define OE_HOST_FILE_SYSTEM "oe_host_file_system"

/* Each returns OE_OK, also when the module was already loaded. */
oe_result_t oe_load_module_host_file_system(void);
oe_result_t oe_load_module_host_socket_interface(void);
oe_result_t oe_load_module_host_resolver(void);
oe_result_t oe_load_module_host_epoll(void);

OE_EXTERNC_END

#endif
