/* JSON collateral: PCS responses {"tcbInfo":…,"signature":…} and
 * {"enclaveIdentity":…,"signature":…} (signed bytes = the exact span of the
 * inner value), bare bodies, and bundles like phala's collateral.json. */
#include <string.h>

#include "collateral.h"
#include "json_get.h"
#include "json_span.h"
#include "util.h"

static int get_sig(uint8_t sig[64], json_t* root, const char* key)
{
    json_t* v = json_object_get(root, key);
    return json_is_string(v) &&
                   keep_hex_decode(sig, 64, json_string_value(v),
                                   json_string_length(v)) == 0
               ? 0
               : -1;
}

/* {"<key>": {...}, "signature": "<128 hex>"} */
static oe_result_t add_response(keep_verify_collateral_t* c, json_t* root,
                                const char* text, size_t len, const char* key,
                                const char* origin)
{
    uint8_t sig[64];
    size_t start, end;
    if (get_sig(sig, root, "signature") ||
        keep_json_member_span(text, len, key, &start, &end) ||
        text[start] != '{') {
        keep_fmt(c->err, sizeof(c->err), "%s: \"%s\" response without an "
                 "object body or a 64-byte hex signature", origin, key);
        return OE_INVALID_ENDORSEMENT;
    }
    if (strcmp(key, "tcbInfo") == 0)
        return keep_coll_set_tcb(c, text + start, end - start, sig, origin);
    return keep_coll_set_qe(c, text + start, end - start, sig, origin);
}

/* Bundle member holding a signed body and its signature. */
static oe_result_t bundle_body(keep_verify_collateral_t* c, json_t* root,
                               const char* key, const char* sig_key,
                               const char* origin)
{
    json_t* v = json_object_get(root, key);
    uint8_t sig[64];
    if (!v)
        return OE_OK;
    if (!json_is_string(v) || get_sig(sig, root, sig_key)) {
        keep_fmt(c->err, sizeof(c->err), "%s: \"%s\" must be a string with a "
                 "64-byte hex \"%s\"", origin, key, sig_key);
        return OE_INVALID_ENDORSEMENT;
    }
    const char* body = json_string_value(v);
    size_t n = json_string_length(v);
    if (strcmp(key, "tcb_info") == 0)
        return keep_coll_set_tcb(c, body, n, sig, origin);
    return keep_coll_set_qe(c, body, n, sig, origin);
}

static const char* const bundle_blobs[] = {
    "pck_crl_issuer_chain", "root_ca_crl", "pck_crl",
    "tcb_info_issuer_chain", "qe_identity_issuer_chain",
};

static oe_result_t add_bundle(keep_verify_collateral_t* c, json_t* root,
                              const char* origin, int depth)
{
    oe_result_t r = OE_OK;
    for (size_t i = 0; i < sizeof(bundle_blobs) / sizeof(bundle_blobs[0]); i++) {
        json_t* v = json_object_get(root, bundle_blobs[i]);
        if (!v)
            continue;
        if (!json_is_string(v)) {
            keep_fmt(c->err, sizeof(c->err), "%s: \"%s\" is not a string",
                     origin, bundle_blobs[i]);
            return OE_INVALID_ENDORSEMENT;
        }
        r = keep_coll_add(c, (const uint8_t*)json_string_value(v),
                          json_string_length(v), origin, depth + 1);
        if (r != OE_OK) {
            if (!c->err[0])
                keep_fmt(c->err, sizeof(c->err), "%s: \"%s\" is not valid "
                         "collateral", origin, bundle_blobs[i]);
            return r == OE_NOT_FOUND ? OE_INVALID_ENDORSEMENT : r;
        }
    }
    r = bundle_body(c, root, "tcb_info", "tcb_info_signature", origin);
    if (r == OE_OK)
        r = bundle_body(c, root, "qe_identity", "qe_identity_signature", origin);
    return r;
}

static oe_result_t classify(keep_verify_collateral_t* c, json_t* root,
                            const char* text, size_t len, const char* origin,
                            int depth)
{
    if (json_object_get(root, "tcbInfo"))
        return add_response(c, root, text, len, "tcbInfo", origin);
    if (json_object_get(root, "enclaveIdentity"))
        return add_response(c, root, text, len, "enclaveIdentity", origin);
    if (json_object_get(root, "tcb_info") || json_object_get(root, "qe_identity") ||
        json_object_get(root, "pck_crl"))
        return add_bundle(c, root, origin, depth);
    if (json_object_get(root, "tcbLevels") && json_object_get(root, "fmspc"))
        return keep_coll_set_tcb(c, text, len, NULL, origin);
    if (json_object_get(root, "tcbLevels") && json_object_get(root, "mrsigner"))
        return keep_coll_set_qe(c, text, len, NULL, origin);
    return OE_NOT_FOUND;
}

oe_result_t keep_coll_add_json(keep_verify_collateral_t* c, const char* text,
                               size_t len, const char* origin, int depth)
{
    char err[160];
    json_t* root = keep_json_load(text, len, origin, err, sizeof(err));
    if (!root) {
        keep_fmt(c->err, sizeof(c->err), "%s", err);
        return OE_INVALID_ENDORSEMENT;
    }
    oe_result_t r = json_is_object(root)
                        ? classify(c, root, text, len, origin, depth)
                        : OE_NOT_FOUND;
    json_decref(root);
    return r;
}
