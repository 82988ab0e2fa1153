/* The collateral set's memo of parsed PCK SGX extensions (collateral.h,
 * keep_pckmemo): exact bytes in, the parse's result out. */
#include <string.h>

#include "collateral.h"

int keep_pckmemo_get(keep_verify_collateral_t* c, const uint8_t* der, size_t size,
                     keep_pck_info_t* out)
{
    int hit = 0;
    if (size == 0 || size > KEEP_PCKMEMO_DER_MAX)
        return 0;
    pthread_mutex_lock(&c->memo.lock);
    for (size_t i = 0; i < KEEP_PCKMEMO_SLOTS && !hit; i++) {
        const keep_pckmemo_entry_t* e = &c->pck_exts.entries[i];
        hit = e->size == size && memcmp(e->der, der, size) == 0;
        if (hit)
            *out = e->info;
    }
    pthread_mutex_unlock(&c->memo.lock);
    return hit;
}

void keep_pckmemo_put(keep_verify_collateral_t* c, const uint8_t* der, size_t size,
                      const keep_pck_info_t* info)
{
    if (size == 0 || size > KEEP_PCKMEMO_DER_MAX)
        return;
    pthread_mutex_lock(&c->memo.lock);
    keep_pckmemo_entry_t* e = &c->pck_exts.entries[c->pck_exts.next];
    e->size = size;
    memcpy(e->der, der, size);
    e->info = *info;
    c->pck_exts.next = (c->pck_exts.next + 1) % KEEP_PCKMEMO_SLOTS;
    pthread_mutex_unlock(&c->memo.lock);
}
