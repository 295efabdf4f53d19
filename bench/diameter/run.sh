#!/usr/bin/env bash
# S6a AIR/AIA answers per second, our server against the freeDiameter harness answering the
# same way, with our client driving both, in the same run on this machine.
# Usage: bench/diameter/run.sh [BUILD_DIR] [DURATION_S] [INFLIGHT]
set -euo pipefail
bin=${1:-build}/bin
duration=${2:-10}
inflight=${3:-100}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ready() { for _ in $(seq 200); do grep -q READY "$1" 2>/dev/null && return 0; sleep 0.05; done; echo "server did not start" >&2; return 1; }

port=$(free_port)
"$bin/diameter_bench" server --port "$port" >"$work/ours.out" 2>&1 &
wait_ready "$work/ours.out"
ours=$("$bin/diameter_bench" client --port "$port" --peer-host hss.iotboot.test --inflight "$inflight" --duration "$duration" | tail -1)
kill %1 2>/dev/null || true; wait 2>/dev/null || true

port=$(free_port)
cat >"$work/fd.conf" <<CONF
Identity = "fd.iotboot.test";
Realm = "iotboot.test";
Port = $port;
SecPort = 0;
No_SCTP;
No_IPv6;
ListenOn = "127.0.0.1";
ConnectPeer = "mme.iotboot.test" { No_TLS; ConnectTo = "127.0.0.1"; Port = $(free_port); };
CONF
"$bin/fd_harness" server --conf "$work/fd.conf" >"$work/fd.out" 2>&1 &
wait_ready "$work/fd.out"
fd=$("$bin/diameter_bench" client --port "$port" --peer-host fd.iotboot.test --inflight "$inflight" --duration "$duration" | tail -1)
kill %% 2>/dev/null || true; wait 2>/dev/null || true

rate() { sed -E 's/.*answers_per_s=([0-9.]+).*/\1/' <<<"$1"; }
echo "iotboot server:     $ours"
echo "freeDiameter 1.2.1: $fd"
awk -v a="$(rate "$ours")" -v b="$(rate "$fd")" 'BEGIN { printf "ratio iotboot/freeDiameter = %.2f (target >= 5)\n", (b > 0 ? a / b : 0) }'
