/* TCB info v2/v3 (sgx-dcap.md §3.4 "Collateral formats") and platform TCB
 * level selection (step 9). */
#include <stdlib.h>
#include <string.h>

#include "tcb_eval.h"
#include "util.h"

#define WHAT "TCB info"

/* v2: "sgxtcbcomp01svn".."sgxtcbcomp16svn" inside "tcb". */
static int comps_v2(keep_tcb_level_t* l, json_t* tcb, char* err, size_t es)
{
    for (int i = 0; i < 16; i++) {
        char key[24];
        int64_t v;
        keep_fmt(key, sizeof(key), "sgxtcbcomp%02dsvn", i + 1);
        if (keep_json_int(&v, tcb, key, 0, 255, WHAT, err, es))
            return -1;
        l->comp[i] = (uint8_t)v;
    }
    return 0;
}

/* v3: "sgxtcbcomponents": 16 objects with "svn". */
static int comps_v3(keep_tcb_level_t* l, json_t* tcb, char* err, size_t es)
{
    json_t* arr = json_object_get(tcb, "sgxtcbcomponents");
    if (!json_is_array(arr) || json_array_size(arr) != 16) {
        keep_fmt(err, es, WHAT ": \"sgxtcbcomponents\" is not 16 entries");
        return -1;
    }
    for (size_t i = 0; i < 16; i++) {
        int64_t v;
        if (keep_json_int(&v, json_array_get(arr, i), "svn", 0, 255, WHAT,
                          err, es))
            return -1;
        l->comp[i] = (uint8_t)v;
    }
    return 0;
}

static int parse_level(keep_tcb_level_t* l, json_t* level, int version,
                       char* err, size_t es)
{
    json_t* tcb = json_object_get(level, "tcb");
    int64_t pcesvn;
    if (!json_is_object(tcb)) {
        keep_fmt(err, es, WHAT ": a level has no \"tcb\" object");
        return -1;
    }
    if ((version == 2 ? comps_v2(l, tcb, err, es) : comps_v3(l, tcb, err, es)) ||
        keep_json_int(&pcesvn, tcb, "pcesvn", 0, 65535, WHAT, err, es))
        return -1;
    l->pcesvn = (uint16_t)pcesvn;
    return keep_json_level_common(&l->common, level, WHAT, err, es);
}

static int parse_levels(keep_tcb_info_t* t, char* err, size_t es)
{
    json_t* arr = json_object_get(t->root, "tcbLevels");
    size_t n = json_array_size(arr);
    if (!json_is_array(arr) || n == 0 || n > KEEP_JSON_MAX_LEVELS) {
        keep_fmt(err, es, WHAT ": \"tcbLevels\" missing, empty or too long");
        return -1;
    }
    t->levels = calloc(n, sizeof(*t->levels));
    if (!t->levels)
        return -1;
    t->level_count = n;
    for (size_t i = 0; i < n; i++)
        if (parse_level(&t->levels[i], json_array_get(arr, i), t->version, err,
                        es))
            return -1;
    return 0;
}

static int parse_fields(keep_tcb_info_t* t, char* err, size_t es)
{
    int64_t version;
    json_t* r = t->root;
    if (keep_json_int(&version, r, "version", 2, 3, WHAT, err, es))
        return -1;
    t->version = (int)version;
    if (t->version == 3 &&
        keep_json_str(t->id, sizeof(t->id), r, "id", WHAT, err, es))
        return -1;
    if (keep_json_time(&t->issue_date, r, "issueDate", WHAT, err, es) ||
        keep_json_time(&t->next_update, r, "nextUpdate", WHAT, err, es) ||
        keep_json_hex(t->fmspc, 6, r, "fmspc", WHAT, err, es) ||
        keep_json_hex(t->pce_id, 2, r, "pceId", WHAT, err, es) ||
        keep_json_int(&t->tcb_type, r, "tcbType", 0, 0, WHAT, err, es) ||
        keep_json_int(&t->eval_number, r, "tcbEvaluationDataNumber", 0,
                      UINT32_MAX, WHAT, err, es))
        return -1;
    if (t->version == 3 && strcmp(t->id, "SGX") != 0 &&
        strcmp(t->id, "TDX") != 0) {
        keep_fmt(err, es, WHAT ": unknown id \"%s\"", t->id);
        return -1;
    }
    /* TDX levels use another component layout: parse header fields only. */
    if (strcmp(t->id, "TDX") == 0)
        return 0;
    return parse_levels(t, err, es);
}

oe_result_t keep_tcb_info_parse(keep_tcb_info_t** out, const char* body,
                                size_t len, char* err, size_t es)
{
    *out = NULL;
    keep_tcb_info_t* t = calloc(1, sizeof(*t));
    if (!t)
        return OE_OUT_OF_MEMORY;
    t->root = keep_json_load(body, len, WHAT, err, es);
    if (!t->root || !json_is_object(t->root) || parse_fields(t, err, es)) {
        if (t->root && !json_is_object(t->root))
            keep_fmt(err, es, WHAT ": not a JSON object");
        keep_tcb_info_free(t);
        return OE_JSON_INFO_PARSE_ERROR;
    }
    *out = t;
    return OE_OK;
}

void keep_tcb_info_free(keep_tcb_info_t* t)
{
    if (!t)
        return;
    json_decref(t->root);
    free(t->levels);
    free(t);
}

const keep_tcb_level_t* keep_tcb_select(const keep_tcb_info_t* info,
                                        const keep_pck_info_t* pck)
{
    for (size_t i = 0; i < info->level_count; i++) {
        const keep_tcb_level_t* l = &info->levels[i];
        int ok = pck->pcesvn >= l->pcesvn;
        for (int c = 0; c < 16 && ok; c++)
            ok = pck->comp_svn[c] >= l->comp[c];
        if (ok)
            return l;
    }
    return NULL;
}
