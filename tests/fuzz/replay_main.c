/* Replays corpus files through the fuzz harness without libFuzzer, so that
 * `make test` re-runs every saved input with any compiler. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Generous: corpus files are small; this only bounds a mistake. */
#define REPLAY_MAX_INPUT (16u << 20)

static int replay(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: cannot open %s\n", path);
        return -1;
    }
    uint8_t *buf = malloc(REPLAY_MAX_INPUT);
    size_t n = buf ? fread(buf, 1, REPLAY_MAX_INPUT, f) : 0;
    int rc = (!buf || ferror(f)) ? -1 : 0;
    fclose(f);
    /* Hand the harness an exact-size copy, so the sanitizers see any read
     * past the end of the input. */
    uint8_t *exact = rc == 0 ? malloc(n ? n : 1) : NULL;
    if (exact) {
        memcpy(exact, buf, n);
        LLVMFuzzerTestOneInput(exact, n);
        free(exact);
    }
    else
        fprintf(stderr, "replay: cannot read %s\n", path);
    free(buf);
    return rc;
}

int main(int argc, char **argv)
{
    int failed = 0;
    for (int i = 1; i < argc; i++)
        failed |= replay(argv[i]) != 0;
    printf("replayed %d input(s)\n", argc - 1);
    return failed ? 1 : 0;
}
