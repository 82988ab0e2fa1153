/* QE identity v2 (sgx-dcap.md §3.4 step 8). */
#include <stdlib.h>
#include <string.h>

#include "tcb_eval.h"
#include "util.h"

#define WHAT "QE identity"

static int parse_level(keep_qe_level_t* l, json_t* level, char* err,
                       size_t es)
{
    json_t* tcb = json_object_get(level, "tcb");
    int64_t isvsvn;
    if (!json_is_object(tcb) ||
        keep_json_int(&isvsvn, tcb, "isvsvn", 0, 65535, WHAT, err, es)) {
        if (!json_is_object(tcb))
            keep_fmt(err, es, WHAT ": a level has no \"tcb\" object");
        return -1;
    }
    l->isvsvn = (uint16_t)isvsvn;
    return keep_json_level_common(&l->common, level, WHAT, err, es);
}

static int parse_levels(keep_qe_identity_t* q, char* err, size_t es)
{
    json_t* arr = json_object_get(q->root, "tcbLevels");
    size_t n = json_array_size(arr);
    if (!json_is_array(arr) || n == 0 || n > KEEP_JSON_MAX_LEVELS) {
        keep_fmt(err, es, WHAT ": \"tcbLevels\" missing, empty or too long");
        return -1;
    }
    q->levels = calloc(n, sizeof(*q->levels));
    if (!q->levels)
        return -1;
    q->level_count = n;
    for (size_t i = 0; i < n; i++)
        if (parse_level(&q->levels[i], json_array_get(arr, i), err, es))
            return -1;
    return 0;
}

static int parse_fields(keep_qe_identity_t* q, char* err, size_t es)
{
    int64_t version, prodid;
    json_t* r = q->root;
    if (keep_json_int(&version, r, "version", 2, 2, WHAT, err, es) ||
        keep_json_str(q->id, sizeof(q->id), r, "id", WHAT, err, es) ||
        keep_json_time(&q->issue_date, r, "issueDate", WHAT, err, es) ||
        keep_json_time(&q->next_update, r, "nextUpdate", WHAT, err, es) ||
        keep_json_int(&q->eval_number, r, "tcbEvaluationDataNumber", 0,
                      UINT32_MAX, WHAT, err, es) ||
        keep_json_hex(q->miscselect, 4, r, "miscselect", WHAT, err, es) ||
        keep_json_hex(q->miscselect_mask, 4, r, "miscselectMask", WHAT, err,
                      es) ||
        keep_json_hex(q->attributes, 16, r, "attributes", WHAT, err, es) ||
        keep_json_hex(q->attributes_mask, 16, r, "attributesMask", WHAT, err,
                      es) ||
        keep_json_hex(q->mrsigner, 32, r, "mrsigner", WHAT, err, es) ||
        keep_json_int(&prodid, r, "isvprodid", 0, 65535, WHAT, err, es))
        return -1;
    q->version = (int)version;
    q->isvprodid = (uint16_t)prodid;
    return parse_levels(q, err, es);
}

oe_result_t keep_qe_identity_parse(keep_qe_identity_t** out, const char* body,
                                   size_t len, char* err, size_t es)
{
    *out = NULL;
    keep_qe_identity_t* q = calloc(1, sizeof(*q));
    if (!q)
        return OE_OUT_OF_MEMORY;
    q->root = keep_json_load(body, len, WHAT, err, es);
    if (!q->root || !json_is_object(q->root) || parse_fields(q, err, es)) {
        if (q->root && !json_is_object(q->root))
            keep_fmt(err, es, WHAT ": not a JSON object");
        keep_qe_identity_free(q);
        return OE_INVALID_QE_IDENTITY_INFO;
    }
    *out = q;
    return OE_OK;
}

void keep_qe_identity_free(keep_qe_identity_t* q)
{
    if (!q)
        return;
    json_decref(q->root);
    free(q->levels);
    free(q);
}

const keep_qe_level_t* keep_qe_select(const keep_qe_identity_t* qe,
                                      uint16_t isvsvn)
{
    for (size_t i = 0; i < qe->level_count; i++)
        if (isvsvn >= qe->levels[i].isvsvn)
            return &qe->levels[i];
    return NULL;
}
