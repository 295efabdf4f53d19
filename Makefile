# The two-command quick start: `make run` and `make test`. Every target installs the Debian
# packages it needs first (scripts/deps.sh: a no-op when they are present) and builds out of
# tree in build/.
SHELL := /bin/bash
.DEFAULT_GOAL := build

.PHONY: build run run-cluster test deb bench bench-scale bench-cluster bench-overload bench-metrics bench-gateway soak fuzz format golden clean

build:
	@scripts/deps.sh build
	@scripts/build.sh release

# The whole system in one process: 1,000 UEs through all 16 steps (work directory ./var).
run: build
	@build/bin/iotboot run

# Every NF doubled as processes on a private PostgreSQL under ./var: 1,000 UEs through all 16 steps.
# (scripts/deps.sh's `test` group holds the PostgreSQL 15 server.)
run-cluster: build
	@scripts/deps.sh test
	@scripts/run_cluster.sh

# The format check, every test under ASan+UBSan (the AFL++ harnesses among them, briefly and
# without coverage feedback), the tests whose code runs threads under TSan, every libFuzzer
# target briefly, then the Debian package: built from the release preset's program
# alone (without its -dbgsym package: 11 s less) at the lowest priority beside the rest,
# checked by lintian and systemd-analyze, and (as root) installed, run and purged
# (scripts/test.sh).
# (The release build runs in `make run` and `make bench`; its tests are `ctest --preset
# release` after `scripts/build.sh release-tests`: the same tests, without the sanitizers, left
# out of `make test` for its 20 minutes.)
test:
	@scripts/deps.sh build test fuzz deb
	@scripts/test.sh

# The Debian package, build/deb/iotboot_VERSION_ARCH.deb (docs/operations.md), checked by
# lintian and systemd-analyze; nothing is installed.
deb:
	@scripts/deps.sh build deb
	@scripts/deb_check.sh --static $$(scripts/deb.sh)

bench: build
	@scripts/deps.sh bench
	@build/bin/bench_crypto
	@echo
	@echo "S6a AIR/AIA, 100 in flight, client and server as two processes on loopback:"
	@bench/diameter/run.sh build 10 100
	@echo
	@echo "Attach: HSS, MME and UE simulator as three processes, 20,000 UEs at concurrency 500:"
	@bench/attach/run.sh build 20000 500
	@echo
	@echo "Bootstrap (steps 1-16): SCEF, HSS, MME, one AS and the UE simulator as processes, 20,000 UEs at concurrency 100,"
	@echo "push mode (solution #12), then pull mode (solution #11):"
	@bench/bootstrap/run.sh build 20000 100 1 push
	@bench/bootstrap/run.sh build 20000 100 1 pull
	@echo
	@echo "Key API vs nginx (static JSON), mutual TLS 1.3, 32 keep-alive connections, one server thread each:"
	@bench/key_api/run.sh build 32 5

# The subscriber base at scale on both engines (SUBSCRIBERS=10000000 by default; about an hour).
SUBSCRIBERS ?= 10000000
bench-scale: build
	@scripts/deps.sh bench test
	@bench/scale/run.sh build $(SUBSCRIBERS) 20000

# Every NF doubled over PostgreSQL against single NFs over SQLite, alternating in one run.
bench-cluster: build
	@scripts/deps.sh bench test
	@bench/cluster/run.sh build 20000 100 2 push

# The system on a quarter of one core offered ten times what it sustains, for OVERLOAD_SECONDS
# each: attaches, then made-up identities at the AS beside real UEs (as root: a cgroup CPU quota).
OVERLOAD_SECONDS ?= 30
bench-overload: build
	@scripts/deps.sh bench
	@bench/overload/run.sh build $(OVERLOAD_SECONDS)

# Attaches and bootstraps with every NF scraped by Prometheus against no metrics listener,
# alternating in one run (METRICS_ROUNDS rounds of METRICS_UES UEs each; medians and their ratio).
METRICS_ROUNDS ?= 3
METRICS_UES ?= 10000
# The AS as gateway to a trivial local HTTP backend (nginx) against the AS alone: bootstraps/s,
# alternating rounds in one run (bench/gateway/run.sh; target ratio >= 0.8).
bench-gateway: build
	@scripts/deps.sh bench
	@bench/gateway/run.sh build 3 20000 100

# 1,000,000 bootstraps at 500/s (about 35 minutes), UEs re-attaching: every process's RSS and
# descriptors, the databases' sizes and the throughput each second, plotted into build/soak
# (bench/soak/run.sh prints each curve's slope per hour after the warm-up).
soak: build
	@scripts/deps.sh soak
	@bench/soak/run.sh build 1000000 500 10000 build/soak

bench-metrics: build
	@scripts/deps.sh bench
	@bench/metrics/run.sh build $(METRICS_ROUNDS) $(METRICS_UES) 200

# Fuzz each libFuzzer target, then each AFL++ harness built by afl-g++ (docs/fuzzing.md), for
# FUZZ_SECONDS (default 300) instead of the brief runs of `make test`.
FUZZ_SECONDS ?= 300
fuzz:
	@scripts/deps.sh build fuzz
	@scripts/build.sh fuzz
	@cmake -DIOTBOOT_FUZZ_SECONDS=$(FUZZ_SECONDS) build/fuzz >/dev/null
	@ctest --preset fuzz --timeout 0
	@scripts/build.sh afl
	@cmake -DIOTBOOT_AFL_SECONDS=$(FUZZ_SECONDS) build/afl >/dev/null
	@ctest --preset afl --timeout 0

# Rewrites tests/golden/ from the current output (review the diff before committing it).
golden: build
	@IOTBOOT_UPDATE_GOLDEN=1 ctest --preset release -R '^Golden\.' --output-on-failure

format:
	@git ls-files '*.cpp' '*.hpp' '*.c' | xargs clang-format -i

clean:
	rm -rf build
