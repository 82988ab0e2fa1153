/* See image.h. */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host_log.h"
#include "../common/elf.h"
#include "../common/identity.h"
#include "image.h"

#define KEEP_IMAGE_MAX_SIZE ((off_t)1 << 31)

static oe_result_t copy_file(int from, int to, off_t size)
{
    char chunk[1 << 16];
    off_t done = 0;
    while (done < size) {
        ssize_t got = read(from, chunk, sizeof(chunk));
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return OE_READ_FAILED;
        for (ssize_t put = 0; put < got;) {
            ssize_t n = write(to, chunk + put, (size_t)(got - put));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return OE_FAILURE;
            put += n;
        }
        done += got;
    }
    return OE_OK;
}

static oe_result_t check_elf_magic(int fd)
{
    unsigned char ident[EI_NIDENT];
    if (pread(fd, ident, sizeof(ident), 0) != (ssize_t)sizeof(ident) ||
        memcmp(ident, ELFMAG, SELFMAG) != 0 || ident[EI_CLASS] != ELFCLASS64)
        return OE_INVALID_IMAGE;
    return OE_OK;
}

static oe_result_t copy_to_sealed_memfd(const char *path, int *fd_out)
{
    *fd_out = -1;
    int file = open(path, O_RDONLY | O_CLOEXEC);
    if (file < 0) {
        keep_error("cannot open enclave image %s: %s", path, strerror(errno));
        return OE_NOT_FOUND;
    }
    struct stat st;
    oe_result_t result = OE_INVALID_IMAGE;
    int memfd = -1;
    if (fstat(file, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < EI_NIDENT ||
        st.st_size > KEEP_IMAGE_MAX_SIZE) {
        keep_error("enclave image %s: not a regular file of a plausible size", path);
        goto out;
    }
    memfd = memfd_create("keep-enclave-image", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    result = memfd < 0 ? OE_OUT_OF_MEMORY : copy_file(file, memfd, st.st_size);
    if (result == OE_OK)
        result = check_elf_magic(memfd);
    if (result == OE_INVALID_IMAGE)
        keep_error("enclave image %s: not a 64-bit ELF file", path);
    if (result == OE_OK && fcntl(memfd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW |
                                                        F_SEAL_WRITE | F_SEAL_SEAL) != 0)
        result = OE_FAILURE;
out:
    close(file);
    if (result != OE_OK && memfd >= 0)
        close(memfd);
    else
        *fd_out = memfd;
    return result;
}

oe_result_t keep_properties_check(const oe_sgx_enclave_properties_t *p)
{
    keep_why why = {{0}};
    oe_result_t result = keep_properties_validate(p, &why);
    if (result != OE_OK)
        keep_error("%s", why.text);
    return result;
}

static oe_result_t read_properties(keep_image *image, const char *path)
{
    size_t offset, size;
    oe_result_t result =
        keep_elf_find_section(image->bytes, image->size, OE_INFO_SECTION_NAME, &offset, &size);
    if (result == OE_NOT_FOUND) {
        keep_error("enclave image %s has no %s section (is it linked with liboeenclave?)", path,
                   OE_INFO_SECTION_NAME);
        return OE_UNSUPPORTED_ENCLAVE_IMAGE;
    }
    if (result != OE_OK) {
        keep_error("enclave image %s: malformed ELF section headers", path);
        return result;
    }
    if (size != sizeof(image->properties)) {
        keep_error("enclave image %s: %s is %zu bytes, expected %zu", path, OE_INFO_SECTION_NAME,
                   size, sizeof(image->properties));
        return OE_INVALID_IMAGE;
    }
    memcpy(&image->properties, image->bytes + offset, size);
    return keep_properties_check(&image->properties);
}

oe_result_t keep_image_open(keep_image *image, const char *path)
{
    memset(image, 0, sizeof(*image));
    image->bytes = MAP_FAILED;
    oe_result_t result = copy_to_sealed_memfd(path, &image->fd);
    if (result != OE_OK)
        return result;
    struct stat st;
    if (fstat(image->fd, &st) != 0)
        result = OE_READ_FAILED;
    if (result == OE_OK) {
        image->size = (size_t)st.st_size;
        image->bytes = mmap(NULL, image->size, PROT_READ, MAP_SHARED, image->fd, 0);
        if (image->bytes == MAP_FAILED)
            result = OE_OUT_OF_MEMORY;
    }
    if (result == OE_OK)
        result = read_properties(image, path);
    if (result != OE_OK)
        keep_image_close(image);
    return result;
}

void keep_image_close(keep_image *image)
{
    if (image->bytes && image->bytes != MAP_FAILED)
        munmap((void *)image->bytes, image->size);
    if (image->fd >= 0)
        close(image->fd);
    image->bytes = NULL;
    image->fd = -1;
}
