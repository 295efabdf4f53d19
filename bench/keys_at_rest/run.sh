#!/usr/bin/env bash
# What sealing K, OPc and Ks costs (docs/storage.md, keys at rest): the attach benchmark (an AIR
# opens K and OPc) and the Key API benchmark (a lookup opens Ks), each with keys sealed under a
# KEK and with --plaintext-keys (PLAINTEXT_KEYS=1), alternating in the same run (which goes first
# alternates too), ROUNDS times. For each: the rate, and the CPU time the HSS spends per AIR or
# the SCEF per Key API request (less moved by other load on the machine than a rate). Prints
# every round's sealed/plaintext ratios, then the medians and the median of the rounds' ratios.
# Usage: bench/keys_at_rest/run.sh [BUILD_DIR] [ROUNDS] [UES] [KEY_API_SECONDS]
# Needs: cmake --build BUILD_DIR --target iotboot key_api_load
set -euo pipefail
build=${1:-build}
rounds=${2:-3}
ues=${3:-20000}
seconds=${4:-5}
here=$(dirname "$0")

# Each prints "<per second> <CPU microseconds per operation>".
attach() {
  PLAINTEXT_KEYS=$1 "$here/../attach/run.sh" "$build" "$ues" 500 |
    sed -nE 's/^RESULT .*attaches_per_s=([0-9]+).*/\1/p; s/^HSS CPU: .*, ([0-9.]+) us per AIR/\1/p' | paste -sd' '
}
key_api() {
  PLAINTEXT_KEYS=$1 "$here/../key_api/run.sh" "$build" 32 "$seconds" |
    sed -nE 's/^SCEF CPU: .*, ([0-9.]+) us per .*/\1/p; s/^RESULT key_api_per_s=([0-9]+).*/\1/p' | paste -sd' '
}
source "$here/../rounds.sh"

declare -A col
for ((r = 1; r <= rounds; r++)); do
  for bench in attach key_api; do
    declare -A rate=() cpu=()
    for plaintext in $(round_order "$r"); do
      read -r "rate[$plaintext]" "cpu[$plaintext]" <<<"$("$bench" "$plaintext")"
      [[ -n "${cpu[$plaintext]:-}" ]] || { echo "$bench (PLAINTEXT_KEYS=$plaintext) printed no figures" >&2; exit 1; }
    done
    ratio=$(ratio "${rate[0]}" "${rate[1]}")
    cpu_ratio=$(ratio "${cpu[0]}" "${cpu[1]}")
    for k in "sealed ${rate[0]}" "plain ${rate[1]}" "ratio $ratio" "cpu_sealed ${cpu[0]}" "cpu_plain ${cpu[1]}" \
      "cpu_ratio $cpu_ratio"; do
      col[$bench ${k% *}]+="${k#* } "
    done
    echo "round $r: $bench sealed ${rate[0]}/s ${cpu[0]} us, plaintext ${rate[1]}/s ${cpu[1]} us:" \
      "rate ratio $ratio, CPU ratio $cpu_ratio"
  done
done
for bench in attach key_api; do
  m() { median <<<"${col[$bench $1]}"; }
  echo "RESULT $bench rounds=$rounds sealed_per_s=$(m sealed) plaintext_per_s=$(m plain) rate_ratio=$(m ratio)" \
    "cpu_us_sealed=$(m cpu_sealed) cpu_us_plaintext=$(m cpu_plain) cpu_ratio=$(m cpu_ratio) target: rate_ratio>=0.90"
done
