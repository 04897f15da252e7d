# The two commands a newcomer types:
#   make run    install missing Debian packages, build (Release), analyse the flagship scenario
#   make test   install, build, run every test (normal build, then an ASan+UBSan build)
# Other targets: build, asan, bench, python, clean.
#   make python builds `import parley` (docs/python.md) and prints the PYTHONPATH line to use it

JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
RELEASE := build/release
ASAN    := build/asan
CMAKE_FLAGS ?=

.PHONY: run test deps build asan bench python clean

run: build
	./$(RELEASE)/parley analyze scenarios/hanoi-2019.yaml

deps:
	@./scripts/install-deps.sh

$(RELEASE)/CMakeCache.txt: | deps
	cmake -S . -B $(RELEASE) -DCMAKE_BUILD_TYPE=Release -DPARLEY_WERROR=ON $(CMAKE_FLAGS)

$(ASAN)/CMakeCache.txt: | deps
	cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DPARLEY_SANITIZE=ON -DPARLEY_BENCH=OFF -DPARLEY_WERROR=ON $(CMAKE_FLAGS)

build: deps $(RELEASE)/CMakeCache.txt
	cmake --build $(RELEASE) -j $(JOBS)

asan: deps $(ASAN)/CMakeCache.txt
	cmake --build $(ASAN) -j $(JOBS)

test: build asan
	ctest --test-dir $(RELEASE) --output-on-failure -j $(JOBS)
	PARLEY_SANITIZED=1 ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --test-dir $(ASAN) --output-on-failure -j $(JOBS) -LE slow

bench: build
	./$(RELEASE)/bench/parley_bench

python: build
	@test -d $(RELEASE)/python/parley || { echo "make python: the module was not built: is python3-dev and pybind11-dev installed? (scripts/install-deps.sh)" >&2; exit 1; }
	@/usr/bin/python3 -c "import sys; sys.path.insert(0, '$(RELEASE)/python'); import parley; print('parley', parley.__version__, 'for Python', sys.version.split()[0], file=sys.stderr)"
	@echo "export PYTHONPATH=$(abspath $(RELEASE)/python)\$${PYTHONPATH:+:\$$PYTHONPATH}"

clean:
	rm -rf build
