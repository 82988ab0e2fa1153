/* Typed field readers over jansson objects, each naming the field in its
 * error. Internal to liboehostverify. */
#ifndef KEEP_VERIFY_JSON_GET_H
#define KEEP_VERIFY_JSON_GET_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include <keep/verify.h>

#define KEEP_JSON_MAX_LEVELS 256
#define KEEP_JSON_MAX_DOC (1024 * 1024)

/* Each returns 0 or -1 (with err set to "<what>: <key> ..."). */
int keep_json_int(int64_t* out, json_t* obj, const char* key, int64_t min,
                  int64_t max, const char* what, char* err, size_t err_size);
int keep_json_hex(uint8_t* out, size_t size, json_t* obj, const char* key,
                  const char* what, char* err, size_t err_size);
int keep_json_time(int64_t* out, json_t* obj, const char* key,
                   const char* what, char* err, size_t err_size);
/* Copies a string of at most size-1 bytes. */
int keep_json_str(char* out, size_t size, json_t* obj, const char* key,
                  const char* what, char* err, size_t err_size);

/* Parses `len` bytes as one JSON document, rejecting duplicate keys and
 * NUL characters. NULL (with err) when malformed. Caller json_decref()s. */
json_t* keep_json_load(const char* text, size_t len, const char* what,
                       char* err, size_t err_size);

/* A TCB level's status and advisories, shared by TCB info and QE identity. */
typedef struct keep_json_level {
    keep_tcb_status_t status;
    char date[24];
    json_t* advisories; /* borrowed array of strings, or NULL */
} keep_json_level_t;

/* Reads tcbStatus, tcbDate and advisoryIDs (optional; each an
 * "INTEL-SA-nnnnn"-like string shorter than KEEP_VERIFY_ADVISORY_SIZE). */
int keep_json_level_common(keep_json_level_t* out, json_t* level,
                           const char* what, char* err, size_t err_size);

/* Fills a verdict from a level (advisories copied). */
void keep_json_level_verdict(keep_tcb_verdict_t* v, const keep_json_level_t* l);

#endif
