#!/usr/bin/env bash
# Builds every Keep sample against the installed SDK tree both ways OE's
# samples are built (their Makefiles with pkg-config, then their CMake
# projects with find_package(OpenEnclave)) and runs each build: `make run`,
# `make simulate` and the CMake `run` target must all succeed.
#   check-samples.sh <build dir> <source dir> <scratch dir> [sample...]
set -euo pipefail
build="$1"; source="$2"; work="$3"; shift 3
prefix="$work/prefix"
rm -rf "$work" && mkdir -p "$work"

fail() { echo "FAIL: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" >/dev/null

samples=("$@")
if [ ${#samples[@]} -eq 0 ]; then
    for dir in "$source"/samples/*/; do
        [ -f "$dir/Makefile" ] && [ -f "$dir/CMakeLists.txt" ] && samples+=("$(basename "$dir")")
    done
fi
[ ${#samples[@]} -gt 0 ] || fail "no samples found"
cp "$source/samples/config.mk" "$work/"

# The library names OE link lines use (reference Appendix B) all resolve.
for lib in oelibc oelibcxx oecore oesyscall oehostsock oehostresolver oesnmalloc oeseal_gcmaes \
           oedebugmalloc oeenclave; do
    [ -f "$prefix/lib/openenclave/enclave/lib$lib.a" ] || fail "missing lib$lib.a"
done

# One sample, in a clean environment, as OE's docs tell users to build it.
check_one() {
    env -i HOME="$HOME" PATH=/usr/bin:/bin bash -euo pipefail -c '
        prefix="$1"; work="$2"; sample="$3"
        . "$prefix/share/openenclave/openenclaverc"
        log="$work/$sample.log"
        step() { echo "== $*" >>"$log"; "$@" >>"$log" 2>&1 || { echo "$sample: $* failed (see $log)"; tail -20 "$log"; exit 1; }; }
        step make -C "$work/$sample" build
        step make -C "$work/$sample" run
        step make -C "$work/$sample" simulate
        step cmake -S "$work/$sample" -B "$work/$sample-cmake"
        step cmake --build "$work/$sample-cmake"
        step cmake --build "$work/$sample-cmake" --target run
    ' _ "$prefix" "$work" "$1"
}

for sample in "${samples[@]}"; do
    cp -r "$source/samples/$sample" "$work/"
    check_one "$sample" || fail "sample $sample against the installed SDK"
    echo "install: $sample builds with make and cmake and runs"
done
echo "install: ${#samples[@]} samples built both ways against $prefix and run"
