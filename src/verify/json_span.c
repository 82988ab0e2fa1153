/* A small strict JSON scanner that only measures: no allocation, no
 * values, just where each one starts and ends. */
#include "json_span.h"

#include <string.h>

typedef struct scan {
    const char* s;
    size_t len;
    size_t off;
} scan_t;

static void skip_ws(scan_t* c)
{
    while (c->off < c->len && (c->s[c->off] == ' ' || c->s[c->off] == '\t' ||
                               c->s[c->off] == '\n' || c->s[c->off] == '\r'))
        c->off++;
}

static int is_hex(char ch)
{
    return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') ||
           (ch >= 'A' && ch <= 'F');
}

/* At '"': moves past the closing quote. *escaped set when '\' was seen. */
static int skip_string(scan_t* c, int* escaped)
{
    c->off++;
    while (c->off < c->len) {
        unsigned char ch = (unsigned char)c->s[c->off++];
        if (ch == '"')
            return 0;
        if (ch < 0x20)
            return -1;
        if (ch != '\\')
            continue;
        *escaped = 1;
        if (c->off >= c->len)
            return -1;
        ch = (unsigned char)c->s[c->off++];
        if (ch == 'u') {
            if (4 > c->len - c->off)
                return -1;
            for (int i = 0; i < 4; i++)
                if (!is_hex(c->s[c->off + (size_t)i]))
                    return -1;
            c->off += 4;
        } else if (!strchr("\"\\/bfnrt", ch) || ch == 0) {
            return -1;
        }
    }
    return -1;
}

static size_t count_digits(scan_t* c)
{
    size_t n = 0;
    while (c->off < c->len && c->s[c->off] >= '0' && c->s[c->off] <= '9')
        c->off++, n++;
    return n;
}

static int skip_number(scan_t* c)
{
    if (c->s[c->off] == '-')
        c->off++;
    size_t first = c->off;
    size_t n = count_digits(c);
    if (n == 0 || (n > 1 && c->s[first] == '0'))
        return -1;
    if (c->off < c->len && c->s[c->off] == '.') {
        c->off++;
        if (count_digits(c) == 0)
            return -1;
    }
    if (c->off < c->len && (c->s[c->off] == 'e' || c->s[c->off] == 'E')) {
        c->off++;
        if (c->off < c->len && (c->s[c->off] == '+' || c->s[c->off] == '-'))
            c->off++;
        if (count_digits(c) == 0)
            return -1;
    }
    return 0;
}

static int skip_literal(scan_t* c, const char* word)
{
    size_t n = strlen(word);
    if (n > c->len - c->off || memcmp(c->s + c->off, word, n) != 0)
        return -1;
    c->off += n;
    return 0;
}

static int skip_value(scan_t* c, int depth);

/* Object or array at '{' / '['. */
static int skip_container(scan_t* c, int depth)
{
    char close = c->s[c->off] == '{' ? '}' : ']';
    int is_obj = close == '}';
    c->off++;
    skip_ws(c);
    if (c->off < c->len && c->s[c->off] == close) {
        c->off++;
        return 0;
    }
    for (;;) {
        int esc = 0;
        if (is_obj) {
            if (c->off >= c->len || c->s[c->off] != '"' || skip_string(c, &esc))
                return -1;
            skip_ws(c);
            if (c->off >= c->len || c->s[c->off++] != ':')
                return -1;
        }
        if (skip_value(c, depth + 1))
            return -1;
        skip_ws(c);
        if (c->off >= c->len)
            return -1;
        char ch = c->s[c->off++];
        if (ch == close)
            return 0;
        if (ch != ',')
            return -1;
        skip_ws(c);
    }
}

static int skip_value(scan_t* c, int depth)
{
    int esc = 0;
    skip_ws(c);
    if (c->off >= c->len || depth > KEEP_JSON_MAX_DEPTH)
        return -1;
    switch (c->s[c->off]) {
    case '{':
    case '[': return skip_container(c, depth);
    case '"': return skip_string(c, &esc);
    case 't': return skip_literal(c, "true");
    case 'f': return skip_literal(c, "false");
    case 'n': return skip_literal(c, "null");
    default: return skip_number(c);
    }
}

static int key_matches(const char* text, size_t kstart, size_t kend,
                       const char* key, int escaped)
{
    size_t klen = strlen(key);
    return !escaped && kend - kstart - 2 == klen &&
           memcmp(text + kstart + 1, key, klen) == 0;
}

/* One member at c->off: records the value span if its key is `key`. */
static int scan_member(scan_t* c, const char* key, size_t* start,
                       size_t* end, int* found)
{
    int esc = 0;
    size_t kstart = c->off;
    if (c->off >= c->len || c->s[c->off] != '"' || skip_string(c, &esc))
        return -1;
    if (esc)
        return -1; /* escaped top-level keys could alias `key` */
    int match = key_matches(c->s, kstart, c->off, key, esc);
    skip_ws(c);
    if (c->off >= c->len || c->s[c->off++] != ':')
        return -1;
    skip_ws(c);
    size_t vstart = c->off;
    if (skip_value(c, 1))
        return -1;
    if (match) {
        if (*found)
            return -1;
        *found = 1;
        *start = vstart;
        *end = c->off;
    }
    return 0;
}

int keep_json_member_span(const char* text, size_t len, const char* key,
                          size_t* start, size_t* end)
{
    scan_t c = {text, len, 0};
    int found = 0;
    *start = *end = 0;
    skip_ws(&c);
    if (c.off >= len || text[c.off++] != '{')
        return -1;
    skip_ws(&c);
    if (c.off < len && text[c.off] == '}')
        return -1;
    for (;;) {
        if (scan_member(&c, key, start, end, &found))
            return -1;
        skip_ws(&c);
        if (c.off >= len)
            return -1;
        char ch = text[c.off++];
        if (ch == '}')
            break;
        if (ch != ',')
            return -1;
        skip_ws(&c);
    }
    skip_ws(&c);
    return found && c.off == len ? 0 : -1;
}
