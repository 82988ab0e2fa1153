#!/bin/sh
# End-to-end test of the attested TLS sample (run by ctest):
#   test.sh HOST ENCLAVE CLIENT OESIGN [--simulate]
# The server serves two clients: one whose policy matches the enclave
# (signer from `oesign dump`, product 2, svn >= 3), which must succeed,
# and one demanding another product, which must reject the server.
set -u
host=$1 enclave=$2 client=$3 oesign=$4
shift 4
[ "${1:-}" = --simulate ] && export KEEP_ALLOW_SIMULATION=1
signer=$("$oesign" dump -e "$enclave" | sed -n 's/^mrsigner=//p')
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$host" "$enclave" "$@" --connections 2 >"$out" 2>&1 &
pid=$!
port=
for _ in $(seq 200); do
    port=$(sed -n 's/.*listening on 127.0.0.1 port \([0-9]*\)$/\1/p' "$out")
    [ -n "$port" ] && break
    kill -0 $pid 2>/dev/null || break
    sleep 0.1
done
[ -n "$port" ] || { cat "$out"; echo "server did not start"; exit 1; }
"$client" 127.0.0.1 "$port" "$signer" 2 3 || { wait $pid; cat "$out"; echo "good client failed"; exit 1; }
if "$client" 127.0.0.1 "$port" "$signer" 7 3; then
    wait $pid; cat "$out"; echo "a client with another product's policy accepted the server"; exit 1
fi
wait $pid
status=$?
cat "$out"
[ $status -eq 0 ] && grep -q "served 1 of 2 clients" "$out" && echo "attested_tls: all checks passed"
