# Keep: the two commands a user needs are `make run` and `make test`.
# Everything is built out of tree by CMake; this file only sequences it.

BUILD       ?= build
ASAN_BUILD  ?= build-asan
FUZZ_BUILD  ?= build-fuzz
PREFIX      ?= /opt/openenclave
JOBS        ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=
CTEST_FLAGS ?= --output-on-failure --timeout 600 -j $(JOBS)

.PHONY: all deps configure build run test test-fast test-asan test-fuzz bench install clean

all: build

deps:
	@scripts/install-deps

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

configure: deps $(BUILD)/CMakeCache.txt

build: configure
	cmake --build $(BUILD) -j $(JOBS)

# The main demo.
run: build
	@scripts/demo $(BUILD)

# The whole suite: a normal build, the same suite under ASan+UBSan, and a
# short fuzzing run of every libFuzzer target.
test: test-fast test-asan test-fuzz
	@echo "make test: all suites passed"

test-fast: build
	ctest --test-dir $(BUILD) $(CTEST_FLAGS)

test-asan: deps
	cmake -S . -B $(ASAN_BUILD) -DKEEP_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug $(CMAKE_FLAGS)
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --test-dir $(ASAN_BUILD) $(CTEST_FLAGS) -LE fuzz

test-fuzz: deps
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -DKEEP_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug $(CMAKE_FLAGS)
	cmake --build $(FUZZ_BUILD) -j $(JOBS)
	ctest --test-dir $(FUZZ_BUILD) $(CTEST_FLAGS) -L fuzz

bench: build
	@scripts/bench $(BUILD)

install: build
	cmake --install $(BUILD) --prefix $(PREFIX)
	@echo "Installed to $(PREFIX). Use it with: . $(PREFIX)/share/openenclave/openenclaverc"

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
