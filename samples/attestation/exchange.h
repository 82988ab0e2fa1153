// The sample's encrypted exchange, shared by host and enclave: ECDH on
// P-256 between an ephemeral key and the enclave's attested key, HKDF-SHA256
// of the shared secret, AES-256-GCM.
#ifndef ATTESTATION_EXCHANGE_H
#define ATTESTATION_EXCHANGE_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#define EXCHANGE_INFO "attestation sample: host to enclave"

// The 32-byte AES key from our private key and the peer's public key.
// Returns 0 on success.
int exchange_key(uint8_t key[32], EVP_PKEY* mine, EVP_PKEY* peer);

#endif
