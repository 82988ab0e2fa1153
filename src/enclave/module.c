/* Host I/O modules and mount(2) for OE_HOST_FILE_SYSTEM (docs/host-io.md).
 *
 * On `sandbox` the enclave's file system calls trap into the runner's
 * syscall bridge, which forwards them to the host only once the matching
 * module is loaded, and maps paths through the mounts made here. On `sim`
 * (no hostio_control) the calls reach the kernel directly: loading a module
 * and mounting only succeed, and paths are the host's own. */
#include <errno.h>
#include <string.h>
#include <sys/mount.h>

#include <openenclave/enclave.h>

#include "../common/hostio_wire.h"
#include "enclave_state.h"

static long control(uint32_t op, const char *source, const char *target, uint64_t arg)
{
    if (!keep_enclave_host)
        return -ENOSYS;
    if (!keep_enclave_host->hostio_control)
        return 0; /* sim: nothing to enable */
    return keep_enclave_host->hostio_control(keep_enclave_host->ctx, op, source, target, arg);
}

static oe_result_t load_module(uint32_t module)
{
    return control(KEEP_HOSTIO_CONTROL_LOAD, NULL, NULL, module) == 0 ? OE_OK : OE_FAILURE;
}

oe_result_t oe_load_module_host_file_system(void)
{
    return load_module(KEEP_HOSTIO_MODULE_FILE_SYSTEM);
}

oe_result_t oe_load_module_host_socket_interface(void)
{
    return load_module(KEEP_HOSTIO_MODULE_SOCKETS);
}

oe_result_t oe_load_module_host_resolver(void)
{
    return load_module(KEEP_HOSTIO_MODULE_RESOLVER);
}

oe_result_t oe_load_module_host_epoll(void)
{
    return load_module(KEEP_HOSTIO_MODULE_EPOLL);
}

static int errno_result(long rc)
{
    if (rc == 0)
        return 0;
    errno = (int)-rc;
    return -1;
}

/* OE's mount: only the host file system, an absolute host source. */
int mount(const char *source, const char *target, const char *fstype, unsigned long flags,
          const void *data)
{
    (void)data;
    if (!source || !target || !fstype)
        return errno_result(-EFAULT);
    if (strcmp(fstype, OE_HOST_FILE_SYSTEM) != 0)
        return errno_result(-ENODEV);
    if (source[0] != '/' || target[0] != '/' || (flags & ~(unsigned long)MS_RDONLY))
        return errno_result(-EINVAL);
    return errno_result(control(KEEP_HOSTIO_CONTROL_MOUNT, source, target, flags ? 1 : 0));
}

int umount2(const char *target, int flags)
{
    if (!target)
        return errno_result(-EFAULT);
    if (flags)
        return errno_result(-EINVAL);
    return errno_result(control(KEEP_HOSTIO_CONTROL_UMOUNT, NULL, target, 0));
}

int umount(const char *target)
{
    return umount2(target, 0);
}
