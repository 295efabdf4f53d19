#!/usr/bin/env bash
# Configures (once) and builds one CMake preset: release -> build/, asan -> build/asan,
# tsan -> build/tsan, fuzz -> build/fuzz, afl -> build/afl; release-tests and asan-tests build only the tests
# and the program (what `make test` needs), tsan-tests only the tests that run threads. Ninja re-runs CMake by itself when a CMakeLists.txt changes.
set -euo pipefail
preset=${1:?usage: scripts/build.sh release|release-tests|asan|asan-tests|tsan-tests|fuzz|afl}
cd "$(dirname "$0")/.."
case "$preset" in
  release | release-tests) dir=build; configure=release ;;
  asan | asan-tests) dir=build/asan; configure=asan ;;
  tsan-tests) dir=build/tsan; configure=tsan ;;
  fuzz) dir=build/fuzz; configure=fuzz ;;
  afl) dir=build/afl; configure=afl ;;
  *) echo "build.sh: unknown preset '$preset'" >&2; exit 2 ;;
esac
[[ -f "$dir/build.ninja" ]] || cmake --preset "$configure" >/dev/null
cmake --build --preset "$preset"
