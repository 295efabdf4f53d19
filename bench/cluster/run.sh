#!/usr/bin/env bash
# The bootstrap benchmark (seed steps 1-16) with every NF doubled over PostgreSQL next to
# single NFs over SQLite, alternating in one run on this machine, so that the ratio is of the
# same moment: what pools and a shared database cost on the same cores.
#   single:  bench/bootstrap/run.sh: SCEF, HSS, MME and 2 ASs as processes, SQLite (durable)
#   cluster: scripts/run_cluster.sh: 2 HSS, 2 SCEF, 2 MME, 2 instances of each of the 2 ASs,
#            one PostgreSQL 15 (fsync on)
# Then the ratio of the medians, and how evenly each pool's instances shared the work.
# Usage: bench/cluster/run.sh [BUILD_DIR] [UES] [CONCURRENCY] [ROUNDS] [MODE]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
build=${1:-build}
ues=${2:-20000}
concurrency=${3:-100}
rounds=${4:-2}
mode=${5:-push}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

rate() { sed -nE 's/^RESULT .*bootstraps_per_s=([0-9.]+).*/\1/p' "$1"; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

for r in $(seq "$rounds"); do
  bench/bootstrap/run.sh "$build" "$ues" "$concurrency" 2 "$mode" >"$out/single$r.txt"
  IOTBOOT="$PWD/$build/bin/iotboot" MODE="$mode" scripts/run_cluster.sh "$ues" "$concurrency" >"$out/cluster$r.txt" 2>/dev/null
  printf 'round %d: single %s bootstraps/s, cluster %s bootstraps/s\n' "$r" "$(rate "$out/single$r.txt")" \
    "$(rate "$out/cluster$r.txt")"
done
single=$(for r in $(seq "$rounds"); do rate "$out/single$r.txt"; done | median)
cluster=$(for r in $(seq "$rounds"); do rate "$out/cluster$r.txt"; done | median)
awk -v s="$single" -v c="$cluster" 'BEGIN { printf "median: single (SQLite) %.0f, doubled cluster (PostgreSQL) %.0f bootstraps/s: %.2fx\n", s, c, c / s }'

echo "last round's cluster, work per instance:"
sed -n '/^instance /,/^$/p' "$out/cluster$rounds.txt"
# Each pool: its largest and smallest instance against their mean.
awk '/^instance /{ on = 1; next } on && NF == 0 { exit } on {
       pool = $1; sub(/[0-9]+$/, "", pool); if ($2 ~ /^\(/) { pool = $2; gsub(/[()]/, "", pool) }
       for (i = 2; i <= NF; i++) if ($i ~ /^[0-9]+$/) { v = $i; break }
       n[pool]++; sum[pool] += v; if (!(pool in lo) || v < lo[pool]) lo[pool] = v; if (v > hi[pool]) hi[pool] = v }
     END { for (p in n) { m = sum[p] / n[p]; printf "  %-24s %d instances, largest %+.1f%%, smallest %+.1f%% of their mean\n", p, n[p], 100 * (hi[p] - m) / m, 100 * (lo[p] - m) / m } }' \
  "$out/cluster$rounds.txt"
