/* Typed jansson field access for collateral bodies. */
#include "json_get.h"

#include <string.h>

#include "util.h"

int keep_json_int(int64_t* out, json_t* obj, const char* key, int64_t min,
                  int64_t max, const char* what, char* err, size_t err_size)
{
    json_t* v = json_object_get(obj, key);
    *out = 0;
    if (!json_is_integer(v) || json_integer_value(v) < min ||
        json_integer_value(v) > max) {
        keep_fmt(err, err_size, "%s: \"%s\" missing or not an integer in "
                 "[%lld, %lld]", what, key, (long long)min, (long long)max);
        return -1;
    }
    *out = json_integer_value(v);
    return 0;
}

int keep_json_hex(uint8_t* out, size_t size, json_t* obj, const char* key,
                  const char* what, char* err, size_t err_size)
{
    json_t* v = json_object_get(obj, key);
    if (!json_is_string(v) ||
        keep_hex_decode(out, size, json_string_value(v),
                        json_string_length(v))) {
        keep_fmt(err, err_size, "%s: \"%s\" missing or not %zu hex bytes",
                 what, key, size);
        return -1;
    }
    return 0;
}

int keep_json_time(int64_t* out, json_t* obj, const char* key,
                   const char* what, char* err, size_t err_size)
{
    json_t* v = json_object_get(obj, key);
    if (!json_is_string(v) ||
        keep_verify_parse_time(out, json_string_value(v)) != OE_OK) {
        keep_fmt(err, err_size, "%s: \"%s\" missing or not an ISO-8601 UTC "
                 "time", what, key);
        return -1;
    }
    return 0;
}

int keep_json_str(char* out, size_t size, json_t* obj, const char* key,
                  const char* what, char* err, size_t err_size)
{
    json_t* v = json_object_get(obj, key);
    if (!json_is_string(v) || json_string_length(v) >= size ||
        strlen(json_string_value(v)) != json_string_length(v)) {
        keep_fmt(err, err_size, "%s: \"%s\" missing or not a short string",
                 what, key);
        return -1;
    }
    memcpy(out, json_string_value(v), json_string_length(v) + 1);
    return 0;
}

json_t* keep_json_load(const char* text, size_t len, const char* what,
                       char* err, size_t err_size)
{
    json_error_t je;
    if (len > KEEP_JSON_MAX_DOC) {
        keep_fmt(err, err_size, "%s: %zu bytes is too large", what, len);
        return NULL;
    }
    json_t* root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        keep_fmt(err, err_size, "%s: JSON error at line %d column %d: %s",
                 what, je.line, je.column, je.text);
    return root;
}

static int check_advisories(json_t* arr, const char* what, char* err,
                            size_t err_size)
{
    size_t i;
    json_t* v;
    if (!json_is_array(arr) || json_array_size(arr) > KEEP_VERIFY_MAX_ADVISORIES)
        goto bad;
    json_array_foreach(arr, i, v) {
        if (!json_is_string(v) || json_string_length(v) == 0 ||
            json_string_length(v) >= KEEP_VERIFY_ADVISORY_SIZE ||
            strlen(json_string_value(v)) != json_string_length(v))
            goto bad;
    }
    return 0;
bad:
    keep_fmt(err, err_size, "%s: \"advisoryIDs\" is not a short list of "
             "strings", what);
    return -1;
}

int keep_json_level_common(keep_json_level_t* out, json_t* level,
                           const char* what, char* err, size_t err_size)
{
    char status[48];
    memset(out, 0, sizeof(*out));
    if (keep_json_str(status, sizeof(status), level, "tcbStatus", what, err,
                      err_size) ||
        keep_json_str(out->date, sizeof(out->date), level, "tcbDate", what,
                      err, err_size))
        return -1;
    out->status = keep_tcb_status_from_str(status);
    if (out->status == KEEP_TCB_INVALID) {
        keep_fmt(err, err_size, "%s: unknown tcbStatus \"%s\"", what, status);
        return -1;
    }
    out->advisories = json_object_get(level, "advisoryIDs");
    if (out->advisories &&
        check_advisories(out->advisories, what, err, err_size))
        return -1;
    return 0;
}

void keep_json_level_verdict(keep_tcb_verdict_t* v, const keep_json_level_t* l)
{
    size_t i;
    json_t* a;
    memset(v, 0, sizeof(*v));
    v->status = l->status;
    memcpy(v->tcb_date, l->date, sizeof(v->tcb_date));
    if (!l->advisories)
        return;
    json_array_foreach(l->advisories, i, a) {
        memcpy(v->advisories[v->advisory_count++], json_string_value(a),
               json_string_length(a) + 1);
    }
}
