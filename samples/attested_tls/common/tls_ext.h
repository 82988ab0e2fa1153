// A TLS ClientHello extension by which a client enclave on the same
// machine sends its local-attestation target info (public: the verifier's
// identity); the server then presents a certificate with local evidence
// for it, which the client verifies inside its enclave. A host that
// changes it gets a certificate the client cannot verify.
#ifndef ATTESTED_TLS_EXT_H
#define ATTESTED_TLS_EXT_H
#define TLS_EXT_LOCAL_TARGET 0xff4b // private use (RFC 8446 §4.2)
#define TLS_EXT_LOCAL_TARGET_MAX 4096
#endif
