#!/bin/sh
# keep verify: exit codes and output on the shared vectors.
# usage: cli_test.sh KEEP_BINARY VECTORS_DIR
set -u
keep="$1"
vec="$2"
if [ ! -d "$vec" ]; then
    echo "SKIP: DCAP test vectors not found at $vec"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
p="$vec/phala-dcap-qvl-sgx-v3"
m="$vec/mobilecoin-attestation-sgx-v3"
fail=0

expect() { # expect CODE DESCRIPTION -- command...
    want="$1"; what="$2"; shift 3
    "$@" >"$tmp/out" 2>&1
    got=$?
    if [ "$got" != "$want" ]; then
        echo "FAIL: $what: exit $got, expected $want"; cat "$tmp/out"; fail=1
    else
        echo "ok: $what (exit $got)"
    fi
}

cat >"$tmp/accept.json" <<'JSON'
{
  "unique_id": ["33d8736db756ed4997e04ba358d27833188f1932ff7b1d156904d3f560452fbb"],
  "signer_id": ["815f42f11cf64430c30bab7816ba596a1da0130c3b028b673133a66cf9a3e0e6"],
  "product_id": 0,
  "min_svn": 0,
  "allowed_tcb_status": ["UpToDate", "SWHardeningNeeded", "ConfigurationAndSWHardeningNeeded"],
  "allowed_advisories": ["INTEL-SA-00289", "INTEL-SA-00615"],
  "debug_allowed": false
}
JSON
sed 's/"INTEL-SA-00289", //' "$tmp/accept.json" >"$tmp/advisory.json"
sed 's/"min_svn": 0/"min_svn": 1/' "$tmp/accept.json" >"$tmp/svn.json"
echo '{"min_svn": 0, "allowd_tcb_status": []}' >"$tmp/typo.json"
echo '{"trust_intel": false}' >"$tmp/noroot.json"

at=2025-06-20T00:00:00Z
expect 1 "phala, accepting policy" -- "$keep" verify "$p/quote.bin" --collateral "$p" --at $at --policy "$tmp/accept.json"
expect 2 "phala, default policy (UpToDate only)" -- "$keep" verify "$p/quote.bin" --collateral "$p" --at $at
expect 2 "phala, advisory not accepted" -- "$keep" verify "$p/quote.bin" --collateral "$p" --at $at --policy "$tmp/advisory.json"
grep -q "advisory INTEL-SA-00289 is not accepted" "$tmp/out" || { echo "FAIL: advisory reason"; fail=1; }
expect 2 "phala, min_svn 1" -- "$keep" verify "$p/quote.bin" --collateral "$p" --at $at --policy "$tmp/svn.json"
expect 64 "policy trusting no root" -- "$keep" verify "$p/quote.bin" --collateral "$p" --at $at --policy "$tmp/noroot.json"
expect 64 "policy with a typo" -- "$keep" verify "$p/quote.bin" --collateral "$p" --at $at --policy "$tmp/typo.json"
expect 1 "phala, bundle file only" -- "$keep" verify "$p/quote.bin" --collateral "$p/collateral.json" --at $at --policy "$tmp/accept.json"
expect 3 "phala, one month later" -- "$keep" verify "$p/quote.bin" --collateral "$p" --at 2025-08-01T00:00:00Z --policy "$tmp/accept.json"
expect 3 "mobilecoin: stale PCK CRL" -- "$keep" verify "$m/hw_quote.dat" --collateral "$m" --at 2023-07-13T00:00:00Z
grep -q "PCK CRL is stale" "$tmp/out" || { echo "FAIL: stale CRL reason"; cat "$tmp/out"; fail=1; }
expect 64 "a file that is not collateral" -- "$keep" verify "$p/quote.bin" --collateral "$p/README.txt" --at $at
mkdir "$tmp/empty"
expect 3 "no collateral at all" -- "$keep" verify "$p/quote.bin" --collateral "$tmp/empty" --at $at
expect 64 "missing --at" -- "$keep" verify "$p/quote.bin" --collateral "$p"
expect 64 "bad time" -- "$keep" verify "$p/quote.bin" --collateral "$p" --at yesterday
expect 64 "unknown command" -- "$keep" frobnicate
expect 0 "help" -- "$keep" verify --help
expect 1 "json output" -- "$keep" verify "$p/quote.bin" --collateral "$p" --at $at --policy "$tmp/accept.json" --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["tcb"]["status"]=="ConfigurationAndSWHardeningNeeded", d; assert d["identity"]["unique_id"].startswith("33d8736d")' "$tmp/out" \
    || { echo "FAIL: json output"; fail=1; }
exit $fail
