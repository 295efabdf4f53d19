#!/usr/bin/env bash
# Fuzzes one AFL++ harness for SECONDS from the seeds it writes (and the inputs under
# fuzz/afl/regressions/<name>, each of which must run clean first), with its dictionary;
# prints the campaign's executions, edge coverage and findings, and fails on any crash or hang.
# MODE coverage (the default) needs a harness built by afl-g++; blind runs an uninstrumented one
# with afl-fuzz -n (mutation without coverage feedback).
# Usage: fuzz/afl/run.sh HARNESS SECONDS OUT_DIR [coverage|blind]
#   (env: AFL_TIMEOUT_MS, an input's limit: default 10000, or 20000 blind, which runs beside
#   make test's other tests)
set -euo pipefail
harness=$(realpath "$1")
secs=$2
out=$3
mode=${4:-coverage}
name=$(basename "$harness")
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$out"
mkdir -p "$out/seeds" "$out/state"
# What a harness makes once per campaign (certificates) lives here.
export IOTBOOT_AFL_STATE="$out/state"
"$harness" --seeds "$out/seeds"
# Every input once kept as a regression must run clean (exit 0, no sanitizer report).
for input in "$here/regressions/${name#afl_}"/*; do
  [[ -f "$input" ]] || continue
  "$harness" "$input" || { echo "$name: regression $(basename "$input") fails" >&2; exit 1; }
  cp "$input" "$out/seeds/"
done
flags=()
timeout=${AFL_TIMEOUT_MS:-10000}
calibration=()
if [[ "$mode" != coverage ]]; then
  flags=(-n)
  timeout=${AFL_TIMEOUT_MS:-20000}
  # Without coverage there is little to calibrate, and afl-fuzz's calibration (eight runs of each
  # seed) took 40 of afl_key_api's 50 s under make test: three runs each.
  calibration=(AFL_FAST_CAL=1)
fi
dict=()
[[ ! -f "$here/dictionaries/${name#afl_}.dict" ]] || dict=(-x "$here/dictionaries/${name#afl_}.dict")
# No CPU binding (ctest and the other harnesses share the cores), no core_pattern or governor
# checks (a machine's settings, not the project's), no UI.
env "${calibration[@]}" AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 \
  AFL_SKIP_CRASHES=0 AFL_QUIET=1 \
  ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=0 UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1 \
  afl-fuzz -i "$out/seeds" -o "$out/findings" -V "$secs" -m none -t "$timeout" "${flags[@]}" "${dict[@]}" \
  -- "$harness" >"$out/afl.log" 2>&1 || { tail -n 30 "$out/afl.log" >&2; exit 1; }
# afl-fuzz writes to findings/default, or (-n) to findings itself; plot_data's last line holds
# the totals: relative_time, cycles, item, corpus, pending, favs, map, crashes, hangs, depth,
# execs/s, execs, edges.
found="$out/findings/default"
[[ -d "$found" ]] || found="$out/findings"
IFS=', ' read -r secs_run _ _ corpus _ _ map crashes hangs _ _ execs edges < <(tail -n 1 "$found/plot_data")
coverage="edges $edges ($map of the map), corpus $corpus"
[[ "$mode" == coverage ]] || coverage="no coverage feedback"
echo "$name: $execs executions in $secs_run s, $coverage, crashes $crashes, hangs $hangs"
if [[ "$crashes" != 0 || "$hangs" != 0 ]]; then
  ls "$found/crashes" "$found/hangs" >&2
  exit 1
fi
