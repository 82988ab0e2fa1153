/* The published simulation platform's public part (sim_root.c, generated
 * by scripts/gen-sim-platform.sh): what a verifier needs to check
 * simulation evidence, which it trusts only when told to (docs/platform.md). */
#ifndef KEEP_SIM_ROOT_H
#define KEEP_SIM_ROOT_H

extern const char keep_sim_root_pem[];
extern const char keep_sim_platform_ca_pem[];
extern const char keep_sim_attestation_pem[];
extern const char keep_sim_tcb_signing_pem[];
extern const char keep_sim_root_crl_pem[];
extern const char keep_sim_pck_crl_pem[];
extern const char keep_sim_tcb_info_json[];
extern const char keep_sim_qe_identity_json[];

/* The QE vendor id simulation quotes carry (16 bytes). */
#define KEEP_SIM_QE_VENDOR_ID "KEEP simulationQ"

#endif
