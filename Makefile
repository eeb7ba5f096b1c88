# Omega Bot Farm — front end to CMake presets. `make demo` and `make test` work on a fresh
# Debian 12 machine: both install missing packages first (scripts/install-deps.sh).

PRESET ?= release
BUILD_DIR := build/$(PRESET)
OMEGA := $(BUILD_DIR)/bin/omega
JOBS ?= $(shell nproc)

.PHONY: all deps configure build demo test test-asan bench bench-chat format lint clean help

all: build

help:
	@echo "make demo    install deps, build, run the demo on bundled data"
	@echo "make test    install deps, build, run every test (starts its own redis-server)"
	@echo "make build   release build; the CLI lands at build/release/bin/omega"
	@echo "make bench   Google Benchmark kernels (bench preset), figures on stdout"
	@echo "make bench-chat  chat pipeline p99 per command, SQLite and a throwaway Redis"
	@echo "make format  clang-format in place     make lint  format check, clang-tidy, layers"

deps:
	@scripts/install-deps.sh

configure: deps
	@cmake --preset $(PRESET) >/dev/null

build: configure
	@cmake --build --preset $(PRESET) -j $(JOBS)

demo: build
	@scripts/demo.sh $(OMEGA)

test: build
	@scripts/with-redis.sh ctest --preset $(PRESET) -j $(JOBS)

test-asan:
	@$(MAKE) test PRESET=asan

bench: deps
	@cmake --preset bench >/dev/null
	@cmake --build --preset bench -j $(JOBS)
	@scripts/with-redis.sh scripts/run-benchmarks.sh build/bench/bin

# The chat pipeline per command on SQLite and on a throwaway redis-server (docs/benchmarks.md).
bench-chat: build
	@scripts/with-redis.sh $(BUILD_DIR)/bin/chat_bench --benchmark_min_time=0.1

format: deps
	@git ls-files '*.hpp' '*.cpp' | xargs clang-format -i

lint: configure
	@scripts/lint.sh $(BUILD_DIR)

clean:
	rm -rf build
