#!/usr/bin/env bash
# What metrics cost (docs/operations.md, "Metrics"): the attach benchmark (HSS, MME, UEs) and
# the bootstrap benchmark (steps 1-16, one AS) with every NF scraped by a real Prometheus each
# second (METRICS=1) and with no metrics listener (METRICS=0), alternating in the same run
# (which goes first alternates too), ROUNDS times. Prints every round's rates and on/off ratio,
# then the medians and the median of the rounds' ratios. The counters themselves are compiled
# in either way (relaxed atomic adds); what "off" leaves out is the listener and the scrapes.
# Usage: bench/metrics/run.sh [BUILD_DIR] [ROUNDS] [UES] [CONCURRENCY]
set -euo pipefail
build=${1:-build}
rounds=${2:-3}
ues=${3:-20000}
concurrency=${4:-500}
here=$(dirname "$0")

# Each prints the run's rate per second.
attach() { METRICS=$1 "$here/../attach/run.sh" "$build" "$ues" "$concurrency" | sed -nE 's/^RESULT .*attaches_per_s=([0-9]+).*/\1/p'; }
bootstrap() {
  METRICS=$1 "$here/../bootstrap/run.sh" "$build" "$ues" "$concurrency" 1 push |
    sed -nE 's/^RESULT .*bootstraps_per_s=([0-9]+).*/\1/p'
}
source "$here/../rounds.sh"

declare -A col
for ((r = 1; r <= rounds; r++)); do
  for bench in attach bootstrap; do
    declare -A rate=()
    for metrics in $(round_order "$r"); do
      rate[$metrics]=$("$bench" "$metrics")
      [[ -n "${rate[$metrics]}" ]] || { echo "$bench (METRICS=$metrics) printed no RESULT" >&2; exit 1; }
    done
    ratio=$(ratio "${rate[1]}" "${rate[0]}")
    col[$bench on]+="${rate[1]} "
    col[$bench off]+="${rate[0]} "
    col[$bench ratio]+="$ratio "
    echo "round $r: $bench with metrics scraped ${rate[1]}/s, without ${rate[0]}/s: ratio $ratio"
  done
done
for bench in attach bootstrap; do
  m() { median <<<"${col[$bench $1]}"; }
  echo "RESULT $bench rounds=$rounds metrics_per_s=$(m on) no_metrics_per_s=$(m off) rate_ratio=$(m ratio)" \
    "target: rate_ratio>=0.95"
done
