#!/usr/bin/env bash
# The measurement is reproducible: the same sources built in two different
# directories (make, -g, absolute source paths) measure the same, while a
# __FILE__ in the code makes them differ unless -ffile-prefix-map maps the
# directory away (docs/measurement.md).
# reproducible.sh KEEP OEEDGER8R INCDIR LIBDIR SAMPLE_DIR REPRO_DIR WORK [SANITIZE_FLAGS]
set -euo pipefail
shopt -s inherit_errexit
keep="$1" edger8r="$2" incdir="$3" libdir="$4" sample="$5" repro="$6" work="$7"
sanitize="${8:-}"
if [ -n "$sanitize" ]; then
    # ASan/UBSan instrumentation records each object's source path in data
    # (global metadata), even with -ffile-prefix-map: not reproducible by design.
    echo "SKIP: sanitizer instrumentation records source paths; the plain build checks this"
    exit 77
fi
rm -rf "$work" && mkdir -p "$work"

fail() { echo "FAIL: $*" >&2; exit 1; }

# build DIR [make variables...]: builds the enclave in DIR; prints its unique_id.
build() {
    local dir="$1"; shift
    mkdir -p "$dir"
    cp "$sample/helloworld.edl" "$sample/enclave/enc.c" "$repro/where.c" "$repro/Makefile" "$dir/"
    make -s -C "$dir" INCDIR="$incdir" LIBDIR="$libdir" OEEDGER8R="$edger8r" \
        SANITIZE="$sanitize" "$@" >/dev/null
    local info
    info="$("$keep" info --json "$dir/enclave")"
    sed 's/.*"unique_id": "\([0-9a-f]*\)".*/\1/' <<<"$info"
}

a="$(build "$work/one/build")"
b="$(build "$work/a-second-longer-directory/x/y")"
[ "$a" = "$b" ] || fail "the same enclave built in two directories measures $a and $b"
echo "ok: same sources, two directories, one measurement ($a)"

c="$(build "$work/where1" WHERE=1)"
d="$(build "$work/where-two" WHERE=1)"
[ "$c" != "$d" ] || fail "__FILE__ did not change the measurement (is where.c linked?)"
echo "ok: a __FILE__ path in the code changes the measurement"

map() { echo "EXTRA_CFLAGS=-ffile-prefix-map=$1=."; }
e="$(build "$work/mapped1" WHERE=1 "$(map "$work/mapped1")")"
f="$(build "$work/mapped-two" WHERE=1 "$(map "$work/mapped-two")")"
[ "$e" = "$f" ] || fail "-ffile-prefix-map did not make the measurement reproducible"
echo "ok: with -ffile-prefix-map the measurement is reproducible again"
