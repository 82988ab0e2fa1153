/* Text and JSON renderings of a keep_verify_result_t. */
#include "verify_print.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

static void hex(char* out, const uint8_t* in, size_t n)
{
    static const char d[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = d[in[i] >> 4];
        out[2 * i + 1] = d[in[i] & 15];
    }
    out[2 * n] = '\0';
}

static const char* state_name(keep_check_state_t s)
{
    return s == KEEP_CHECK_PASSED ? "passed"
           : s == KEEP_CHECK_FAILED ? "FAILED"
                                    : "not run";
}

static void print_identity(FILE* f, const keep_verify_result_t* r)
{
    char h[129];
    const keep_quote_identity_t* id = &r->identity;
    hex(h, id->mrenclave, 32);
    fprintf(f, "  mrenclave     %s\n", h);
    hex(h, id->mrsigner, 32);
    fprintf(f, "  mrsigner      %s\n", h);
    fprintf(f, "  product id    %u\n  svn           %u\n", id->isv_prod_id,
            id->isv_svn);
    fprintf(f, "  debug         %s\n", id->debug ? "yes" : "no");
    hex(h, id->attributes, 16);
    fprintf(f, "  attributes    %s\n", h);
    hex(h, id->report_data, 64);
    fprintf(f, "  report data   %s\n", h);
}

static void print_tcb(FILE* f, const char* what, const keep_tcb_verdict_t* v)
{
    fprintf(f, "%s %s", what, keep_tcb_status_str(v->status));
    if (v->tcb_date[0])
        fprintf(f, " (tcbDate %s)", v->tcb_date);
    for (size_t i = 0; i < v->advisory_count; i++)
        fprintf(f, "%s%s", i ? ", " : " advisories: ", v->advisories[i]);
    fprintf(f, "\n");
}

void keep_print_verify_text(FILE* f, const keep_verify_outcome_t* o)
{
    const keep_verify_result_t* r = o->res;
    char t[32];
    keep_verify_format_time(t, sizeof(t), r->at);
    fprintf(f, "quote v%u, verified at %s against %s\n", r->header.version, t,
            r->anchor_name ? r->anchor_name : "(no trusted root reached)");
    if (r->identity_valid) {
        fprintf(f, "identity%s:\n", r->result == OE_OK ? "" : " (UNTRUSTED)");
        print_identity(f, r);
    }
    print_tcb(f, "tcb status:", &r->tcb);
    print_tcb(f, "  platform:", &r->platform_tcb);
    print_tcb(f, "  qe:      ", &r->qe_tcb);
    fprintf(f, "checks:\n");
    for (int i = 0; i < KEEP_CHECK_COUNT; i++) {
        const keep_verify_check_result_t* c = &r->checks[i];
        fprintf(f, "  %-20s %-7s", keep_verify_check_name(i), state_name(c->state));
        if (c->state == KEEP_CHECK_FAILED)
            fprintf(f, " %s: %s", oe_result_str(c->result), c->reason);
        else if (c->reason[0])
            fprintf(f, " (%s)", c->reason);
        fprintf(f, "\n");
    }
    if (o->policy_reason && o->policy_reason[0])
        fprintf(f, "policy: %s\n", o->policy_reason);
    fprintf(f, "result: %s (%s), exit %d\n", o->verdict,
            oe_result_str(r->result != OE_OK ? r->result : o->policy_result),
            o->exit_code);
}

static json_t* hexj(const uint8_t* in, size_t n)
{
    char h[129];
    hex(h, in, n);
    return json_string(h);
}

static json_t* tcb_json(const keep_tcb_verdict_t* v)
{
    json_t* adv = json_array();
    for (size_t i = 0; i < v->advisory_count; i++)
        json_array_append_new(adv, json_string(v->advisories[i]));
    return json_pack("{s:s,s:s,s:o}", "status", keep_tcb_status_str(v->status),
                     "tcb_date", v->tcb_date, "advisory_ids", adv);
}

static json_t* identity_json(const keep_quote_identity_t* id)
{
    return json_pack("{s:o,s:o,s:i,s:i,s:b,s:o,s:o}", "unique_id",
                     hexj(id->mrenclave, 32), "signer_id", hexj(id->mrsigner, 32),
                     "product_id", id->isv_prod_id, "security_version",
                     id->isv_svn, "debug", id->debug, "attributes",
                     hexj(id->attributes, 16), "report_data",
                     hexj(id->report_data, 64));
}

static json_t* checks_json(const keep_verify_result_t* r)
{
    json_t* arr = json_array();
    for (int i = 0; i < KEEP_CHECK_COUNT; i++) {
        const keep_verify_check_result_t* c = &r->checks[i];
        json_array_append_new(
            arr, json_pack("{s:s,s:s,s:s,s:s}", "check",
                           keep_verify_check_name(i), "state",
                           state_name(c->state), "result",
                           oe_result_str(c->result), "reason", c->reason));
    }
    return arr;
}

int keep_print_verify_json(FILE* f, const keep_verify_outcome_t* o)
{
    const keep_verify_result_t* r = o->res;
    char t[32];
    keep_verify_format_time(t, sizeof(t), r->at);
    json_t* root = json_pack(
        "{s:s,s:i,s:s,s:s,s:s?,s:i,s:o,s:o,s:o,s:o,s:i,s:o,s:s}", "verdict",
        o->verdict, "exit_code", o->exit_code, "result",
        oe_result_str(r->result), "at", t, "trust_root", r->anchor_name,
        "quote_version", r->header.version, "identity",
        r->identity_valid ? identity_json(&r->identity) : json_null(),
        "tcb", tcb_json(&r->tcb), "platform_tcb", tcb_json(&r->platform_tcb),
        "qe_tcb", tcb_json(&r->qe_tcb), "qv_result", r->qv_result, "checks",
        checks_json(r), "policy",
        o->policy_reason && o->policy_reason[0] ? o->policy_reason : "accepted");
    if (!root)
        return -1;
    char* s = json_dumps(root, JSON_INDENT(2));
    json_decref(root);
    if (!s)
        return -1;
    fprintf(f, "%s\n", s);
    free(s);
    return 0;
}
