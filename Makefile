# The two commands a newcomer types:
#   make run    install missing Debian packages, build (Release), analyse the flagship scenario
#   make test   install, build, run every test (normal build, then an ASan+UBSan build)
# Other targets: build, asan, bench, python, clean; clang-test (build with clang 14 and run the tests
# not labelled slow); fuzz (the libFuzzer harnesses of fuzz/ for FUZZ_SECONDS each), fuzz-ci (each
# briefly on the committed corpus: CI), fuzz-seed (rebuild the minimised corpus): docs/fuzzing.md.
#   make python builds `import parley` (docs/python.md) and prints the PYTHONPATH line to use it

JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
RELEASE := build/release
ASAN    := build/asan
CLANG   := build/clang
FUZZ    := build/fuzz
FUZZ_SECONDS ?= 30
FUZZ_CI_SECONDS ?= 6
CLANG_CXX ?= clang++-14
CLANG_CC  ?= clang-14
# ccache when installed (the fuzz and clang builds are full builds of their own).
LAUNCHER := $(if $(shell command -v ccache 2>/dev/null),-DCMAKE_CXX_COMPILER_LAUNCHER=ccache,)
CMAKE_FLAGS ?=

.PHONY: run test deps build asan bench python clean clang clang-test fuzz-build fuzz fuzz-ci fuzz-seed

run: build
	./$(RELEASE)/parley analyze scenarios/hanoi-2019.yaml

deps:
	@./scripts/install-deps.sh

$(RELEASE)/CMakeCache.txt: | deps
	cmake -S . -B $(RELEASE) -DCMAKE_BUILD_TYPE=Release -DPARLEY_WERROR=ON $(LAUNCHER) $(CMAKE_FLAGS)

$(ASAN)/CMakeCache.txt: | deps
	cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DPARLEY_SANITIZE=ON -DPARLEY_BENCH=OFF -DPARLEY_WERROR=ON $(LAUNCHER) $(CMAKE_FLAGS)

build: deps $(RELEASE)/CMakeCache.txt
	cmake --build $(RELEASE) -j $(JOBS)

asan: deps $(ASAN)/CMakeCache.txt
	cmake --build $(ASAN) -j $(JOBS)

test: build asan
	ctest --test-dir $(RELEASE) --output-on-failure -j $(JOBS)
	PARLEY_SANITIZED=1 ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --test-dir $(ASAN) --output-on-failure -j $(JOBS) -LE slow

$(CLANG)/CMakeCache.txt: | deps
	CC=$(CLANG_CC) CXX=$(CLANG_CXX) cmake -S . -B $(CLANG) -DCMAKE_BUILD_TYPE=Release -DPARLEY_WERROR=ON \
	  -DPARLEY_BENCH=OFF $(LAUNCHER) $(CMAKE_FLAGS)

clang: deps $(CLANG)/CMakeCache.txt
	cmake --build $(CLANG) -j $(JOBS)

clang-test: clang
	ctest --test-dir $(CLANG) --output-on-failure -j $(JOBS) -LE slow

# The fuzzing build: clang, instrumented for libFuzzer, ASan and UBSan; no tests, benchmarks or MPI.
$(FUZZ)/CMakeCache.txt: | deps
	CC=$(CLANG_CC) CXX=$(CLANG_CXX) cmake -S . -B $(FUZZ) -DCMAKE_BUILD_TYPE=None \
	  "-DCMAKE_CXX_FLAGS=-O1 -gline-tables-only" -DPARLEY_FUZZ=ON -DPARLEY_TESTS=OFF -DPARLEY_BENCH=OFF \
	  -DPARLEY_MPI=OFF -DPARLEY_PYTHON=OFF -DPARLEY_WERROR=ON $(LAUNCHER) $(CMAKE_FLAGS)

fuzz-build: deps $(FUZZ)/CMakeCache.txt
	cmake --build $(FUZZ) -j $(JOBS) --target parley_fuzzers

fuzz: fuzz-build
	FUZZ_SECONDS=$(FUZZ_SECONDS) ./scripts/fuzz.sh $(FUZZ) run

fuzz-ci: fuzz-build
	FUZZ_SECONDS=$(FUZZ_CI_SECONDS) ./scripts/fuzz.sh $(FUZZ) ci

fuzz-seed: fuzz-build
	./scripts/fuzz.sh $(FUZZ) seed

bench: build
	./$(RELEASE)/bench/parley_bench

python: build
	@test -d $(RELEASE)/python/parley || { echo "make python: the module was not built: is python3-dev and pybind11-dev installed? (scripts/install-deps.sh)" >&2; exit 1; }
	@/usr/bin/python3 -c "import sys; sys.path.insert(0, '$(RELEASE)/python'); import parley; print('parley', parley.__version__, 'for Python', sys.version.split()[0], file=sys.stderr)"
	@echo "export PYTHONPATH=$(abspath $(RELEASE)/python)\$${PYTHONPATH:+:\$$PYTHONPATH}"

clean:
	rm -rf build
