/* Host I/O in the runner: which modules the enclave loaded, its mounts,
 * its open host descriptors, and the transport of one request. Everything
 * here is enclave-side (trusted); the host's answers are checked. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include "hostio.h"
#include "hostio_ops.h"
#include "runner.h"

typedef struct hostio_mount {
    bool used;
    bool read_only;
    long id; /* unique for the enclave's life: a slot's next mount differs */
    char target[KEEP_HOSTIO_PATH_MAX]; /* normalised enclave path */
    char source[KEEP_HOSTIO_PATH_MAX]; /* normalised host path */
} hostio_mount;

static uint32_t modules; /* keep_hostio_module bits; atomic */
static pthread_mutex_t mounts_lock = PTHREAD_MUTEX_INITIALIZER;
static hostio_mount mounts[KEEP_HOSTIO_MAX_MOUNTS];
static long last_mount_id; /* under mounts_lock */
static uint64_t open_handles[KEEP_HOSTIO_MAX_FDS / 64]; /* atomic bits */

bool keep_hostio_module_loaded(uint32_t module)
{
    return (__atomic_load_n(&modules, __ATOMIC_ACQUIRE) & module) != 0;
}

long keep_hostio_fd_handle(long fd)
{
    if (fd < KEEP_HOSTIO_FD_BASE || fd - KEEP_HOSTIO_FD_BASE >= (long)KEEP_HOSTIO_MAX_FDS)
        return -EBADF;
    long handle = fd - KEEP_HOSTIO_FD_BASE;
    uint64_t bits = __atomic_load_n(&open_handles[handle / 64], __ATOMIC_ACQUIRE);
    return (bits >> (handle % 64)) & 1 ? handle : -EBADF;
}

/* Open descriptions: each claimed handle names one, shared by the handles
 * a dup made of it (the host's descriptors then share one file). A slot
 * holds the read-ahead of a stream socket (hostio_readahead.c). desc_of:
 * slot + 1 (0: none), written under desc_lock, read atomically. */
static pthread_mutex_t desc_lock = PTHREAD_MUTEX_INITIALIZER;
static uint16_t desc_of[KEEP_HOSTIO_MAX_FDS];
static uint16_t desc_refs[KEEP_HOSTIO_MAX_FDS]; /* under desc_lock */

/* A free slot, preferring the handle's own. Locked; one always exists:
 * every slot in use has a claimed handle. */
static size_t free_slot_locked(long handle)
{
    if (desc_refs[handle] == 0)
        return (size_t)handle;
    size_t slot = 0;
    while (slot < KEEP_HOSTIO_MAX_FDS - 1 && desc_refs[slot] != 0)
        slot++;
    return slot;
}

/* Sets the handle's open bit: -EIO when it was set already (the host
 * handed out a descriptor that is still open). Under desc_lock. */
static long claim_locked(long handle, long share)
{
    uint64_t bit = (uint64_t)1 << (handle % 64);
    uint64_t before = __atomic_fetch_or(&open_handles[handle / 64], bit, __ATOMIC_ACQ_REL);
    if (before & bit)
        return -EIO;
    size_t slot = share >= 0 ? (size_t)desc_of[share] - 1 : free_slot_locked(handle);
    desc_refs[slot]++;
    __atomic_store_n(&desc_of[handle], (uint16_t)(slot + 1), __ATOMIC_RELEASE);
    return KEEP_HOSTIO_FD_BASE + handle;
}

long keep_hostio_fd_claim(long handle)
{
    if (handle < 0 || handle >= (long)KEEP_HOSTIO_MAX_FDS)
        return -EIO;
    pthread_mutex_lock(&desc_lock);
    long rc = claim_locked(handle, -1);
    pthread_mutex_unlock(&desc_lock);
    if (rc >= 0) /* a fresh description: nothing of the slot's last one applies */
        keep_hostio_writebehind_reset(keep_hostio_fd_description(handle));
    return rc;
}

long keep_hostio_fd_claim_dup(long handle, long old)
{
    if (handle < 0 || handle >= (long)KEEP_HOSTIO_MAX_FDS)
        return -EIO;
    pthread_mutex_lock(&desc_lock);
    /* The original closed meanwhile: the new handle opens a description
     * of its own (the host's descriptor is still a duplicate). */
    bool fresh = !desc_of[old];
    long rc = claim_locked(handle, fresh ? -1 : old);
    pthread_mutex_unlock(&desc_lock);
    if (rc >= 0 && fresh)
        keep_hostio_writebehind_reset(keep_hostio_fd_description(handle));
    return rc;
}

long keep_hostio_fd_release(long handle)
{
    uint64_t bit = (uint64_t)1 << (handle % 64);
    pthread_mutex_lock(&desc_lock);
    long last = -1;
    size_t slot = desc_of[handle];
    if (slot) {
        __atomic_store_n(&desc_of[handle], 0, __ATOMIC_RELEASE);
        if (--desc_refs[slot - 1] == 0)
            last = (long)slot - 1;
    }
    __atomic_fetch_and(&open_handles[handle / 64], ~bit, __ATOMIC_ACQ_REL);
    pthread_mutex_unlock(&desc_lock);
    return last;
}

long keep_hostio_fd_description(long handle)
{
    if (handle < 0 || handle >= (long)KEEP_HOSTIO_MAX_FDS)
        return -1;
    return (long)__atomic_load_n(&desc_of[handle], __ATOMIC_ACQUIRE) - 1;
}

bool keep_hostio_fd_shared(long handle)
{
    pthread_mutex_lock(&desc_lock);
    size_t slot = desc_of[handle];
    bool shared = slot && desc_refs[slot - 1] > 1;
    pthread_mutex_unlock(&desc_lock);
    return shared;
}

/* The length of `prefix` when it is `path` or a directory above it. */
static size_t covers(const char *prefix, const char *path)
{
    size_t n = strlen(prefix);
    if (n == 1) /* "/" */
        return 1;
    if (strncmp(prefix, path, n) != 0 || (path[n] != '\0' && path[n] != '/'))
        return 0;
    return n;
}

static long map_locked(char host_path[KEEP_HOSTIO_PATH_MAX], const char *path, bool write,
                       long *mount)
{
    const hostio_mount *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < KEEP_HOSTIO_MAX_MOUNTS; i++) {
        size_t n = mounts[i].used ? covers(mounts[i].target, path) : 0;
        if (n > best_len) {
            best = &mounts[i];
            best_len = n;
        }
    }
    if (!best)
        return -ENOENT;
    if (write && best->read_only)
        return -EROFS;
    *mount = best->id;
    const char *rest = path + (best_len == 1 ? 0 : best_len);
    if (strcmp(rest, "/") == 0)
        rest = "";
    const char *source = strcmp(best->source, "/") == 0 && *rest ? "" : best->source;
    size_t source_len = strlen(source), rest_len = strlen(rest);
    if (rest_len >= KEEP_HOSTIO_PATH_MAX - source_len)
        return -ENAMETOOLONG;
    memcpy(host_path, source, source_len);
    memcpy(host_path + source_len, rest, rest_len + 1);
    return 0;
}

long keep_hostio_map_path_mount(char host_path[KEEP_HOSTIO_PATH_MAX], const char *path,
                                bool write, long *mount)
{
    char normal[KEEP_HOSTIO_PATH_MAX];
    *mount = -1;
    long rc = keep_hostio_normalize(normal, path);
    if (rc)
        return rc;
    pthread_mutex_lock(&mounts_lock);
    rc = map_locked(host_path, normal, write, mount);
    pthread_mutex_unlock(&mounts_lock);
    return rc;
}

long keep_hostio_map_path(char host_path[KEEP_HOSTIO_PATH_MAX], const char *path, bool write)
{
    long mount;
    return keep_hostio_map_path_mount(host_path, path, write, &mount);
}

long keep_hostio_cwd_commit(const char *normal, long mount, const unsigned long *detaches)
{
    pthread_mutex_lock(&mounts_lock);
    bool live = mount == 0;
    for (size_t i = 0; i < KEEP_HOSTIO_MAX_MOUNTS && !live; i++)
        live = mounts[i].used && mounts[i].id == mount;
    /* A relative path was resolved from the directory as it was: if that
     * was detached since, the path named something the enclave no longer
     * sees, even if a new mount covers it now. */
    if (detaches && keep_hostio_cwd_detaches() != *detaches)
        live = false;
    /* Under mounts_lock (which unmounting holds), so an unmount cannot
     * slip between these checks and the store and leave the directory
     * attached to a mount that is gone. */
    if (live)
        keep_hostio_cwd_store(normal, mount);
    pthread_mutex_unlock(&mounts_lock);
    return live ? 0 : -ENOENT;
}

/* A request about a host directory (MOUNT, UMOUNT): the host keeps its own
 * list of the sources it serves. */
static long host_source_request(uint32_t op, const char *source)
{
    keep_hostio_call call = {.request = {.op = op}, .path = source};
    long rc = keep_hostio_transact(&call);
    return rc > 0 || call.answer_size ? -EIO : rc;
}

static long add_mount(const char *source, const char *target, bool read_only)
{
    size_t free_slot = KEEP_HOSTIO_MAX_MOUNTS;
    for (size_t i = 0; i < KEEP_HOSTIO_MAX_MOUNTS; i++) {
        if (mounts[i].used && strcmp(mounts[i].target, target) == 0)
            return -EBUSY;
        if (!mounts[i].used && free_slot == KEEP_HOSTIO_MAX_MOUNTS)
            free_slot = i;
    }
    if (free_slot == KEEP_HOSTIO_MAX_MOUNTS)
        return -ENOMEM;
    long rc = host_source_request(KEEP_HOSTIO_MOUNT, source);
    if (rc)
        return rc;
    hostio_mount *m = &mounts[free_slot];
    memcpy(m->source, source, KEEP_HOSTIO_PATH_MAX);
    memcpy(m->target, target, KEEP_HOSTIO_PATH_MAX);
    m->read_only = read_only;
    m->id = ++last_mount_id;
    m->used = true;
    return 0;
}

static long remove_mount(const char *target)
{
    for (size_t i = 0; i < KEEP_HOSTIO_MAX_MOUNTS; i++) {
        if (mounts[i].used && strcmp(mounts[i].target, target) == 0) {
            mounts[i].used = false;
            keep_hostio_cwd_unmounted(mounts[i].id);
            host_source_request(KEEP_HOSTIO_UMOUNT, mounts[i].source);
            return 0;
        }
    }
    return -EINVAL;
}

static long mount_control(uint32_t op, const char *source, const char *target, bool read_only)
{
    if (!keep_hostio_module_loaded(KEEP_HOSTIO_MODULE_FILE_SYSTEM))
        return -ENODEV;
    char normal_target[KEEP_HOSTIO_PATH_MAX], normal_source[KEEP_HOSTIO_PATH_MAX];
    long rc = keep_hostio_normalize(normal_target, target);
    if (rc == 0 && op == KEEP_HOSTIO_CONTROL_MOUNT)
        rc = source[0] == '/' ? keep_hostio_normalize(normal_source, source) : -EINVAL;
    if (rc)
        return rc;
    pthread_mutex_lock(&mounts_lock);
    rc = op == KEEP_HOSTIO_CONTROL_MOUNT ? add_mount(normal_source, normal_target, read_only)
                                         : remove_mount(normal_target);
    pthread_mutex_unlock(&mounts_lock);
    return rc;
}

long keep_runner_hostio_control(void *ctx, uint32_t op, const char *source, const char *target,
                                uint64_t arg)
{
    (void)ctx;
    const uint32_t known = KEEP_HOSTIO_MODULE_FILE_SYSTEM | KEEP_HOSTIO_MODULE_SOCKETS |
                           KEEP_HOSTIO_MODULE_RESOLVER | KEEP_HOSTIO_MODULE_EPOLL;
    switch (op) {
    case KEEP_HOSTIO_CONTROL_LOAD:
        if (arg == 0 || (arg & ~(uint64_t)known))
            return -EINVAL;
        __atomic_fetch_or(&modules, (uint32_t)arg, __ATOMIC_ACQ_REL);
        return 0;
    case KEEP_HOSTIO_CONTROL_MOUNT:
    case KEEP_HOSTIO_CONTROL_UMOUNT:
        if (!target || (op == KEEP_HOSTIO_CONTROL_MOUNT && !source))
            return -EFAULT;
        return mount_control(op, source, target, arg != 0);
    case KEEP_HOSTIO_CONTROL_RESOLVE:
        if (!arg)
            return -EFAULT;
        return keep_hostio_resolve(source, target, (keep_hostio_resolution *)(uintptr_t)arg);
    case KEEP_HOSTIO_CONTROL_NAMEINFO:
        if (!arg)
            return -EFAULT;
        return keep_hostio_nameinfo((keep_hostio_name_query *)(uintptr_t)arg);
    }
    return -EINVAL;
}
