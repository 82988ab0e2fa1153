/* keep verify QUOTE --collateral PATH --at TIME [--policy FILE] [--json]
 *
 * Exit codes (docs/verification.md):
 *   0  verified: genuine, TCB UpToDate, policy accepts
 *   1  verified with a non-UpToDate TCB status that the policy accepts
 *   2  genuine quote rejected by the policy
 *   3  invalid: the quote or its collateral does not verify
 *  64  usage or I/O error */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <keep/verify.h>

#include "keep_cli.h"
#include "verify_print.h"

#define EXIT_VERIFIED 0
#define EXIT_ACCEPTED_NON_UPTODATE 1
#define EXIT_POLICY_REJECTED 2
#define EXIT_INVALID 3
#define MAX_QUOTE (64 * 1024)
#define MAX_POLICY (256 * 1024)

typedef struct verify_args {
    const char* quote;
    const char* collateral[8];
    size_t collateral_count;
    const char* at;
    const char* policy;
    int json;
} verify_args_t;

static void usage(FILE* f)
{
    fprintf(f,
            "usage: keep verify QUOTE --collateral PATH [--collateral PATH...]\n"
            "                   --at TIME [--policy FILE] [--json]\n"
            "       keep verify --cert FILE   (an attested TLS certificate)\n"
            "  QUOTE          a DCAP quote v3 (binary)\n"
            "  --collateral   a file or a directory (recognised by content)\n"
            "  --at           verification time, e.g. 2025-06-20T00:00:00Z, or\n"
            "                 \"now\"\n"
            "  --policy       JSON policy (default: UpToDate only, no debug)\n"
            "  --json         machine-readable output\n"
            "exit: 0 verified, 1 verified with an accepted non-UpToDate status,\n"
            "      2 rejected by policy, 3 invalid, 64 usage/IO error\n");
}

static int parse_args(verify_args_t* a, int argc, char** argv)
{
    static const struct option opts[] = {
        {"collateral", required_argument, NULL, 'c'},
        {"at", required_argument, NULL, 't'},
        {"policy", required_argument, NULL, 'p'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int ch;
    memset(a, 0, sizeof(*a));
    optind = 1;
    while ((ch = getopt_long(argc, argv, "c:t:p:jh", opts, NULL)) != -1) {
        if (ch == 'c' && a->collateral_count < 8)
            a->collateral[a->collateral_count++] = optarg;
        else if (ch == 't')
            a->at = optarg;
        else if (ch == 'p')
            a->policy = optarg;
        else if (ch == 'j')
            a->json = 1;
        else
            break;
    }
    if (ch == 'h') {
        usage(stdout);
        return 1;
    }
    if (ch != -1 || optind + 1 != argc || !a->collateral_count || !a->at) {
        usage(stderr);
        return -1;
    }
    a->quote = argv[optind];
    return 0;
}

static int load_policy(keep_verify_policy_t* p, const char* path)
{
    char err[256];
    size_t len;
    keep_verify_policy_default(p);
    if (!path)
        return 0;
    uint8_t* buf = keep_cli_read_file(path, MAX_POLICY, &len);
    if (!buf)
        return -1;
    oe_result_t r = keep_verify_policy_parse(p, buf, len, err, sizeof(err));
    free(buf);
    if (r != OE_OK)
        fprintf(stderr, "keep: %s: %s\n", path, err);
    return r == OE_OK ? 0 : -1;
}

static keep_verify_collateral_t* load_collateral(const verify_args_t* a)
{
    keep_verify_collateral_t* c = NULL;
    if (keep_verify_collateral_new(&c) != OE_OK)
        return NULL;
    for (size_t i = 0; i < a->collateral_count; i++)
        if (keep_verify_collateral_load(c, a->collateral[i]) != OE_OK) {
            fprintf(stderr, "keep: collateral: %s\n",
                    keep_verify_collateral_error(c));
            keep_verify_collateral_free(c);
            return NULL;
        }
    return c;
}

static int parse_at(int64_t* at, const char* s)
{
    if (strcmp(s, "now") == 0) {
        *at = (int64_t)time(NULL);
        return 0;
    }
    if (keep_verify_parse_time(at, s) != OE_OK) {
        fprintf(stderr, "keep: --at %s: expected YYYY-MM-DDTHH:MM:SSZ\n", s);
        return -1;
    }
    return 0;
}

static void decide(keep_verify_outcome_t* o, const keep_verify_policy_t* p,
                   char* reason, size_t rs)
{
    o->policy_reason = reason;
    if (o->res->result != OE_OK) {
        o->exit_code = EXIT_INVALID;
        o->verdict = "invalid";
        return;
    }
    o->policy_result = keep_verify_policy_check(p, o->res, reason, rs);
    if (o->policy_result != OE_OK) {
        o->exit_code = EXIT_POLICY_REJECTED;
        o->verdict = "rejected by policy";
    } else if (o->res->tcb.status != KEEP_TCB_UP_TO_DATE) {
        o->exit_code = EXIT_ACCEPTED_NON_UPTODATE;
        o->verdict = "verified (non-UpToDate status accepted by policy)";
    } else {
        o->exit_code = EXIT_VERIFIED;
        o->verdict = "verified";
    }
}

static int run_verify(const verify_args_t* a, const uint8_t* quote,
                      size_t len, keep_verify_collateral_t* coll,
                      const keep_verify_policy_t* policy, int64_t at)
{
    static keep_verify_result_t res;
    char reason[KEEP_VERIFY_REASON_SIZE] = "";
    const keep_verify_anchor_t* anchors[KEEP_POLICY_MAX_ROOTS + 1];
    keep_verify_options_t opts = {.at = at, .anchors = anchors};
    keep_verify_outcome_t o = {.res = &res};
    opts.anchor_count = keep_verify_policy_anchors(policy, anchors,
                                                   KEEP_POLICY_MAX_ROOTS + 1);
    if (opts.anchor_count == 0) {
        fprintf(stderr, "keep: the policy trusts no root\n");
        return KEEP_EXIT_USAGE;
    }
    /* The outcome is in res; decide() reads res.result. */
    if (keep_verify_quote(&res, quote, len, coll, &opts) != res.result)
        return KEEP_EXIT_USAGE;
    decide(&o, policy, reason, sizeof(reason));
    if (a->json && keep_print_verify_json(stdout, &o) != 0)
        return KEEP_EXIT_USAGE;
    if (!a->json)
        keep_print_verify_text(stdout, &o);
    return o.exit_code;
}

static int cmd_verify(int argc, char** argv)
{
    verify_args_t a;
    keep_verify_policy_t policy;
    int64_t at = 0;
    size_t len = 0;
    if (argc == 3 && strcmp(argv[1], "--cert") == 0)
        return keep_verify_cert(argv[2]);
    int rc = parse_args(&a, argc, argv);
    if (rc)
        return rc > 0 ? 0 : KEEP_EXIT_USAGE;
    if (parse_at(&at, a.at) || load_policy(&policy, a.policy))
        return KEEP_EXIT_USAGE;
    uint8_t* quote = keep_cli_read_file(a.quote, MAX_QUOTE, &len);
    keep_verify_collateral_t* coll = quote ? load_collateral(&a) : NULL;
    rc = coll ? run_verify(&a, quote, len, coll, &policy, at) : KEEP_EXIT_USAGE;
    keep_verify_collateral_free(coll);
    free(quote);
    return rc;
}

const keep_cmd_t keep_cmd_verify = {
    .name = "verify",
    .summary = "verify an SGX DCAP quote offline against collateral",
    .run = cmd_verify,
};
