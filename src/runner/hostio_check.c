/* Iago checks: the structures the host returns for host I/O are
 * re-validated before the enclave sees them (STYLE: distrust the host's
 * answers). */
#include <dirent.h>
#include <string.h>
#include <sys/stat.h>

#include "hostio.h"

#define NSEC_PER_SEC 1000000000u

bool keep_hostio_stat_plausible(const keep_hostio_stat *st)
{
    switch (st->mode & S_IFMT) {
    case S_IFREG: case S_IFDIR: case S_IFLNK: case S_IFCHR:
    case S_IFBLK: case S_IFIFO: case S_IFSOCK:
        break;
    default:
        return false;
    }
    if (st->mode & ~(uint32_t)(S_IFMT | 07777))
        return false;
    if (st->size < 0 || st->blocks < 0 || st->blksize <= 0 || st->blksize > (1 << 30))
        return false;
    return st->atime_nsec < NSEC_PER_SEC && st->mtime_nsec < NSEC_PER_SEC &&
           st->ctime_nsec < NSEC_PER_SEC;
}

static bool dirent_type_plausible(uint8_t type)
{
    return type == DT_UNKNOWN || type == DT_FIFO || type == DT_CHR || type == DT_DIR ||
           type == DT_BLK || type == DT_REG || type == DT_LNK || type == DT_SOCK;
}

/* One record at buf[0..size): its length, or 0 when malformed. */
static size_t dirent_record(const uint8_t *buf, size_t size)
{
    const size_t name_off = offsetof(keep_hostio_dirent, name);
    keep_hostio_dirent d;
    if (size < sizeof(d))
        return 0;
    memcpy(&d, buf, sizeof(d));
    size_t len = d.record_size;
    if (len < sizeof(d) || len % 8 || len > size || !dirent_type_plausible(d.type))
        return 0;
    const char *name = (const char *)buf + name_off;
    size_t name_len = strnlen(name, len - name_off);
    if (name_len == 0 || name_len == len - name_off || name_len > KEEP_HOSTIO_NAME_MAX)
        return 0; /* empty, or no NUL inside the record */
    if (memchr(name, '/', name_len))
        return 0;
    return len;
}

bool keep_hostio_dirents_plausible(const uint8_t *buf, size_t size)
{
    for (size_t off = 0; off < size;) {
        size_t len = dirent_record(buf + off, size - off);
        if (!len)
            return false;
        off += len;
    }
    return true;
}
