#!/usr/bin/env bash
# Configures (once) and builds one CMake preset: release -> build/, asan -> build/asan,
# fuzz -> build/fuzz. Ninja re-runs CMake by itself when a CMakeLists.txt changes.
set -euo pipefail
preset=${1:?usage: scripts/build.sh release|asan|fuzz}
cd "$(dirname "$0")/.."
case "$preset" in
  release) dir=build ;;
  asan) dir=build/asan ;;
  fuzz) dir=build/fuzz ;;
  *) echo "build.sh: unknown preset '$preset'" >&2; exit 2 ;;
esac
[[ -f "$dir/build.ninja" ]] || cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
