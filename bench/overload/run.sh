#!/usr/bin/env bash
# Overload and abuse: the system (SCEF, HSS, MME and one AS as processes) on one core, the UE
# simulator on the other, offered ten times what the system sustains, for SECONDS (default 30).
#   1. sustainable: unpaced, concurrency 100: R attaches/s (attach only) and B bootstraps/s;
#   2. unloaded: attaches at R/4, bootstraps at B/4, for SECONDS: the p99 of each;
#   3. attach overload: the MME restarted with mme.attach_target_ms (ATTACH_TARGET_MS, default
#      the unloaded attach p99), then attaches offered at 10 R for SECONDS: the p99 of those
#      admitted against the unloaded p99 (target within 2x), the refusals, every NF still up;
#   4. made-up identities (the MME again as in phase 2): DTLS handshakes with made-up GUTIs at
#      10 B for SECONDS while real UEs bootstrap at B/4: their p99 against the unloaded one, the datagrams the flood sent the AS
#      meanwhile (an nftables counter, as root), and the Key API requests the SCEF received
#      against what the AS's fetch limit allows (burst + rate x seconds);
# and each NF's peak resident memory (VmHWM): the MME's in phases 3 and 4, the AS's in phase 4,
# the others' over the whole run.
# Usage: bench/overload/run.sh [BUILD_DIR] [SECONDS]
#   (env: CPU_PERCENT, MAX_ATTACH_ATTEMPTS, ATTACH_TARGET_MS, AS_MAX_HANDSHAKES, AS_SESSION_IDLE_S, AS_BAN_REFUSALS,
#   AS_HANDSHAKES_PER_ADDRESS (0: no ban); KEEP=1 keeps
#   the work directory)
set -euo pipefail
bin=$(realpath "${1:-build}/bin/iotboot")
secs=${2:-30}
work=$(mktemp -d)
subscribers=20000

"$bin" run --write-configs "$work" --as 1 --log-level warn >/dev/null
"$bin" certs --dir "$work/certs" >/dev/null
"$bin" subscriber generate --count "$subscribers" -o "$work/subs.csv"
"$bin" subscriber import --store sqlite:"$work/hss.db" "$work/subs.csv" >/dev/null
for nf in scef hss mme as1; do sed -i 's/^  level: warn/  level: info/' "$work/$nf.yaml"; done
# The same UEs, attach only (no AS); and the flood from another address than the real UEs
# (the AS limits Key API fetches per client address).
sed '/^  application_servers:/,$d' "$work/ue.yaml" >"$work/ue_attach.yaml"
# The admission bounds (MAX_ATTACH_ATTEMPTS, default the MME's; the AS's handshakes in
# progress and idle session lifetime: AS_MAX_HANDSHAKES, AS_SESSION_IDLE_S; the refusals and
# the handshakes in progress that ban a client address: AS_BAN_REFUSALS, AS_HANDSHAKES_PER_ADDRESS,
# 128 by default: above the real UEs' 100 at once from their one address, and a ban in a tenth
# of a second for a flood that leaves its handshakes half open).
[[ -z "${MAX_ATTACH_ATTEMPTS:-}" ]] || sed -i "s/^mme:$/mme:\n  max_attach_attempts: $MAX_ATTACH_ATTEMPTS/" "$work/mme.yaml"
sed -i "s/^  coap:$/  coap:\n    max_handshakes: ${AS_MAX_HANDSHAKES:-4096}\n    session_idle_s: ${AS_SESSION_IDLE_S:-60}\n    source_ban: {refusals: ${AS_BAN_REFUSALS:-20}, handshakes_in_progress: ${AS_HANDSHAKES_PER_ADDRESS:-128}}/" "$work/as1.yaml"
sed 's/^ue:$/ue:\n  ua_source_address: 127.0.0.2/' "$work/ue.yaml" >"$work/ue_flood.yaml"

# The system's share of the CPU (CPU_PERCENT of one core, default 25): small enough that the UE
# simulator, on the other core, can offer ten times what the system sustains. A cgroup (v2 or
# v1) with a CPU quota, as root; without one the system has all of core 0.
cpu_percent=${CPU_PERCENT:-25}
# Makes a cgroup NAME with a CPU quota of PERCENT of one core and prints its directory, or
# nothing (not root, no cgroup CPU controller). With a third argument, low: its tasks also yield
# to any other runnable task on their core (the least CPU weight).
quota_cgroup() {
  local dir=""
  [[ $(id -u) -eq 0 ]] || return 0
  if [[ -f /sys/fs/cgroup/cgroup.controllers ]]; then
    dir=/sys/fs/cgroup/$1-$$
    mkdir "$dir" && echo "$(($2 * 100)) 10000" >"$dir/cpu.max" || dir=""
    [[ -z "$dir" || -z "${3:-}" ]] || echo 1 >"$dir/cpu.weight"
  elif [[ -d /sys/fs/cgroup/cpu ]]; then
    dir=/sys/fs/cgroup/cpu/$1-$$
    mkdir "$dir" && echo 10000 >"$dir/cpu.cfs_period_us" && echo "$(($2 * 100))" >"$dir/cpu.cfs_quota_us" || dir=""
    [[ -z "$dir" || -z "${3:-}" ]] || echo 2 >"$dir/cpu.shares"
  fi
  echo "$dir"
}
cgroup=$(quota_cgroup iotboot-overload "$cpu_percent")
[[ -n "$cgroup" ]] || echo "overload: no cgroup for a CPU quota: the system has all of core 0" >&2
# The flood's generator shares core 1 with the real UEs' but may take only FLOOD_CPU_PERCENT
# (default 60) of it, and yields to the real UEs' generator whenever that one has work: an
# attacker has machines of its own, and the real UEs' latencies must be the system's, not the
# time their generator waited for the core.
flood_cgroup=$(quota_cgroup iotboot-flood "${FLOOD_CPU_PERCENT:-60}" low)
cleanup() {
  kill $(jobs -p) 2>/dev/null || true
  wait 2>/dev/null || true
  for dir in "$cgroup" "$flood_cgroup"; do [[ -z "$dir" ]] || rmdir "$dir" 2>/dev/null || true; done
  [[ -z "${nft_table:-}" ]] || nft delete table ip "$nft_table" 2>/dev/null || true
  [[ -n "${KEEP:-}" ]] || rm -rf "$work"
}
trap cleanup EXIT

declare -A pid
wait_log() { for _ in $(seq 400); do grep -q "$2" "$work/$1.log" 2>/dev/null && return 0; sleep 0.05; done; echo "overload: $1 not ready" >&2; exit 1; }
# Starts NF as NAME (its configuration NAME.yaml, its log NAME.log) and waits until it serves.
declare -A ready=([scef]="Key API on" [hss]=listening [mme]="S1-lite on" [as]="CoAP over DTLS-PSK")
start() {
  taskset -c 0 "$bin" "$1" -c "$work/$2.yaml" >"$work/$2.log" 2>&1 &
  pid[$2]=$!
  [[ -z "$cgroup" ]] || echo "${pid[$2]}" >"$cgroup/cgroup.procs"
  wait_log "$2" "${ready[$1]}"
}
# Stops NAME and keeps its log as NAME-PHASE.log, for it to start again.
stop() {
  kill -TERM "${pid[$1]}"
  wait "${pid[$1]}" 2>/dev/null || true
  mv "$work/$1.log" "$work/$1-$2.log"
}
start scef scef
start hss hss
start mme mme
start as as1

ue() { taskset -c 1 "$bin" ue --subscribers "$work/subs.csv" "$@"; }
field() { sed -nE "s/^RESULT(.* | )$1=([0-9.]+).*/\2/p" "$2"; }
phase_p99() { awk -v p="$1" '$1 == p { print $3 }' "$2"; }  # from the latency table: "attach p50 .. p95 .. p99 .."
hwm_mb() { awk '$1 == "VmHWM:" { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
alive() { for nf in scef hss mme as1; do kill -0 "${pid[$nf]}" 2>/dev/null || { echo "overload: $nf died" >&2; exit 1; }; done; }

echo "1. sustainable (unpaced, concurrency 100):"
ue -c "$work/ue_attach.yaml" --count 20000 --concurrency 100 >"$work/sat_attach.txt" || true
ue -c "$work/ue.yaml" --count 5000 --concurrency 100 >"$work/sat_boot.txt" || true
R=$(field attaches_per_s "$work/sat_attach.txt")
B=$(field bootstraps_per_s "$work/sat_boot.txt")
echo "   R = $R attaches/s, B = $B bootstraps/s"

echo "2. unloaded (R/4 and B/4 for $secs s):"
n() { awk -v r="$1" -v f="$2" -v s="$secs" 'BEGIN { printf "%d", r * f * s }'; }
r() { awk -v r="$1" -v f="$2" 'BEGIN { printf "%.1f", r * f }'; }
ue -c "$work/ue_attach.yaml" --count "$(n "$R" 0.25)" --rate "$(r "$R" 0.25)" --concurrency 10000 >"$work/base_attach.txt" || true
ue -c "$work/ue.yaml" --count "$(n "$B" 0.25)" --rate "$(r "$B" 0.25)" --concurrency 10000 >"$work/base_boot.txt" || true
a0=$(field p99_ms "$work/base_attach.txt")
b0=$(field p99_ms "$work/base_boot.txt")
h0=$(grep 'DTLS handshake' "$work/base_boot.txt" | awk '{ print $NF }')
echo "   attach p99 $a0 ms, bootstrap p99 $b0 ms (handshake p99 $h0 ms)"
alive

# The MME again, now keeping admitted attempts within a target: ATTACH_TARGET_MS, by default
# the unloaded attach p99 the UEs saw (an attempt is the MME's part of an attach).
target=${ATTACH_TARGET_MS:-$(awk -v p="$a0" 'BEGIN { printf "%d", p + 0.999 }')}
stop mme before
cp "$work/mme.yaml" "$work/mme-unloaded.yaml"
sed -i "s/^mme:$/mme:\n  attach_target_ms: $target/" "$work/mme.yaml"
start mme mme

echo "3. attaches offered at 10 R for $secs s (MME attach target $target ms):"
ue -c "$work/ue_attach.yaml" --count "$(n "$R" 10)" --rate "$(r "$R" 10)" --concurrency 100000 >"$work/over_attach.txt" || true
alive
a1=$(field p99_ms "$work/over_attach.txt")
admitted=$(field attached "$work/over_attach.txt")
rejected=$(sed -nE 's/^  failed: (.*#22.*): ([0-9]+)$/\2/p' "$work/over_attach.txt" | paste -sd+ | bc 2>/dev/null || echo 0)
awk -v n="$(n "$R" 10)" -v a="$admitted" -v s="$secs" -v p1="$a1" -v p0="$a0" -v rj="${rejected:-0}" \
  'BEGIN { printf "   offered %d, admitted %d (%.0f/s), rejected #22 %d; admitted p99 %.2f ms = %.2fx the unloaded p99 (target <= 2x)\n", n, a, a / s, rj, p1, p1 / p0 }'
grep '^  failed' "$work/over_attach.txt" | sed 's/^/  /'
echo "   the MME's attempts limit at the last Overload Stop: $(sed -nE 's/.*\(limit ([0-9]+)\).*/\1/p' "$work/mme.log" | tail -n 1)"

# The MME again as in phase 2: phase 4 measures the handshake flood, and an attempts limit that
# phase 3's overload cut to a few (it grows back by a tenth per window) would refuse real UEs.
mme_overload_hwm=$(hwm_mb "${pid[mme]}")
stop mme overload
cp "$work/mme-unloaded.yaml" "$work/mme.yaml"
start mme mme

# The AS again, now limiting Key API fetches per client address to B/2 a second (the real UEs,
# all from 127.0.0.1, fetch at B/4; the flood comes from 127.0.0.2).
fetch_rate=$(awk -v b="$B" 'BEGIN { printf "%d", b / 2 + 1 }')
stop as1 before
cat >>"$work/as1.yaml" <<EOF
  key_fetch_limit:
    per_client_per_s: $fetch_rate
    burst: $fetch_rate
EOF
start as as1

echo "4. made-up GUTIs at 10 B for $secs s, real UEs at B/4 meanwhile (AS fetch limit $fetch_rate/s per address):"
# What the flood's generator actually sends while the real UEs run: an nftables counter on the
# datagrams from 127.0.0.2 to the AS, ahead of the AS's ban filter (as root, with nft).
as_port=$(sed -nE '/^  coap:$/,/^  [a-z_]+:$/ s/^    port: ([0-9]+)$/\1/p' "$work/as1.yaml")
nft_table=""
if [[ $(id -u) -eq 0 ]] && command -v nft >/dev/null &&
  nft add table ip "iotboot_overload_$$" 2>/dev/null; then
  nft_table="iotboot_overload_$$"
  nft add chain ip "$nft_table" input '{ type filter hook input priority -300; }'
  nft add rule ip "$nft_table" input ip saddr 127.0.0.2 udp dport "$as_port" counter
fi
flood_datagrams() { [[ -z "$nft_table" ]] || nft list chain ip "$nft_table" input | sed -nE 's/.*counter packets ([0-9]+).*/\1/p'; }
# The flood's generator in its cgroup on core 1 (above); what it cannot finish it leaves half
# open, which the AS's ban on handshakes in progress meets.
taskset -c 1 "$bin" ue --subscribers "$work/subs.csv" -c "$work/ue_flood.yaml" --made-up-gutis --count "$(n "$B" 10)" --rate "$(r "$B" 10)" --concurrency 100000 >"$work/flood.txt" &
flood=$!
[[ -z "$flood_cgroup" ]] || echo "$flood" >"$flood_cgroup/cgroup.procs"
real_start=$(date +%s.%N)
ue -c "$work/ue.yaml" --count "$(n "$B" 0.25)" --rate "$(r "$B" 0.25)" --concurrency 10000 >"$work/during.txt" || true
real_secs=$(awk -v a="$real_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
offered=$(flood_datagrams)
wait "$flood" || true
alive
b1=$(field p99_ms "$work/during.txt")
awk -v f="$(field refused "$work/flood.txt")" -v n="$(n "$B" 10)" -v s="$(sed -nE 's/^attached .* in ([0-9.]+) s .*/\1/p' "$work/flood.txt")" \
  'BEGIN { printf "   made-up handshakes refused %d of %d in %.1f s (%.0f/s)\n", f, n, s, f / s }'
[[ -z "$offered" ]] || awk -v d="$offered" -v s="$real_secs" \
  'BEGIN { printf "   the flood sent the AS %d datagrams in the real UEs %.1f s: %.0f/s\n", d, s, d / s }'
awk -v ok="$(field bootstrapped "$work/during.txt")" -v p1="$b1" -v p0="$b0" \
  'BEGIN { printf "   real UEs bootstrapped %d, p99 %.2f ms = %.2fx the unloaded p99 (target <= 2x)\n", ok, p1, p1 / p0 }'
grep '^  failed' "$work/during.txt" | sed 's/^/  /' || true

echo "peak resident memory (VmHWM): scef $(hwm_mb "${pid[scef]}") MB, hss $(hwm_mb "${pid[hss]}") MB, mme $mme_overload_hwm MB (phase 3; $(hwm_mb "${pid[mme]}") MB in phase 4), as $(hwm_mb "${pid[as1]}") MB (phase 4)"
for nf in as1 mme hss scef; do kill -TERM "${pid[$nf]}"; wait "${pid[$nf]}" 2>/dev/null || true; done
summary() { sed -nE "s/^SUMMARY .*[ ]$2=([0-9]+).*/\1/p" "$work/$1.log" | tail -n 1; }
calls=$(summary as1 key_api_calls)
limited=$(summary as1 key_api_fetches_limited)
real=$(field bootstrapped "$work/during.txt")
awk -v c="$calls" -v real="$real" -v l="$limited" -v r="$fetch_rate" -v s="$secs" \
  'BEGIN { bound = r + r * s; printf "   Key API calls during the flood %d: %d for real UEs, %d for made-up GUTIs (the limit allows %d); fetches held back %d\n", c, real, c - real, bound, l }'
