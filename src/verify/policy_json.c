/* The JSON policy file (docs/verification.md). Unknown keys are errors so
 * a typo never silently weakens a policy. */
#include <string.h>

#include <jansson.h>

#include <keep/verify.h>

#include "json_get.h"
#include "util.h"

static int id_list(uint8_t (*out)[32], size_t* count, json_t* v,
                   const char* key, char* err, size_t es)
{
    size_t i;
    json_t* e;
    if (!json_is_array(v) || json_array_size(v) > KEEP_POLICY_MAX_IDS)
        goto bad;
    json_array_foreach(v, i, e) {
        if (!json_is_string(e) ||
            keep_hex_decode(out[i], 32, json_string_value(e),
                            json_string_length(e)))
            goto bad;
    }
    *count = json_array_size(v);
    return 0;
bad:
    keep_fmt(err, es, "policy: \"%s\" must be a list of at most %d 64-digit "
             "hex strings", key, KEEP_POLICY_MAX_IDS);
    return -1;
}

static int statuses(keep_verify_policy_t* p, json_t* v, char* err, size_t es)
{
    size_t i;
    json_t* e;
    p->allowed_statuses = 0;
    if (!json_is_array(v))
        goto bad;
    json_array_foreach(v, i, e) {
        keep_tcb_status_t s = keep_tcb_status_from_str(json_string_value(e));
        if (s == KEEP_TCB_INVALID)
            goto bad;
        p->allowed_statuses |= 1u << s;
    }
    return 0;
bad:
    keep_fmt(err, es, "policy: \"allowed_tcb_status\" must list status names "
             "such as \"UpToDate\"");
    return -1;
}

static int advisories(keep_verify_policy_t* p, json_t* v, char* err, size_t es)
{
    size_t i;
    json_t* e;
    if (json_is_string(v) && strcmp(json_string_value(v), "*") == 0) {
        p->any_advisory = 1;
        return 0;
    }
    if (!json_is_array(v) || json_array_size(v) > KEEP_VERIFY_MAX_ADVISORIES)
        goto bad;
    json_array_foreach(v, i, e) {
        if (!json_is_string(e) ||
            json_string_length(e) >= KEEP_VERIFY_ADVISORY_SIZE)
            goto bad;
        memcpy(p->advisories[i], json_string_value(e), json_string_length(e) + 1);
    }
    p->advisory_count = json_array_size(v);
    return 0;
bad:
    keep_fmt(err, es, "policy: \"allowed_advisories\" must be \"*\" or a list "
             "of advisory IDs");
    return -1;
}

/* {"name": "...", "sha256": "<64 hex>", "qe_vendor_id": "<32 hex>"} */
static int one_root(keep_verify_policy_t* p, json_t* e)
{
    size_t i = p->root_count;
    char err[8];
    json_t* name = json_object_get(e, "name");
    if (!json_is_object(e) || json_object_size(e) != 3 || !json_is_string(name) ||
        json_string_length(name) >= sizeof(p->root_names[0]) ||
        keep_json_hex(p->roots[i].root_sha256, 32, e, "sha256", "", err,
                      sizeof(err)) ||
        keep_json_hex(p->roots[i].qe_vendor_id, 16, e, "qe_vendor_id", "", err,
                      sizeof(err)))
        return -1;
    memcpy(p->root_names[i], json_string_value(name), json_string_length(name) + 1);
    p->roots[i].name = p->root_names[i];
    p->root_count++;
    return 0;
}

static int roots(keep_verify_policy_t* p, json_t* v, char* err, size_t es)
{
    size_t i;
    json_t* e;
    if (!json_is_array(v) || json_array_size(v) > KEEP_POLICY_MAX_ROOTS)
        goto bad;
    json_array_foreach(v, i, e) {
        if (one_root(p, e))
            goto bad;
    }
    return 0;
bad:
    keep_fmt(err, es, "policy: \"trusted_roots\" must be a list of at most %d "
             "{\"name\", \"sha256\", \"qe_vendor_id\"} objects",
             KEEP_POLICY_MAX_ROOTS);
    return -1;
}

static int small_int(int64_t* out, json_t* v, const char* key, char* err,
                     size_t es)
{
    if (!json_is_integer(v) || json_integer_value(v) < 0 ||
        json_integer_value(v) > 65535) {
        keep_fmt(err, es, "policy: \"%s\" must be an integer 0..65535", key);
        return -1;
    }
    *out = json_integer_value(v);
    return 0;
}

static int member(keep_verify_policy_t* p, const char* key, json_t* v,
                  char* err, size_t es)
{
    int64_t n = 0;
    if (!strcmp(key, "unique_id") || !strcmp(key, "mrenclave"))
        return id_list(p->unique_ids, &p->unique_id_count, v, key, err, es);
    if (!strcmp(key, "signer_id") || !strcmp(key, "mrsigner"))
        return id_list(p->signer_ids, &p->signer_id_count, v, key, err, es);
    if (!strcmp(key, "product_id")) {
        p->has_product_id = 1;
        int rc = small_int(&n, v, key, err, es);
        p->product_id = (uint16_t)n;
        return rc;
    }
    if (!strcmp(key, "min_svn")) {
        int rc = small_int(&n, v, key, err, es);
        p->min_svn = (uint16_t)n;
        return rc;
    }
    if (!strcmp(key, "allowed_tcb_status"))
        return statuses(p, v, err, es);
    if (!strcmp(key, "allowed_advisories"))
        return advisories(p, v, err, es);
    if (!strcmp(key, "debug_allowed") && json_is_boolean(v)) {
        p->debug_allowed = json_is_true(v);
        return 0;
    }
    if (!strcmp(key, "trust_intel") && json_is_boolean(v)) {
        p->trust_intel = json_is_true(v);
        return 0;
    }
    if (!strcmp(key, "trusted_roots"))
        return roots(p, v, err, es);
    keep_fmt(err, es, "policy: unknown or mistyped key \"%s\"", key);
    return -1;
}

oe_result_t keep_verify_policy_parse(keep_verify_policy_t* p,
                                     const uint8_t* text, size_t len,
                                     char* err, size_t es)
{
    const char* key;
    json_t* v;
    if (!p || !text)
        return OE_INVALID_PARAMETER;
    keep_verify_policy_default(p);
    json_t* root = keep_json_load((const char*)text, len, "policy", err, es);
    oe_result_t r = OE_JSON_INFO_PARSE_ERROR;
    if (!root)
        return r;
    if (!json_is_object(root)) {
        keep_fmt(err, es, "policy: not a JSON object");
        goto out;
    }
    json_object_foreach(root, key, v) {
        if (member(p, key, v, err, es))
            goto out;
    }
    r = OE_OK;
out:
    json_decref(root);
    if (r != OE_OK)
        keep_verify_policy_default(p);
    return r;
}
