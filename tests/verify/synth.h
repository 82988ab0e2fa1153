/* Synthetic DCAP quotes and collateral under a throwaway test root: every
 * certificate, CRL, signature and JSON document is made here with OpenSSL,
 * so tests can reach the branches genuine vectors never show (revoked
 * certificates, QE mismatches, OutOfDate QEs, Revoked TCB levels, other
 * anchors). It also shows that a non-Intel root (as Keep platform quotes
 * will use) goes through the same verification path. */
#ifndef KEEP_TEST_SYNTH_H
#define KEEP_TEST_SYNTH_H

#include <stddef.h>
#include <stdint.h>

#include <keep/verify.h>

#define SYNTH_NOW 1750377600 /* 2025-06-20T00:00:00Z */

typedef struct synth_opts {
    int revoke_leaf;            /* list the PCK leaf in the PCK CRL */
    int revoke_intermediate;    /* list the PCK CA in the root CRL */
    int revoke_signer;          /* list the TCB signer in the root CRL */
    int qe_debug;               /* QE report ATTRIBUTES.DEBUG */
    int qe_wrong_mrsigner;
    uint16_t qe_isvsvn;         /* default 10 */
    int isv_debug;              /* the app enclave's DEBUG bit */
    int signer_other_root;      /* TCB signer under a second root */
    int leaf_not_yet_valid;     /* leaf notBefore after SYNTH_NOW */
    int wrong_fmspc;            /* TCB info FMSPC differs from the PCK's */
    uint8_t comp_svn[16];       /* PCK TCB; default all 5 */
    uint16_t pcesvn;            /* default 13 */
    const char* tcb_levels;     /* JSON array text; default: one UpToDate */
    const char* qe_levels;      /* JSON array text; default: isvsvn 8 UpToDate */
} synth_opts_t;

typedef struct synth {
    uint8_t* quote;
    size_t quote_len;
    keep_verify_collateral_t* coll;
    keep_verify_anchor_t anchor;
    const keep_verify_anchor_t* anchors[1];
    keep_verify_options_t opts;  /* at SYNTH_NOW, this anchor only */
} synth_t;

/* Builds a quote and its collateral. Returns 0, or -1 (test setup bug). */
int synth_make(synth_t* out, const synth_opts_t* opts);
void synth_free(synth_t* s);

#endif
