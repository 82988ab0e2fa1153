#!/bin/sh
# keep platform init | show | export-root: creation, permissions, idempotence,
# exports without secrets, a chain that verifies, refusal of unsafe dirs.
set -eu
KEEP=$1
WORK=$2
rm -rf "$WORK"
mkdir -p "$WORK"
fail() { echo "FAIL: $*"; exit 1; }
D=$WORK/state/nested/platform

"$KEEP" platform init --dir "$D" | grep -q "created a new platform" || fail "init did not create"
[ "$(stat -c %a "$D")" = 700 ] || fail "dir mode"
[ "$(stat -c %a "$WORK/state/nested")" = 700 ] || fail "parent mode"
for f in "$D"/*; do
  [ "$(stat -c %a "$f")" = 600 ] || fail "file mode $f"
done
[ "$(stat -c %s "$D/seal-root.bin")" = 32 ] || fail "seal root size"
[ "$(stat -c %s "$D/report-key.bin")" = 32 ] || fail "report key size"
fp1=$("$KEEP" platform show --dir "$D" --json)
"$KEEP" platform init --dir "$D" | grep -q "using the existing" || fail "init not idempotent"
fp2=$("$KEEP" platform show --dir "$D" --json)
[ "$fp1" = "$fp2" ] || fail "init replaced the platform"
echo "$fp1" | grep -q '"root_sha256": "[0-9a-f]\{64\}"' || fail "show --json"

# KEEP_PLATFORM_DIR is the default when --dir is absent.
KEEP_PLATFORM_DIR=$D "$KEEP" platform show --json | grep -qF "$D" || fail "KEEP_PLATFORM_DIR"

"$KEEP" platform export-root "$WORK/export" --dir "$D" >/dev/null || fail "export-root"
ls "$WORK/export" | grep -q key && fail "export wrote a private key"
ls "$WORK/export" | grep -q '\.bin' && fail "export wrote a secret"
for f in root-ca.pem platform-ca.pem tcb-signing.pem root-ca.crl.pem platform-ca.crl.pem \
         tcb-info.json qe-identity.json; do
  [ -s "$WORK/export/$f" ] || fail "export lacks $f"
done
openssl verify -CAfile "$WORK/export/root-ca.pem" -untrusted "$WORK/export/platform-ca.pem" \
  "$D/attestation.pem" >/dev/null || fail "attestation chain"
openssl verify -CAfile "$WORK/export/root-ca.pem" "$WORK/export/tcb-signing.pem" >/dev/null ||
  fail "tcb signing chain"
grep -q '"fmspc":"4b4545500001"' "$WORK/export/tcb-info.json" || fail "tcb info fmspc"

# Another directory is another platform.
"$KEEP" platform init --dir "$WORK/other" >/dev/null
[ "$("$KEEP" platform show --dir "$WORK/other" --json)" != "$fp1" ] || fail "two platforms alike"

# Usage errors.
set +e
"$KEEP" platform >/dev/null 2>&1; [ $? = 64 ] || fail "usage rc"
"$KEEP" platform export-root --dir "$D" >/dev/null 2>&1; [ $? = 64 ] || fail "export usage rc"
"$KEEP" platform show --dir "$WORK/missing" >/dev/null 2>&1; [ $? = 1 ] || fail "missing rc"
echo "platform cli: ok"
