/* The EDL lexer: turns (buf, len) into tokens with 1-based line/column.
 *
 * It accepts any bytes: a NUL byte ends the input (as it does for OE's
 * oeedger8r, which reads C strings), and every byte that is not part of a
 * name, number, string or comment becomes a one-byte punctuation token. */
#ifndef KEEP_EDGER8R_LEXER_H
#define KEEP_EDGER8R_LEXER_H

#include <stdbool.h>
#include <stddef.h>

typedef enum edl_tok_kind {
    EDL_TOK_EOF,
    EDL_TOK_NAME,   /* [A-Za-z_][A-Za-z0-9_]* */
    EDL_TOK_INT,    /* [0-9]+ */
    EDL_TOK_STRING, /* "..." on one line; text includes the quotes */
    EDL_TOK_PUNCT,  /* any other single byte */
    EDL_TOK_ERROR,  /* text is a message: unterminated comment or string */
} edl_tok_kind;

typedef struct edl_token {
    edl_tok_kind kind;
    const char *text; /* points into the input (or a static message) */
    size_t len;
    int line;
    int col;
} edl_token;

typedef struct edl_lexer {
    const char *buf;
    size_t len;
    size_t pos;
    int line;
    int col;
} edl_lexer;

void edl_lexer_init(edl_lexer *lex, const char *buf, size_t len);

/* The next token; after EOF or ERROR it keeps returning EOF. */
edl_token edl_lexer_next(edl_lexer *lex);

/* True when the token's text is exactly `str`. */
bool edl_tok_is(const edl_token *t, const char *str);

#endif
