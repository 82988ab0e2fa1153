/* keep platform trust | untrust, and the trusted roots `keep platform
 * show` lists (platform_trust.c): the platform's own trust configuration,
 * <platform dir>/trusted-roots/NAME (docs/platform.md). */
#ifndef KEEP_CLI_PLATFORM_TRUST_H
#define KEEP_CLI_PLATFORM_TRUST_H

#include <stdio.h>

/* Copies the exported root in `src` (written by `keep platform
 * export-root`) into dir/trusted-roots/NAME after checking that it loads;
 * `name` NULL: src's last path component. Exit code: 0, or 1 with the
 * reason on stderr. */
int keep_platform_trust(const char *dir, const char *src, const char *name);

/* Removes dir/trusted-roots/NAME. Exit code: 0, or 1 with the reason. */
int keep_platform_untrust(const char *dir, const char *name);

/* Prints the trusted roots of `dir` for `keep platform show`: each
 * NAME with its fingerprint, or why it does not load (verifiers skip
 * it). json: as the value of a "trusted_roots" member. */
void keep_platform_show_trusted(FILE *out, const char *dir, int json);

#endif
