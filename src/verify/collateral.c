/* The collateral set: storage, de-duplication and conflicts. */
#include "collateral.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "x509check.h"

oe_result_t keep_verify_collateral_new(keep_verify_collateral_t** out)
{
    if (!out)
        return OE_INVALID_PARAMETER;
    *out = NULL;
    keep_verify_collateral_t* c = calloc(1, sizeof(*c));
    if (!c)
        return OE_OUT_OF_MEMORY;
    c->certs = sk_X509_new_null();
    c->crls = sk_X509_CRL_new_null();
    if (!c->certs || !c->crls ||
        pthread_mutex_init(&c->memo.lock, NULL) != 0) {
        sk_X509_free(c->certs);
        sk_X509_CRL_free(c->crls);
        free(c);
        return OE_OUT_OF_MEMORY;
    }
    *out = c;
    return OE_OK;
}

void keep_verify_collateral_free(keep_verify_collateral_t* c)
{
    if (!c)
        return;
    sk_X509_pop_free(c->certs, X509_free);
    sk_X509_CRL_pop_free(c->crls, X509_CRL_free);
    free(c->tcb.body);
    free(c->qe.body);
    keep_tcb_info_free(c->tcb_info);
    keep_qe_identity_free(c->qe_identity);
    for (size_t i = 0; i < KEEP_CHAINCACHE_SLOTS; i++)
        sk_X509_pop_free(c->chains.chains[i], X509_free);
    for (size_t i = 0; i < KEEP_KEYCACHE_SLOTS; i++)
        EVP_PKEY_free(c->attest_keys.keys[i]);
    keep_cert_digests_clear(&c->memo);
    pthread_mutex_destroy(&c->memo.lock);
    free(c);
}

void keep_verify_collateral_set_cache(keep_verify_collateral_t* c,
                                      int enabled)
{
    if (c)
        c->memo_disabled = !enabled;
}

const char* keep_verify_collateral_error(const keep_verify_collateral_t* c)
{
    return c ? c->err : "";
}

oe_result_t keep_coll_add_cert(keep_verify_collateral_t* c, X509* x)
{
    for (int i = 0; i < sk_X509_num(c->certs); i++)
        if (X509_cmp(sk_X509_value(c->certs, i), x) == 0) {
            X509_free(x);
            return OE_OK;
        }
    if (sk_X509_num(c->certs) >= KEEP_COLL_MAX_CERTS) {
        X509_free(x);
        keep_fmt(c->err, sizeof(c->err), "more than %d certificates",
                 KEEP_COLL_MAX_CERTS);
        return OE_INVALID_ENDORSEMENT;
    }
    if (!sk_X509_push(c->certs, x)) {
        X509_free(x);
        return OE_OUT_OF_MEMORY;
    }
    return OE_OK;
}

oe_result_t keep_coll_add_crl(keep_verify_collateral_t* c, X509_CRL* crl)
{
    for (int i = 0; i < sk_X509_CRL_num(c->crls); i++)
        if (X509_CRL_match(sk_X509_CRL_value(c->crls, i), crl) == 0) {
            X509_CRL_free(crl);
            return OE_OK;
        }
    if (sk_X509_CRL_num(c->crls) >= KEEP_COLL_MAX_CRLS) {
        X509_CRL_free(crl);
        keep_fmt(c->err, sizeof(c->err), "more than %d CRLs",
                 KEEP_COLL_MAX_CRLS);
        return OE_INVALID_ENDORSEMENT;
    }
    if (!sk_X509_CRL_push(c->crls, crl)) {
        X509_CRL_free(crl);
        return OE_OUT_OF_MEMORY;
    }
    return OE_OK;
}

/* Merges a body into a slot: same bytes may add a signature; different
 * bytes or a different signature conflict. *fresh set when stored new. */
static oe_result_t merge_body(keep_verify_collateral_t* c,
                              keep_signed_body_t* slot, const char* body,
                              size_t len, const uint8_t* sig, const char* what,
                              int* fresh)
{
    *fresh = 0;
    if (slot->body) {
        if (slot->size != len || memcmp(slot->body, body, len) != 0 ||
            (sig && slot->has_sig && memcmp(slot->sig, sig, 64) != 0)) {
            keep_fmt(c->err, sizeof(c->err), "two different %s documents in "
                     "the collateral", what);
            return OE_INVALID_ENDORSEMENT;
        }
    } else {
        slot->body = malloc(len + 1);
        if (!slot->body)
            return OE_OUT_OF_MEMORY;
        memcpy(slot->body, body, len);
        slot->body[len] = '\0';
        slot->size = len;
        *fresh = 1;
    }
    if (sig && !slot->has_sig) {
        memcpy(slot->sig, sig, 64);
        slot->has_sig = 1;
    }
    return OE_OK;
}

static void drop_body(keep_signed_body_t* slot)
{
    free(slot->body);
    memset(slot, 0, sizeof(*slot));
}

oe_result_t keep_coll_set_tcb(keep_verify_collateral_t* c, const char* body,
                              size_t len, const uint8_t* sig,
                              const char* origin)
{
    int fresh;
    oe_result_t r = merge_body(c, &c->tcb, body, len, sig, "TCB info", &fresh);
    if (r != OE_OK || !fresh)
        return r;
    char err[200];
    r = keep_tcb_info_parse(&c->tcb_info, body, len, err, sizeof(err));
    if (r != OE_OK) {
        drop_body(&c->tcb);
        keep_fmt(c->err, sizeof(c->err), "%s: %s", origin, err);
        return OE_INVALID_ENDORSEMENT;
    }
    return OE_OK;
}

oe_result_t keep_coll_set_qe(keep_verify_collateral_t* c, const char* body,
                             size_t len, const uint8_t* sig,
                             const char* origin)
{
    int fresh;
    oe_result_t r =
        merge_body(c, &c->qe, body, len, sig, "QE identity", &fresh);
    if (r != OE_OK || !fresh)
        return r;
    char err[200];
    r = keep_qe_identity_parse(&c->qe_identity, body, len, err, sizeof(err));
    if (r != OE_OK) {
        drop_body(&c->qe);
        keep_fmt(c->err, sizeof(c->err), "%s: %s", origin, err);
        return OE_INVALID_ENDORSEMENT;
    }
    return OE_OK;
}

int keep_sigmemo_has(keep_sigmemo_t* m, const uint8_t key[32])
{
    int hit = 0;
    pthread_mutex_lock(&m->lock);
    for (size_t i = 0; i < m->used && !hit; i++)
        hit = memcmp(m->keys[i], key, 32) == 0;
    pthread_mutex_unlock(&m->lock);
    return hit;
}

void keep_sigmemo_put(keep_sigmemo_t* m, const uint8_t key[32])
{
    pthread_mutex_lock(&m->lock);
    memcpy(m->keys[m->next], key, 32);
    m->next = (m->next + 1) % KEEP_SIGMEMO_SLOTS;
    if (m->used < KEEP_SIGMEMO_SLOTS)
        m->used++;
    pthread_mutex_unlock(&m->lock);
}

static int qememo_match(const keep_qememo_entry_t* e, const uint8_t* key, size_t key_size,
                        const uint8_t report[384], const uint8_t sig[64])
{
    return e->key_size == key_size && memcmp(e->key, key, key_size) == 0 &&
           memcmp(e->report, report, sizeof(e->report)) == 0 &&
           memcmp(e->sig, sig, sizeof(e->sig)) == 0;
}

int keep_qememo_has(keep_verify_collateral_t* c, const uint8_t* key, size_t key_size,
                    const uint8_t report[384], const uint8_t sig[64])
{
    int hit = 0;
    if (key_size == 0 || key_size > KEEP_QEMEMO_KEY_MAX)
        return 0;
    pthread_mutex_lock(&c->memo.lock);
    for (size_t i = 0; i < c->qe_sigs.used && !hit; i++)
        hit = qememo_match(&c->qe_sigs.entries[i], key, key_size, report, sig);
    pthread_mutex_unlock(&c->memo.lock);
    return hit;
}

void keep_qememo_put(keep_verify_collateral_t* c, const uint8_t* key, size_t key_size,
                     const uint8_t report[384], const uint8_t sig[64])
{
    if (key_size == 0 || key_size > KEEP_QEMEMO_KEY_MAX)
        return;
    pthread_mutex_lock(&c->memo.lock);
    keep_qememo_entry_t* e = &c->qe_sigs.entries[c->qe_sigs.next];
    e->key_size = key_size;
    memcpy(e->key, key, key_size);
    memcpy(e->report, report, sizeof(e->report));
    memcpy(e->sig, sig, sizeof(e->sig));
    c->qe_sigs.next = (c->qe_sigs.next + 1) % KEEP_QEMEMO_SLOTS;
    if (c->qe_sigs.used < KEEP_QEMEMO_SLOTS)
        c->qe_sigs.used++;
    pthread_mutex_unlock(&c->memo.lock);
}

EVP_PKEY* keep_keycache_get(keep_verify_collateral_t* c, const uint8_t raw[64],
                            int use_cache)
{
    EVP_PKEY* key = NULL;
    keep_keycache_t* kc = &c->attest_keys;
    if (use_cache) {
        pthread_mutex_lock(&c->memo.lock);
        for (size_t i = 0; i < KEEP_KEYCACHE_SLOTS && !key; i++)
            if (kc->keys[i] && memcmp(kc->raw[i], raw, 64) == 0 &&
                EVP_PKEY_up_ref(kc->keys[i]))
                key = kc->keys[i];
        pthread_mutex_unlock(&c->memo.lock);
        if (key)
            return key;
    }
    key = keep_p256_key_from_raw(raw);
    if (!key || !use_cache || !EVP_PKEY_up_ref(key))
        return key;
    pthread_mutex_lock(&c->memo.lock);
    EVP_PKEY_free(kc->keys[kc->next]);
    kc->keys[kc->next] = key; /* the cache's reference */
    memcpy(kc->raw[kc->next], raw, 64);
    kc->next = (kc->next + 1) % KEEP_KEYCACHE_SLOTS;
    pthread_mutex_unlock(&c->memo.lock);
    return key;
}

static STACK_OF(X509)* chain_copy(STACK_OF(X509)* in)
{
    STACK_OF(X509)* out = sk_X509_new_null();
    for (int i = 0; out && i < sk_X509_num(in); i++) {
        X509* x = sk_X509_value(in, i);
        if (!X509_up_ref(x))
            goto fail;
        if (!sk_X509_push(out, x)) {
            X509_free(x);
            goto fail;
        }
    }
    return out;
fail:
    sk_X509_pop_free(out, X509_free);
    return NULL;
}

STACK_OF(X509)* keep_chaincache_get(keep_verify_collateral_t* c,
                                    const uint8_t key[32])
{
    STACK_OF(X509)* out = NULL;
    pthread_mutex_lock(&c->memo.lock);
    for (size_t i = 0; i < KEEP_CHAINCACHE_SLOTS && !out; i++)
        if (c->chains.chains[i] && memcmp(c->chains.keys[i], key, 32) == 0)
            out = chain_copy(c->chains.chains[i]);
    pthread_mutex_unlock(&c->memo.lock);
    return out;
}

void keep_chaincache_put(keep_verify_collateral_t* c, const uint8_t key[32],
                         STACK_OF(X509)* chain)
{
    STACK_OF(X509)* copy = chain_copy(chain);
    if (!copy)
        return;
    pthread_mutex_lock(&c->memo.lock);
    size_t slot = c->chains.next;
    sk_X509_pop_free(c->chains.chains[slot], X509_free);
    c->chains.chains[slot] = copy;
    memcpy(c->chains.keys[slot], key, 32);
    c->chains.next = (slot + 1) % KEEP_CHAINCACHE_SLOTS;
    pthread_mutex_unlock(&c->memo.lock);
}
