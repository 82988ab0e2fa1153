#!/usr/bin/env bash
# Identity tests through the tools and the loader: identity_tests.sh CASE.
# Environment (set by CMakeLists.txt): OESIGN, KEEP, LOAD (id_load),
# HELLO_HOST, UNSIGNED (an unsigned helloworld image), PLAIN (an ELF shared
# object without .oeinfo), CONF (helloworld.conf), REF (measure_ref.py),
# WORK (scratch directory).
set -euo pipefail
case_name="$1"
work="$WORK/$case_name"
rm -rf "$work" && mkdir -p "$work" && cd "$work"

fail() { echo "FAIL ($case_name): $*" >&2; exit 1; }

# expect_fail WHAT PATTERN CMD...: CMD must fail and print PATTERN.
expect_fail() {
    local what="$1" pattern="$2"; shift 2
    local out rc=0
    out="$("$@" 2>&1)" || rc=$?
    [ "$rc" -ne 0 ] || fail "$what: succeeded: $out"
    grep -qE -- "$pattern" <<<"$out" || fail "$what: output lacks /$pattern/: $out"
    echo "ok: $what"
}

# output CMD...: CMD's stdout and stderr, whatever its status (no pipes, so
# that grep -q cannot cut a writer short under pipefail).
output() { "$@" 2>&1 || true; }

# has PATTERN CMD...: CMD's output matches PATTERN.
has() { local pattern="$1"; shift; grep -qE -- "$pattern" <<<"$(output "$@")"; }

fresh_key() { openssl genrsa -out "$1" -3 3072 2>/dev/null; }

sign() { "$OESIGN" sign -e "$UNSIGNED" -c "$CONF" -k key.pem -o "$1" >/dev/null; }

# section_offset NAME IMAGE: the section's file offset (decimal).
section_offset() {
    local hex
    hex="$(readelf -SW "$2" | awk -v n="$1" '$0 ~ "\\] "n" " {for (i=1;i<=NF;i++) if ($i==n) {print $(i+3); exit}}')"
    [ -n "$hex" ] || fail "no section $1 in $2"
    echo $((16#$hex))
}

# flip IMAGE OFFSET OUT: OUT is IMAGE with the byte at OFFSET inverted.
flip() {
    cp "$1" "$3"
    local byte
    byte="$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')"
    printf "$(printf '\\%03o' $((byte ^ 0xff)))" | dd of="$3" bs=1 seek="$2" conv=notrunc status=none
}

load_refused() { # load_refused WHAT IMAGE PATTERN: refused on both backends, naming PATTERN
    expect_fail "$1 (sandbox)" "result=OE_INVALID_IMAGE|$3" "$LOAD" "$2"
    expect_fail "$1 (sim)" "$3" "$LOAD" "$2" --simulate
    has "result=OE_INVALID_IMAGE" "$LOAD" "$2" || fail "$1: not OE_INVALID_IMAGE"
}

case "$case_name" in
fresh_key_runs)
    fresh_key key.pem
    sign hello.signed
    for mode in "" --simulate; do
        has "Hello world from the enclave" "$HELLO_HOST" hello.signed $mode ||
            fail "signed helloworld did not run ${mode:-on sandbox}"
    done
    has result=OE_OK "$LOAD" hello.signed || fail "signed image without debug flag"
    echo "ok: helloworld signed with a fresh key runs on sandbox and sim"
    ;;
info_matches_dump)
    fresh_key key.pem
    sign hello.signed
    for image in hello.signed "$UNSIGNED"; do
        "$OESIGN" dump -e "$image" >dump.txt
        "$KEEP" info "$image" >info.txt
        field() { sed -n "s/^$1[:=] *//p" "$2" | sed 's/ .*//'; }
        for pair in product_id security_version debug num_tcs num_heap_pages num_stack_pages; do
            [ "$(field $pair dump.txt)" = "$(field $pair info.txt)" ] ||
                fail "$pair differs for $image: $(field $pair dump.txt) vs $(field $pair info.txt)"
        done
        if [ "$image" = hello.signed ]; then
            [ "$(field mrenclave dump.txt)" = "$(field unique_id info.txt)" ] || fail "unique_id"
            [ "$(field mrsigner dump.txt)" = "$(field signer_id info.txt)" ] || fail "signer_id"
            grep -q "^signed: *yes" info.txt || fail "not shown as signed"
        else
            grep -q "^signed: *no" info.txt || fail "unsigned not shown as unsigned"
        fi
    done
    [ "$(field signer_id info.txt)" = none ]
    mrsigner="$(openssl rsa -in key.pem -noout -modulus | sed 's/Modulus=//' |
                 fold -w2 | tac | tr -d '\n' | xxd -r -p | sha256sum | cut -c1-64)"
    has "\"signer_id\": \"$mrsigner\"" "$KEEP" info --json hello.signed ||
        fail "signer_id is not SHA-256 of the little-endian modulus"
    echo "ok: keep info and oesign dump agree; signer_id is MRSIGNER of the key"
    ;;
flips)
    fresh_key key.pem
    sign s.so
    has result=OE_OK "$LOAD" s.so || fail "the unmodified image does not load"
    oeinfo="$(section_offset .oeinfo s.so)"
    flip s.so $(( $(section_offset .text s.so) + 32 )) code.so
    load_refused "code byte" code.so "measurement: "
    flip s.so $(( $(section_offset .data.rel.ro s.so) + 8 )) data.so
    load_refused "data byte" data.so "measurement: "
    flip s.so $(( $(section_offset .rodata s.so) + 1 )) rodata.so
    load_refused "rodata byte" rodata.so "measurement: "
    flip s.so $(( $(section_offset .rela.dyn s.so) + 9 )) reloc.so
    load_refused "relocation byte" reloc.so "measurement: "
    flip s.so $(( oeinfo + 32 )) prodid.so
    load_refused "product id in .oeinfo" prodid.so "properties: the product id"
    flip s.so $(( oeinfo + 34 )) svn.so
    load_refused "security version in .oeinfo" svn.so "properties: the security version"
    flip s.so $(( oeinfo + 9 )) heap.so
    load_refused "heap pages in .oeinfo" heap.so "measurement: "
    for at in 0:malformed 200:verify 600:verify 960:verify 1026:verify 1100:Q1/Q2 1500:Q1/Q2; do
        flip s.so $(( oeinfo + 144 + ${at%%:*} )) sig.so
        load_refused "SIGSTRUCT byte ${at%%:*}" sig.so "signature: .*${at#*:}"
    done
    echo "ok: every flipped byte is refused, naming what differs"
    ;;
debug_rules)
    expect_fail "unsigned without OE_ENCLAVE_FLAG_DEBUG" "result=OE_FAILURE" "$LOAD" "$UNSIGNED"
    has "is not signed" "$LOAD" "$UNSIGNED" || fail "no reason for unsigned"
    has result=OE_OK "$LOAD" "$UNSIGNED" --debug || fail "unsigned debug load"
    has result=OE_OK "$LOAD" "$UNSIGNED" --debug --simulate || fail "unsigned debug sim"
    fresh_key key.pem
    sed 's/^Debug=1/Debug=0/' "$CONF" >nodebug.conf
    "$OESIGN" sign -e "$UNSIGNED" -c nodebug.conf -k key.pem -o nd.so >/dev/null
    expect_fail "Debug=0 with OE_ENCLAVE_FLAG_DEBUG" "result=OE_DEBUG_DOWNGRADE" \
        "$LOAD" nd.so --debug
    has result=OE_OK "$LOAD" nd.so || fail "Debug=0 image without the flag"
    has result=OE_OK "$LOAD" nd.so --simulate || fail "Debug=0 image on sim"
    echo "ok: unsigned images need debug mode; Debug=0 refuses it"
    ;;
keys)
    openssl genrsa -out k2048.pem -3 2048 2>/dev/null
    openssl genrsa -out k65537.pem 3072 2>/dev/null
    openssl genrsa -out k4096.pem -3 4096 2>/dev/null
    openssl ecparam -name prime256v1 -genkey -noout -out ec.pem 2>/dev/null
    echo "not a key" >junk.pem
    for k in k2048:"2048 bits" k4096:"4096 bits" k65537:"exponent is not 3" ec:"not an RSA key" \
             junk:"not a PEM private key"; do
        expect_fail "key ${k%%:*}" "${k#*:}" \
            "$OESIGN" sign -e "$UNSIGNED" -c "$CONF" -k "${k%%:*}.pem" -o out.so
        [ ! -e out.so ] || fail "an image was written with key ${k%%:*}"
    done
    expect_fail "missing key file" "cannot open" \
        "$OESIGN" sign -e "$UNSIGNED" -k nonexistent.pem
    expect_fail "no signing option" "One of the SIGN_OPTIONS" "$OESIGN" sign -e "$UNSIGNED"
    ;;
bad_images)
    fresh_key key.pem
    sign s.so
    echo "this is not an ELF image" >text.so
    size="$(stat -c %s s.so)"
    head -c 64 s.so >t64.so
    head -c 4096 s.so >t4k.so
    head -c $((size / 2)) s.so >thalf.so
    head -c $((size - 1)) s.so >tlast.so
    for image in "$PLAIN":"no .oeinfo section" text.so:"not an x86-64 ELF" \
                 t64.so:"program header|section headers|x86-64" t4k.so:"section headers|.oeinfo" \
                 thalf.so:"section headers|.oeinfo" tlast.so:"section headers|.oeinfo"; do
        file="${image%%:*}" pattern="${image#*:}"
        expect_fail "keep info $(basename "$file")" "$pattern" "$KEEP" info "$file"
        expect_fail "oesign dump $(basename "$file")" "$pattern" "$OESIGN" dump -e "$file"
        expect_fail "oesign sign $(basename "$file")" "$pattern" \
            "$OESIGN" sign -e "$file" -k key.pem -o out.so
        expect_fail "load $(basename "$file")" "result=OE_(INVALID_IMAGE|UNSUPPORTED_ENCLAVE_IMAGE)" \
            "$LOAD" "$file" --debug
    done
    rc=0; "$KEEP" info nonexistent.so 2>/dev/null || rc=$?
    [ "$rc" = 64 ] || fail "keep info of a missing file exits $rc, not 64"
    ;;
conf)
    fresh_key key.pem
    try_conf() { # try_conf PATTERN LINES...
        local pattern="$1"; shift
        printf '%s\n' "$@" >bad.conf
        expect_fail "conf: $*" "$pattern" \
            "$OESIGN" sign -e "$UNSIGNED" -c bad.conf -k key.pem -o out.so
    }
    try_conf "bad.conf: line 2: unknown key \"Colour\"" "Debug=1" "Colour=blue"
    try_conf "line 3: Debug is set twice" "Debug=1" "# comment" "Debug=0"
    try_conf "line 1: bad value for Debug" "Debug=2"
    try_conf "line 1: bad value for NumTCS" "NumTCS=1025"
    try_conf "line 1: bad value for NumTCS" "NumTCS=0"
    try_conf "line 1: bad value for ProductID" "ProductID=65535"
    try_conf "line 1: bad value for SecurityVersion" "SecurityVersion=-1"
    try_conf "line 1: bad value for NumHeapPages" "NumHeapPages=18446744073709551616"
    try_conf "line 1: bad value for NumStackPages" "NumStackPages=12abc"
    try_conf "line 2: syntax error" "Debug=1" "NumTCS"
    try_conf "line 1: bad value for FamilyID" "FamilyID=not-a-uuid"
    try_conf "StartAddress needs CreateZeroBaseEnclave=1" "StartAddress=0x10000"
    try_conf "line 1: bad value for StartAddress" "StartAddress=4097"
    printf '  NumTCS = 2 \n\n# x\nProductID=0x10\nExtendedProductID=01234567-89ab-cdef-0123-456789abcdef\n' >good.conf
    "$OESIGN" sign -e "$UNSIGNED" -c good.conf -k key.pem -o good.so >/dev/null
    has "^num_tcs=2$" "$OESIGN" dump -e good.so || fail "NumTCS not applied"
    has "^product_id=16$" "$OESIGN" dump -e good.so || fail "ProductID not applied"
    has result=OE_OK "$LOAD" good.so || fail "an image with KSS ids does not load"
    echo "ok: configuration errors name the line"
    ;;
two_step)
    fresh_key key.pem
    openssl rsa -in key.pem -pubout -out public.pem 2>/dev/null
    openssl req -new -x509 -key key.pem -subj /CN=keep-test -days 1 -out cert.pem 2>/dev/null
    export SOURCE_DATE_EPOCH=1700000000
    "$OESIGN" sign -e "$UNSIGNED" -c "$CONF" -k key.pem -o one.so >/dev/null
    "$OESIGN" digest -e "$UNSIGNED" -c "$CONF" -d digest.bin >/dev/null
    [ "$(stat -c %s digest.bin)" = 32 ] || fail "the digest is not 32 bytes"
    openssl pkeyutl -sign -pkeyopt digest:sha256 -in digest.bin -inkey key.pem -out digest.sig
    for pub in public.pem cert.pem; do
        "$OESIGN" sign -e "$UNSIGNED" -c "$CONF" -x "$pub" -d digest.sig -o two.so >/dev/null
        cmp one.so two.so || fail "two-step signing with $pub differs from one-step"
    done
    fresh_key other.pem
    openssl rsa -in other.pem -pubout -out other.pub 2>/dev/null
    expect_fail "signature from another key" "does not verify" \
        "$OESIGN" sign -e "$UNSIGNED" -c "$CONF" -x other.pub -d digest.sig -o bad.so
    # All ones is larger than any modulus: refused as not verifying, whatever
    # the key (a signature from another key is larger than ours half the time).
    head -c 384 /dev/zero | tr '\0' '\377' >huge.sig
    expect_fail "signature larger than the modulus" "does not verify" \
        "$OESIGN" sign -e "$UNSIGNED" -c "$CONF" -x public.pem -d huge.sig -o bad.so
    head -c 100 digest.sig >short.sig
    expect_fail "short signature" "384" \
        "$OESIGN" sign -e "$UNSIGNED" -c "$CONF" -x public.pem -d short.sig -o bad.so
    has result=OE_OK "$LOAD" two.so || fail "two-step image does not load"
    # Re-signing a signed image with another key keeps unique_id, changes signer_id.
    "$OESIGN" sign -e two.so -k other.pem -o re.so >/dev/null
    id() { sed -n "s/.*\"$1\": \"\([0-9a-f]*\)\".*/\1/p" <<<"$(output "$KEEP" info --json "$2")"; }
    [ "$(id unique_id re.so)" = "$(id unique_id two.so)" ] || fail "re-signing changed unique_id"
    [ "$(id signer_id re.so)" != "$(id signer_id two.so)" ] || fail "re-signing kept signer_id"
    echo "ok: digest + external signature = one-step signing, byte for byte; re-signing works"
    ;;
reference)
    # measure_ref.py implements docs/measurement.md independently.
    command -v python3 >/dev/null || { echo "SKIP: no python3"; exit 77; }
    fresh_key key.pem
    sign s.so
    strip --strip-all -o stripped.so s.so
    for image in "$UNSIGNED" s.so stripped.so; do
        want="$(python3 "$REF" "$image")"
        has "\"unique_id\": \"$want\"" "$KEEP" info --json "$image" ||
            fail "$image: keep info differs from the reference implementation ($want)"
    done
    has "^mrenclave=$(python3 "$REF" s.so)\$" "$OESIGN" dump -e stripped.so ||
        fail "stripping changed the measurement or broke the signature"
    echo "ok: the reference implementation of docs/measurement.md agrees"
    ;;
usage)
    has "sign +-e ENCLAVE_IMAGE" "$OESIGN" --help || fail "--help"
    expect_fail "no command" "Usage" "$OESIGN"
    expect_fail "unknown command" "unknown command" "$OESIGN" frobnicate -e x
    expect_fail "missing -e" "enclave-image" "$OESIGN" dump
    expect_fail "digest without -d" "digest takes" "$OESIGN" digest -e "$UNSIGNED"
    expect_fail "keep info without image" "usage: keep info" "$KEEP" info
    ;;
*)
    fail "unknown case"
    ;;
esac
