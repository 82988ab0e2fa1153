#!/usr/bin/env bash
# Installs the build into a scratch prefix and uses it as an OE user would.
set -euo pipefail
build="$1"; here="$2"; work="$3"
prefix="$work/prefix"
rm -rf "$work" && mkdir -p "$work"

fail() { echo "FAIL: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" >/dev/null

for path in bin/oeedger8r bin/oesign include/openenclave/host.h include/openenclave/enclave.h \
            include/openenclave/bits/result.h include/openenclave/edger8r/common.h \
            lib/openenclave/host lib/openenclave/enclave \
            lib/openenclave/cmake/openenclave-config.cmake \
            share/openenclave/openenclaverc; do
    [ -e "$prefix/$path" ] || fail "missing $path in the installed tree"
done
for cc in gcc g++ clang clang++; do
    for module in oeenclave oehost oehostverify; do
        [ -f "$prefix/share/pkgconfig/$module-$cc.pc" ] || fail "missing $module-$cc.pc"
    done
done

# A clean environment, then what OE's docs tell users to do.
env -i HOME="$HOME" PATH=/usr/bin:/bin bash -euo pipefail -c '
    prefix="$1"; here="$2"; work="$3"
    . "$prefix/share/openenclave/openenclaverc"
    [ "$(command -v oeedger8r)" = "$prefix/bin/oeedger8r" ] || { echo "oeedger8r not on PATH"; exit 1; }
    [ "$(command -v oesign)" = "$prefix/bin/oesign" ] || { echo "oesign not on PATH"; exit 1; }
    inc="$(pkg-config oeenclave-gcc --variable=includedir)"
    [ "$(cd "$inc" && pwd)" = "$prefix/include" ] || { echo "includedir is $inc"; exit 1; }

    # Makefile style: generate both sides, compile with the pkg-config flags.
    cd "$work" && mkdir -p mk && cd mk
    oeedger8r --trusted --untrusted --search-path "$inc" "$here/sample.edl" >/dev/null
    gcc -Wall -Wextra -Werror $(pkg-config oeenclave-gcc --cflags) -c sample_t.c -o sample_t.o
    gcc -Wall -Wextra -Werror $(pkg-config oehost-gcc --cflags) -c sample_u.c -o sample_u.o

    # CMake style: find_package(OpenEnclave CONFIG) and the oeedger8r target.
    cmake -S "$here/consumer" -B "$work/cm" -DSAMPLE_EDL="$here/sample.edl" >/dev/null
    cmake --build "$work/cm" >/dev/null

    # An OE-shaped sample, unchanged: its Makefiles, then its CMake project,
    # each built and run on the default backend and on sim.
    expect="Hello world from the enclave"
    cp -r "$here/../../samples/helloworld" "$here/../../samples/config.mk" "$work/"
    make -s -C "$work/helloworld" build >/dev/null
    make -s -C "$work/helloworld" run | grep "$expect" >/dev/null || { echo "make run"; exit 1; }
    make -s -C "$work/helloworld" simulate | grep "$expect" >/dev/null || { echo "make simulate"; exit 1; }
    # The same sample with clang (the oeenclave-clang/oehost-clang modules).
    make -s -C "$work/helloworld" clean >/dev/null
    make -s -C "$work/helloworld" CC=clang build >/dev/null
    make -s -C "$work/helloworld" run | grep "$expect" >/dev/null || { echo "clang build"; exit 1; }

    # A C++ enclave (oeenclave-g++): the C++ standard library works inside.
    cd "$work/helloworld/enclave"
    cp "$here/enc.cpp" .
    g++ -c $(pkg-config oeenclave-g++ --cflags) enc.cpp -o enc.o
    g++ -c -x c++ $(pkg-config oeenclave-g++ --cflags) helloworld_t.c -o helloworld_t.o
    g++ -o enclave enc.o helloworld_t.o $(pkg-config oeenclave-g++ --libs)
    ../host/helloworld_host ./enclave | grep "from the C++ enclave" >/dev/null || { echo "C++ enclave"; exit 1; }
    cd "$work"

    cmake -S "$work/helloworld" -B "$work/hw-cmake" >/dev/null
    cmake --build "$work/hw-cmake" >/dev/null
    cmake --build "$work/hw-cmake" --target run | grep "$expect" >/dev/null || { echo "cmake run"; exit 1; }
' _ "$prefix" "$here" "$work" || fail "using the installed SDK"
echo "install: the SDK tree at $prefix works with openenclaverc, pkg-config and CMake"
