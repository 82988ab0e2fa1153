/* edl_emit(): which files to write for which side. */
#include "emit_internal.h"

static int emit_side(const edl_file *edl, const edl_emit_options *opts, bool enclave_side)
{
    const char *dir = enclave_side ? opts->trusted_dir : opts->untrusted_dir;
    if (emit_args_h(edl, opts, dir) != 0 || emit_side_h(edl, opts, enclave_side) != 0)
        return -1;
    if (opts->header_only)
        return 0;
    return emit_side_c(edl, opts, enclave_side);
}

int edl_emit(const edl_file *file, const edl_emit_options *opts)
{
    if (opts->trusted && emit_side(file, opts, true) != 0)
        return -1;
    if (opts->untrusted && emit_side(file, opts, false) != 0)
        return -1;
    return 0;
}
