#!/bin/sh
# End-to-end test of the attested TLS sample (run by ctest, make run):
#   test.sh HOST ENCLAVE CLIENT OESIGN ENC_CLIENT_HOST ENC_CLIENT_ENCLAVE [--simulate]
# The server serves four clients: the plain client and the enclave client
# with a policy that matches the server (signer from `oesign dump`,
# product 2, svn >= 3), which must succeed, and each with a policy
# demanding another product, which must reject the server.
set -u
host=$1 enclave=$2 client=$3 oesign=$4 eclient=$5 eclient_enclave=$6
shift 6
sim=
[ "${1:-}" = --simulate ] && sim=--simulate && export KEEP_ALLOW_SIMULATION=1
signer=$("$oesign" dump -e "$enclave" | sed -n 's/^mrsigner=//p')
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$host" "$enclave" $sim --connections 4 >"$out" 2>&1 &
pid=$!
# The server prints its port once its enclave has made its key, evidence
# and certificate; how long that takes depends on the machine (sanitizers,
# other jobs), so wait for as long as the server runs. The bound (300 s)
# only turns a server that hangs before listening into a failure.
port=
for _ in $(seq 3000); do
    port=$(sed -n 's/.*listening on 127.0.0.1 port \([0-9]*\)$/\1/p' "$out")
    [ -n "$port" ] && break
    kill -0 $pid 2>/dev/null || break
    sleep 0.1
done
fail() { kill $pid 2>/dev/null; wait $pid; cat "$out"; echo "$1"; exit 1; }
[ -n "$port" ] || fail "server did not start"
"$client" 127.0.0.1 "$port" "$signer" 2 3 || fail "the plain client failed"
"$client" 127.0.0.1 "$port" "$signer" 7 3 && fail "a plain client with another policy accepted"
"$eclient" "$eclient_enclave" "$port" "$signer" 2 3 $sim || fail "the enclave client failed"
"$eclient" "$eclient_enclave" "$port" "$signer" 7 3 $sim && fail "an enclave client with another policy accepted"
wait $pid
status=$?
cat "$out"
[ $status -eq 0 ] && grep -q "served 2 of 4 clients" "$out" && echo "attested_tls: all checks passed"
