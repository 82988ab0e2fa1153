/* Finding, reading and parsing .edl files, with OE's import semantics:
 * a name is tried as given, then under each --search-path in order; every
 * file is parsed once per session (the cache is keyed by the path found);
 * a file that imports itself, directly or not, is an error. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "edl_internal.h"

static bool is_regular_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* dir + "/" + name, with Windows separators turned into '/' as OE does. */
static char *join_path(edl_session *s, const char *dir, const char *name)
{
    size_t dlen = strlen(dir), nlen = strlen(name);
    char *path = edl_alloc(s, dlen + nlen + 2);
    memcpy(path, dir, dlen);
    path[dlen] = '/';
    memcpy(path + dlen + 1, name, nlen + 1);
    for (char *c = path; *c; c++)
        if (*c == '\\')
            *c = '/';
    return path;
}

static char *resolve(edl_session *s, const char *name)
{
    if (is_regular_file(name))
        return edl_strndup(s, name, strlen(name));
    for (size_t i = 0; i < s->opts->search_path_count; i++) {
        char *path = join_path(s, s->opts->search_paths[i], name);
        if (is_regular_file(path))
            return path;
    }
    edl_fail_plain(s, "file not found within search paths: %s", name);
}

/* Reads a whole file into pool memory (bounded by EDL_MAX_FILE_SIZE). */
static char *read_file(edl_session *s, const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        edl_fail_plain(s, "cannot open %s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || st.st_size < 0)
        st.st_size = 0; /* unknown size: the read below reports the problem */
    bool too_big = (unsigned long long)st.st_size > EDL_MAX_FILE_SIZE;
    /* One spare byte tells a file that grew since fstat from one that fits. */
    size_t cap = too_big ? 0 : (size_t)st.st_size + 1;
    char *buf = too_big ? NULL : edl_pool_alloc(s->pool, cap);
    size_t n = buf ? fread(buf, 1, cap, f) : 0;
    bool failed = ferror(f) || n == cap; /* n == cap: it grew meanwhile */
    fclose(f);
    if (too_big)
        edl_fail_plain(s, "%s is larger than %u bytes", path, EDL_MAX_FILE_SIZE);
    if (!buf)
        edl_fail_oom(s);
    if (failed)
        edl_fail_plain(s, "cannot read %s", path);
    *len = n;
    return buf;
}

static void check_recursion(edl_session *s, const char *path)
{
    for (size_t i = 0; i < s->depth; i++) {
        if (strcmp(s->stack[i], path) != 0)
            continue;
        edl_error(s->diag, NULL, "recursive import detected");
        for (size_t j = s->depth; j-- > 0;)
            fprintf(s->diag->out, "%s\n", s->stack[j]);
        longjmp(s->fail, 1);
    }
}

static edl_unit *find_cached(const edl_session *s, const char *path)
{
    for (size_t i = 0; i < s->cache.count; i++) {
        edl_unit *u = s->cache.items[i];
        if (strcmp(u->path, path) == 0)
            return u;
    }
    return NULL;
}

edl_unit *edl_import_file(edl_session *s, const char *name)
{
    const char *path = resolve(s, name);
    check_recursion(s, path);
    edl_unit *cached = find_cached(s, path);
    if (cached)
        return cached;
    size_t len;
    char *text = read_file(s, path, &len);
    return edl_parse_unit(s, path, text, len);
}

/* The basename of path without its extension: "dir/x.edl" -> "x". */
static char *unit_name(edl_session *s, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    return edl_strndup(s, base, dot ? (size_t)(dot - base) : strlen(base));
}

edl_unit *edl_parse_unit(edl_session *s, const char *path, const char *text, size_t len)
{
    if (s->depth >= EDL_MAX_IMPORT_DEPTH)
        edl_fail_plain(s, "imports nested too deeply (more than %d levels)", EDL_MAX_IMPORT_DEPTH);
    edl_unit *unit = edl_alloc(s, sizeof(*unit));
    unit->path = edl_strndup(s, path, strlen(path));
    unit->name = unit_name(s, unit->path);
    edl_parser parser;
    edl_parser_start(&parser, s, unit, text, len);
    if (s->diag->progress) {
        fprintf(s->diag->progress, "Processing %s.\n", unit->path);
        fflush(s->diag->progress);
    }
    s->stack[s->depth++] = unit->path;
    edl_expect(&parser, "enclave");
    edl_expect(&parser, "{");
    edl_parse_body(&parser);
    edl_expect(&parser, "}");
    s->depth--;
    edl_vec_push(s, &s->cache, unit);
    return unit;
}
