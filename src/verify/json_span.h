/* Exact byte spans in JSON text. Collateral signatures cover the bytes of
 * one member's value as served (sgx-dcap.md §3.4 step 7), so the verifier
 * never re-serialises: it finds the span and hashes those bytes.
 * Internal to liboehostverify. */
#ifndef KEEP_VERIFY_JSON_SPAN_H
#define KEEP_VERIFY_JSON_SPAN_H

#include <stddef.h>

#define KEEP_JSON_MAX_DEPTH 32

/* Finds the value of top-level member `key` of the JSON object in
 * text[0,len): on success *start and *end delimit the value's bytes and 0 is
 * returned. -1 when the text is not one well-formed object (trailing
 * whitespace allowed), the key is absent, appears twice, or a top-level key
 * uses escapes. The scanner is strict RFC 8259 syntax, depth-limited. */
int keep_json_member_span(const char* text, size_t len, const char* key,
                          size_t* start, size_t* end);

#endif
