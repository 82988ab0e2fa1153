/* Steps on the signed collateral: signing chain, TCB info, QE identity
 * (sgx-dcap.md §3.4 steps 7-8, first halves). */
#include <string.h>
#include <strings.h>

#include <openssl/x509v3.h>

#include "pck_ext.h"
#include "verify_steps.h"

/* Verifies a body with its own signature, or else any loose one. */
static int body_signed_by(keep_vctx_t* v, const keep_signed_body_t* b,
                          X509* signer)
{
    if (b->has_sig)
        return keep_ecdsa_verify_memo(v->memo, signer, (const uint8_t*)b->body,
                                      b->size, b->sig) == 1;
    for (size_t i = 0; i < v->coll->loose_count; i++)
        if (keep_ecdsa_verify_memo(v->memo, signer, (const uint8_t*)b->body,
                                   b->size, v->coll->loose_sigs[i]) == 1)
            return 1;
    return 0;
}

/* The collateral signer: a non-CA, non-PCK certificate that signed the
 * TCB info (or, failing that, the QE identity). */
static X509* find_signer(keep_vctx_t* v)
{
    const keep_signed_body_t* bodies[2] = {&v->coll->tcb, &v->coll->qe};
    for (int b = 0; b < 2; b++) {
        if (!bodies[b]->body)
            continue;
        for (int i = 0; i < sk_X509_num(v->coll->certs); i++) {
            X509* x = sk_X509_value(v->coll->certs, i);
            if (!keep_x509_is_signer(x) || keep_pck_ext_present(x))
                continue;
            if (body_signed_by(v, bodies[b], x)) {
                v->signed_by_signer[b] = 1; /* no need to verify it twice */
                return x;
            }
        }
    }
    return NULL;
}

static int signer_revoked(keep_vctx_t* v)
{
    return v->root_crl && v->signer_chain.count == 2 &&
           keep_crl_lists(v->root_crl, v->signer);
}

void keep_step_signing_chain(keep_vctx_t* v)
{
    char err[KEEP_VERIFY_REASON_SIZE];
    const keep_verify_check_t id = KEEP_CHECK_TCB_SIGNING_CHAIN;
    v->signer = find_signer(v);
    if (!v->signer) {
        keep_check_fail(v, id, OE_INVALID_ENDORSEMENT,
                        v->coll->tcb.body || v->coll->qe.body
                            ? "no collateral certificate verifies the TCB info "
                              "or QE identity signature"
                            : "no TCB info or QE identity in the collateral");
        return;
    }
    oe_result_t r = keep_chain_build(&v->signer_chain, v->signer,
                                     v->coll->certs, v->quote_certs,
                                     v->anchors, v->anchor_count, v->memo, err,
                                     sizeof(err));
    if (r == OE_OK && v->pck_ok && v->signer_chain.anchor != v->pck.anchor) {
        keep_fmt(err, sizeof(err), "rooted at another anchor than the PCK "
                 "chain");
        r = OE_VERIFY_FAILED;
    }
    if (r != OE_OK) {
        keep_check_fail(v, id, r, "TCB signing chain: %s", err);
        return;
    }
    v->signer_ok = 1;
    int64_t exp = 0;
    r = keep_chain_validity(&v->signer_chain, v->at, &exp, err, sizeof(err));
    keep_note_expiry(v, exp);
    if (r != OE_OK)
        keep_check_fail(v, id, r, "TCB signing chain: %s", err);
    else if (signer_revoked(v))
        keep_check_fail(v, id, OE_VERIFY_REVOKED, "TCB signing certificate is "
                        "revoked by the root CA CRL");
    else
        keep_check_pass(v, id);
}

/* Signature and issueDate <= T <= nextUpdate, shared by both documents. */
static int signed_and_current(keep_vctx_t* v, keep_verify_check_t id,
                              const keep_signed_body_t* b, int64_t issue,
                              int64_t next, const char* what)
{
    char t1[32], t2[32];
    int known = v->signed_by_signer[b == &v->coll->qe];
    if (!v->signer_ok || (!known && !body_signed_by(v, b, v->signer))) {
        keep_check_fail(v, id, OE_INVALID_ENDORSEMENT, "%s signature does not "
                        "verify with the collateral signing certificate", what);
        return -1;
    }
    keep_note_expiry(v, next);
    if (v->at < issue || v->at > next) {
        keep_verify_format_time(t1, sizeof(t1), issue);
        keep_verify_format_time(t2, sizeof(t2), next);
        keep_check_fail(v, id, OE_INVALID_ENDORSEMENT, "%s is %s at the "
                        "verification time (issueDate %s, nextUpdate %s)", what,
                        v->at > next ? "expired" : "not yet valid", t1, t2);
        return -1;
    }
    return 0;
}

void keep_step_tcb_info(keep_vctx_t* v)
{
    const keep_tcb_info_t* t = v->coll->tcb_info;
    const keep_verify_check_t id = KEEP_CHECK_TCB_INFO;
    if (!t) {
        keep_check_fail(v, id, OE_INVALID_ENDORSEMENT,
                        "no TCB info in the collateral");
        return;
    }
    if (signed_and_current(v, id, &v->coll->tcb, t->issue_date,
                           t->next_update, "TCB info"))
        return;
    if (t->version == 3 && strcmp(t->id, "SGX") != 0)
        keep_check_fail(v, id, OE_UNSUPPORTED, "TCB info id \"%s\" is not "
                        "\"SGX\"", t->id);
    else if (v->res->pck_valid && memcmp(t->fmspc, v->res->pck.fmspc, 6))
        keep_check_fail(v, id, OE_INVALID_ENDORSEMENT, "TCB info fmspc differs "
                        "from the PCK certificate's FMSPC");
    else if (v->res->pck_valid && memcmp(t->pce_id, v->res->pck.pce_id, 2))
        keep_check_fail(v, id, OE_INVALID_ENDORSEMENT, "TCB info pceId differs "
                        "from the PCK certificate's PCE-ID");
    else if (v->res->pck_valid)
        keep_check_pass(v, id);
    else
        keep_check_skip(v, id, "PCK extensions unavailable");
}

void keep_step_qe_identity(keep_vctx_t* v)
{
    const keep_qe_identity_t* q = v->coll->qe_identity;
    const keep_verify_check_t id = KEEP_CHECK_QE_IDENTITY;
    if (!q) {
        keep_check_fail(v, id, OE_INVALID_QE_IDENTITY_INFO,
                        "no QE identity in the collateral");
        return;
    }
    if (signed_and_current(v, id, &v->coll->qe, q->issue_date, q->next_update,
                           "QE identity"))
        return;
    if (strcmp(q->id, "QE") != 0)
        keep_check_fail(v, id, OE_INVALID_QE_IDENTITY_INFO, "QE identity id "
                        "\"%s\" is not \"QE\"", q->id);
    else
        keep_check_pass(v, id);
}
