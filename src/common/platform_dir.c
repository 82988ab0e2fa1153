/* Where the Keep platform keeps its state (docs/platform.md): shared by
 * the platform, liboehost (which names it to the runner) and verifiers
 * (which trust this machine's platform root by default). */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "platform_dir.h"

static oe_result_t put(char *dir, size_t size, const char *a, const char *b)
{
    int n = snprintf(dir, size, "%s%s", a, b);
    return n > 0 && (size_t)n < size ? OE_OK : OE_INVALID_PARAMETER;
}

oe_result_t keep_platform_default_dir(char *dir, size_t size)
{
    if (!dir || !size)
        return OE_INVALID_PARAMETER;
    dir[0] = '\0';
    const char *env = getenv(KEEP_PLATFORM_DIR_ENV);
    if (env && env[0])
        return put(dir, size, env, "");
    if (geteuid() == 0)
        return put(dir, size, "/var/lib/keep", "");
    const char *xdg = getenv("XDG_DATA_HOME");
    if (xdg && xdg[0] == '/')
        return put(dir, size, xdg, "/keep/platform");
    const char *home = getenv("HOME");
    struct passwd *pw = (home && home[0]) ? NULL : getpwuid(geteuid());
    if (pw)
        home = pw->pw_dir;
    if (!home || !home[0])
        return OE_INVALID_PARAMETER;
    return put(dir, size, home, "/.local/share/keep/platform");
}

