#!/usr/bin/env bash
# Attaches per second with HSS, MME and the UE simulator as three processes on loopback:
# N UEs (default 20,000), each attaching once, C at a time (default 500). The HSS commits every
# SQN durably (durability: full) before its AIA leaves.
# Usage: bench/attach/run.sh [BUILD_DIR] [UES] [CONCURRENCY]
# HSS_STORE=sqlite:PATH|postgresql://URI with UE_CSV=FILE: the HSS runs on that store, already
# provisioned (bench/scale), and the UEs are those of UE_CSV.
# PLAINTEXT_KEYS=1: K, OPc and Ks stored in plaintext (run --plaintext-keys), the baseline of the
# default, keys sealed under the generated $work/kek (imported sealed: the HSS reseals nothing).
# METRICS=0 or 1: the NFs without metrics listener, or scraped by Prometheus (bench/metrics/setup.sh).
set -euo pipefail
bin=${1:-build}/bin/iotboot
ues=${2:-20000}
concurrency=${3:-500}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

wait_for() { for _ in $(seq 400); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.05; done; echo "timeout waiting for $2 in $1" >&2; return 1; }

# The lab network without SCEF or AS (attach only), on free ports; the HSS logs its summary.
plaintext=()
[[ "${PLAINTEXT_KEYS:-0}" == 1 ]] && plaintext=(--plaintext-keys)
"$bin" run --write-configs "$work" --scef 0 --as 0 --log-level warn "${plaintext[@]}" >/dev/null
kek=()
[[ -f "$work/kek" ]] && kek=(--kek-file "$work/kek")
sed -i 's/level: warn/level: info/' "$work/hss.yaml"
source "$(dirname "$0")/../metrics/setup.sh"  # METRICS=0|1: no listener, or scraped by Prometheus
if [[ -n "${HSS_STORE:-}" ]]; then
  sed -i "s|^  store: .*|  store: $HSS_STORE|" "$work/hss.yaml"
  cp "$UE_CSV" "$work/subs.csv"
else
  "$bin" subscriber generate --count "$ues" -o "$work/subs.csv"
  "$bin" subscriber import --store sqlite:"$work/hss.db" "${kek[@]}" "$work/subs.csv" >/dev/null
fi
rss_kb() { awk '$1 == "VmRSS:" { print $2 }' "/proc/$1/status"; }
cpu_s() { awk '{ printf "%.2f", ($14 + $15) / 100 }' "/proc/$1/stat"; }
"$bin" hss -c "$work/hss.yaml" >"$work/hss.log" 2>&1 &
hss_pid=$!
wait_for "$work/hss.log" listening
"$bin" mme -c "$work/mme.yaml" >"$work/mme.log" 2>&1 &
mme_pid=$!
sleep 0.5
start_scraper
mme_before=$(rss_kb "$mme_pid")
start=$(date +%s.%N)
"$bin" ue -c "$work/ue.yaml" --subscribers "$work/subs.csv" --count "$ues" --concurrency "$concurrency" | tee "$work/ue.out"
end=$(date +%s.%N)
# The UEs stay attached until the MME stops: its growth is what it keeps per attached UE.
attached=$(sed -nE 's/^RESULT attached=([0-9]+).*/\1/p' "$work/ue.out")
awk -v a="$mme_before" -v b="$(rss_kb "$mme_pid")" -v n="$attached" \
  'BEGIN { printf "MME: RSS %.1f MB before, %.1f MB with %d UEs attached: %.0f bytes per attached UE\n", a / 1024, b / 1024, n, (b - a) * 1024 / (n > 0 ? n : 1) }'
hss_cpu=$(cpu_s "$hss_pid")
kill -TERM "$mme_pid" "$hss_pid"
wait "$hss_pid" 2>/dev/null || true
airs=$(sed -nE 's/.*AIRs ([0-9]+), store transactions ([0-9]+) \(([0-9.]+) AIRs per commit\).*/\1 \2 \3/p' "$work/hss.log")
read -r n tx per <<<"$airs"
awk -v n="$n" -v tx="$tx" -v per="$per" -v s="$start" -v e="$end" \
  'BEGIN { printf "HSS: %d AIRs in %d durable commits (%.1f per commit), %.0f AIRs/s over the run\n", n, tx, per, n / (e - s) }'
# CPU time per AIR: what the HSS's work costs, less moved than a rate by other load on the machine.
awk -v n="$n" -v c="$hss_cpu" 'BEGIN { printf "HSS CPU: %.2f s, %.1f us per AIR\n", c, c * 1e6 / (n > 0 ? n : 1) }'
