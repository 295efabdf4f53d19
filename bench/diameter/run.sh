#!/usr/bin/env bash
# S6a AIR/AIA answers per second, our server against the freeDiameter harness answering the
# same way, with our client driving both, in the same run on this machine: over plaintext TCP,
# then over TLS (RFC 6733 §13; certificates from `iotboot certs`).
# Usage: bench/diameter/run.sh [BUILD_DIR] [DURATION_S] [INFLIGHT]
set -euo pipefail
bin=${1:-build}/bin
duration=${2:-10}
inflight=${3:-100}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ready() { for _ in $(seq 400); do grep -q READY "$1" 2>/dev/null && return 0; sleep 0.05; done; echo "server did not start" >&2; return 1; }

pki="$work/pki"
"$bin/iotboot" certs --dir "$pki" --as-id as1.example.com \
  --diameter-id hss.iotboot.test --diameter-id mme.iotboot.test --diameter-id fd.iotboot.test >/dev/null

# ours TLS|plain: our client against our server.
ours() {
  local port tls=()
  port=$(free_port)
  [[ $1 == tls ]] && tls=(--tls "$pki")
  "$bin/diameter_bench" server --port "$port" "${tls[@]}" >"$work/ours.out" 2>&1 &
  wait_ready "$work/ours.out"
  "$bin/diameter_bench" client --port "$port" --peer-host hss.iotboot.test --inflight "$inflight" \
    --duration "$duration" "${tls[@]}" | tail -1
  kill %% 2>/dev/null || true; wait 2>/dev/null || true
}

# fd TLS|plain: our client against the freeDiameter harness (TLS: on its SecPort, GnuTLS).
fd() {
  local port peer_port tls=() listen
  port=$(free_port); peer_port=$(free_port)
  if [[ $1 == tls ]]; then
    tls=(--tls "$pki")
    listen="Port = $(free_port);
SecPort = $port;
TLS_Cred = \"$pki/fd.iotboot.test.pem\", \"$pki/fd.iotboot.test.key\";
TLS_CA = \"$pki/ca.pem\";"
    connect="ConnectPeer = \"mme.iotboot.test\" { ConnectTo = \"127.0.0.1\"; Port = $peer_port; };"
  else
    listen="Port = $port;
SecPort = 0;"
    connect="ConnectPeer = \"mme.iotboot.test\" { No_TLS; ConnectTo = \"127.0.0.1\"; Port = $peer_port; };"
  fi
  cat >"$work/fd.conf" <<CONF
Identity = "fd.iotboot.test";
Realm = "iotboot.test";
$listen
No_SCTP;
No_IPv6;
ListenOn = "127.0.0.1";
$connect
CONF
  "$bin/fd_harness" server --conf "$work/fd.conf" >"$work/fd.out" 2>&1 &
  wait_ready "$work/fd.out"
  "$bin/diameter_bench" client --port "$port" --peer-host fd.iotboot.test --inflight "$inflight" \
    --duration "$duration" "${tls[@]}" | tail -1
  kill %% 2>/dev/null || true; wait 2>/dev/null || true
}

ours_plain=$(ours plain)
fd_plain=$(fd plain)
ours_tls=$(ours tls)
fd_tls=$(fd tls)

rate() { sed -E 's/.*answers_per_s=([0-9.]+).*/\1/' <<<"$1"; }
ratio() { awk -v a="$(rate "$1")" -v b="$(rate "$2")" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
echo "iotboot server, TCP:          $ours_plain"
echo "freeDiameter 1.2.1, TCP:      $fd_plain"
echo "iotboot server, TLS:          $ours_tls"
echo "freeDiameter 1.2.1, TLS:      $fd_tls"
echo "ratio iotboot/freeDiameter, TCP = $(ratio "$ours_plain" "$fd_plain") (target >= 5)"
echo "ratio iotboot/freeDiameter, TLS = $(ratio "$ours_tls" "$fd_tls") (target >= 5)"
echo "ratio iotboot TLS/TCP           = $(ratio "$ours_tls" "$ours_plain") (target >= 0.7)"
