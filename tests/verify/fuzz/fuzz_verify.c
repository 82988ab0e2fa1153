/* libFuzzer target: the whole verification path. The input is a list of
 * edits (u16 offset, u8 xor) applied to a valid synthetic quote verified
 * against its synthetic collateral, so every input starts from a quote
 * that passes and the fuzzer explores how each check fails. A final odd
 * byte truncates the quote instead. */
#include <stdlib.h>
#include <string.h>

#include <keep/verify.h>

#include "synth.h"

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

static synth_t* base(void)
{
    static synth_t s;
    static int ready;
    if (!ready) {
        synth_opts_t o = {0};
        if (synth_make(&s, &o) != 0)
            abort();
        ready = 1;
    }
    return &s;
}

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    synth_t* s = base();
    size_t len = s->quote_len;
    uint8_t* q = malloc(len);
    keep_verify_result_t res;
    memcpy(q, s->quote, len);
    for (size_t i = 0; i + 3 <= size; i += 3) {
        size_t off = (size_t)(data[i] | data[i + 1] << 8) % len;
        q[off] ^= data[i + 2];
    }
    if (size % 3 == 1)
        len = (size_t)data[size - 1] * len / 256;
    oe_result_t r = keep_verify_quote(&res, q, len, s->coll, &s->opts);
    /* A changed byte may only pass if it is outside every signed or checked
     * region; an unchanged quote must pass. */
    if (size == 0 && r != OE_OK)
        abort();
    if (r != OE_OK && res.checks[res.first_failed].state == KEEP_CHECK_PASSED)
        abort();
    free(q);
    return 0;
}
