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

# trust / untrust: another platform's exported root in trusted-roots/.
O=$WORK/other
"$KEEP" platform export-root "$WORK/other-export" --dir "$O" >/dev/null
"$KEEP" platform trust "$WORK/other-export" --name lab-b --dir "$D" >/dev/null || fail "trust"
[ "$(stat -c %a "$D/trusted-roots")" = 700 ] || fail "trusted-roots mode"
fp_o=$("$KEEP" platform show --dir "$O" --json | sed 's/.*"root_sha256": "\([0-9a-f]*\)".*/\1/')
"$KEEP" platform show --dir "$D" | grep -q "lab-b *root sha256 $fp_o" || fail "show lists lab-b"
"$KEEP" platform show --dir "$D" --json | grep -qF "{\"name\": \"lab-b\", \"root_sha256\": \"$fp_o\"}" ||
  fail "show --json lists lab-b"
set +e
out=$("$KEEP" platform trust "$WORK/other-export" --name again --dir "$D" 2>&1); rc=$?
[ $rc = 1 ] && echo "$out" | grep -q "already trusted as 'lab-b'" || fail "duplicate root: $out"
out=$("$KEEP" platform trust "$WORK/other-export" --name lab-b --dir "$D" 2>&1); rc=$?
[ $rc = 1 ] || fail "duplicate name"
out=$("$KEEP" platform trust "$WORK/export" --name self --dir "$D" 2>&1); rc=$?
[ $rc = 1 ] && echo "$out" | grep -q "own root" || fail "own root: $out"
out=$("$KEEP" platform trust "$WORK/other-export" --name ../x --dir "$D" 2>&1); rc=$?
[ $rc = 1 ] && echo "$out" | grep -q "invalid root name" || fail "bad name: $out"
cp -r "$WORK/other-export" "$WORK/broken"
chmod u+w "$WORK/broken"/*
printf '{"tcbInfo":{' > "$WORK/broken/tcb-info.json"
out=$("$KEEP" platform trust "$WORK/broken" --dir "$D" 2>&1); rc=$?
[ $rc = 1 ] && echo "$out" | grep -q "broken/tcb-info.json: JSON error" || fail "malformed: $out"
[ -e "$D/trusted-roots/broken" ] && fail "a malformed root was installed"
ls -a "$D/trusted-roots" | grep -q '^\.new' && fail "a temporary directory was left"
# A root damaged after it was trusted: reported, the others still listed.
"$KEEP" platform init --dir "$WORK/third" >/dev/null
"$KEEP" platform export-root "$WORK/third-export" --dir "$WORK/third" >/dev/null
"$KEEP" platform trust "$WORK/third-export" --name lab-c --dir "$D" >/dev/null || fail "trust c"
printf 'garbage' > "$D/trusted-roots/lab-c/root-ca.pem"
out=$("$KEEP" platform show --dir "$D")
echo "$out" | grep -q "lab-c *MALFORMED, ignored by verifiers: .*root-ca.pem" || fail "show: $out"
echo "$out" | grep -q "lab-b *root sha256" || fail "show after damage: $out"
"$KEEP" platform untrust lab-c --dir "$D" >/dev/null || fail "untrust c"
"$KEEP" platform untrust lab-b --dir "$D" >/dev/null || fail "untrust"
[ -e "$D/trusted-roots/lab-b" ] && fail "untrust left the entry"
out=$("$KEEP" platform untrust lab-b --dir "$D" 2>&1); rc=$?
[ $rc = 1 ] && echo "$out" | grep -q "no trusted root named 'lab-b'" || fail "untrust twice: $out"
"$KEEP" platform trust >/dev/null 2>&1; [ $? = 64 ] || fail "trust usage rc"
"$KEEP" platform show --name x --dir "$D" >/dev/null 2>&1; [ $? = 64 ] || fail "--name usage rc"
set -e
"$KEEP" platform show --dir "$D" | grep -q "trusted roots: none" || fail "show after untrust"

# Usage errors.
set +e
"$KEEP" platform >/dev/null 2>&1; [ $? = 64 ] || fail "usage rc"
"$KEEP" platform export-root --dir "$D" >/dev/null 2>&1; [ $? = 64 ] || fail "export usage rc"
"$KEEP" platform show --dir "$WORK/missing" >/dev/null 2>&1; [ $? = 1 ] || fail "missing rc"
echo "platform cli: ok"
