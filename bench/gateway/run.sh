#!/usr/bin/env bash
# What the AS as gateway costs (docs/application-servers.md): full bootstraps per second (seed
# steps 1-16, bench/bootstrap) with AS 1 answering POST /app itself and with AS 1 forwarding
# every request to a trivial local HTTP backend (nginx, GATEWAY=1), alternating in the same run
# (which goes first alternates too), ROUNDS times. Prints each round's rates and ratio, then the
# medians and the median of the rounds' ratios (target: >= 0.8).
# Usage: bench/gateway/run.sh [BUILD_DIR] [ROUNDS] [UES] [CONCURRENCY]
set -euo pipefail
build=${1:-build}
rounds=${2:-3}
ues=${3:-20000}
concurrency=${4:-100}
here=$(dirname "$0")
source "$here/../rounds.sh"

rate() {
  GATEWAY=$1 "$here/../bootstrap/run.sh" "$build" "$ues" "$concurrency" 1 push |
    sed -nE 's/^RESULT .*bootstraps_per_s=([0-9]+).*/\1/p'
}

plain_all="" gateway_all="" ratios=""
for ((r = 1; r <= rounds; r++)); do
  declare -A got=()
  for g in $(round_order "$r"); do
    got[$g]=$(rate "$g")
    [[ -n "${got[$g]}" ]] || { echo "bench/bootstrap (GATEWAY=$g) printed no rate" >&2; exit 1; }
  done
  ratio=$(ratio "${got[1]}" "${got[0]}")
  echo "round $r: without gateway ${got[0]} bootstraps/s, with gateway ${got[1]}/s: ratio $ratio"
  plain_all+="${got[0]} " gateway_all+="${got[1]} " ratios+="$ratio "
done
echo "RESULT gateway rounds=$rounds without_per_s=$(median <<<"$plain_all") with_per_s=$(median <<<"$gateway_all")" \
  "ratio=$(median <<<"$ratios") target: ratio>=0.8"
