/* Time conversions for the verifier. Internal to liboehostverify. */
#ifndef KEEP_VERIFY_VTIME_H
#define KEEP_VERIFY_VTIME_H

#include <stdint.h>

#include <openssl/asn1.h>

/* Converts an ASN.1 UTCTime/GeneralizedTime to seconds since the epoch.
 * Returns 0 on success, -1 when malformed. */
int keep_asn1_time_to_epoch(int64_t* out, const ASN1_TIME* t);

#endif
