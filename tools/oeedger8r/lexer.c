/* EDL lexer. Byte classes are spelled out instead of using <ctype.h> so the
 * result never depends on the locale or on the signedness of char. */
#include "lexer.h"

#include <string.h>

static bool is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

void edl_lexer_init(edl_lexer *lex, const char *buf, size_t len)
{
    /* Stop at the first NUL: the rest of the input is never seen. */
    const char *nul = memchr(buf, '\0', len);
    lex->buf = buf;
    lex->len = nul ? (size_t)(nul - buf) : len;
    lex->pos = 0;
    lex->line = 1;
    lex->col = 1;
}

static unsigned char peek_at(const edl_lexer *lex, size_t ahead)
{
    if (ahead >= lex->len - lex->pos)
        return '\0';
    return (unsigned char)lex->buf[lex->pos + ahead];
}

static void advance(edl_lexer *lex)
{
    /* Counters saturate: positions past a billion are not worth wrapping. */
    if (lex->buf[lex->pos] == '\n') {
        if (lex->line < 1000000000)
            lex->line++;
        lex->col = 1;
    } else if (lex->col < 1000000000) {
        lex->col++;
    }
    lex->pos++;
}

static edl_token make(const edl_lexer *lex, edl_tok_kind kind, size_t start, int line, int col)
{
    edl_token t = {kind, lex->buf + start, lex->pos - start, line, col};
    return t;
}

static edl_token error_token(edl_lexer *lex, const char *msg, int line, int col)
{
    edl_token t = {EDL_TOK_ERROR, msg, strlen(msg), line, col};
    lex->pos = lex->len; /* nothing after an error is lexed */
    return t;
}

/* Skips blanks and comments. Returns false (setting *err) on an
 * unterminated block comment. */
static bool skip_blanks(edl_lexer *lex, edl_token *err)
{
    for (;;) {
        unsigned char c = peek_at(lex, 0);
        if (lex->pos < lex->len && is_space(c)) {
            advance(lex);
        } else if (c == '/' && peek_at(lex, 1) == '/') {
            while (lex->pos < lex->len && peek_at(lex, 0) != '\n')
                advance(lex);
        } else if (c == '/' && peek_at(lex, 1) == '*') {
            int line = lex->line, col = lex->col;
            advance(lex);
            advance(lex);
            while (lex->pos < lex->len && !(peek_at(lex, 0) == '*' && peek_at(lex, 1) == '/'))
                advance(lex);
            if (lex->pos >= lex->len) {
                *err = error_token(lex, "unterminated comment", line, col);
                return false;
            }
            advance(lex);
            advance(lex);
        } else {
            return true;
        }
    }
}

static edl_token lex_string(edl_lexer *lex)
{
    size_t start = lex->pos;
    int line = lex->line, col = lex->col;
    advance(lex);
    while (lex->pos < lex->len && peek_at(lex, 0) != '"' && peek_at(lex, 0) != '\n')
        advance(lex);
    if (peek_at(lex, 0) != '"')
        return error_token(lex, "unterminated string literal", line, col);
    advance(lex);
    return make(lex, EDL_TOK_STRING, start, line, col);
}

edl_token edl_lexer_next(edl_lexer *lex)
{
    edl_token err;
    if (!skip_blanks(lex, &err))
        return err;
    size_t start = lex->pos;
    int line = lex->line, col = lex->col;
    if (lex->pos >= lex->len)
        return make(lex, EDL_TOK_EOF, start, line, col);
    unsigned char c = peek_at(lex, 0);
    if (c == '"')
        return lex_string(lex);
    advance(lex);
    if (is_alpha(c)) {
        while (lex->pos < lex->len && (is_alpha(peek_at(lex, 0)) || is_digit(peek_at(lex, 0))))
            advance(lex);
        return make(lex, EDL_TOK_NAME, start, line, col);
    }
    if (is_digit(c)) {
        while (lex->pos < lex->len && is_digit(peek_at(lex, 0)))
            advance(lex);
        return make(lex, EDL_TOK_INT, start, line, col);
    }
    return make(lex, EDL_TOK_PUNCT, start, line, col);
}

bool edl_tok_is(const edl_token *t, const char *str)
{
    size_t n = strlen(str);
    return t->kind != EDL_TOK_ERROR && t->len == n && memcmp(t->text, str, n) == 0;
}
