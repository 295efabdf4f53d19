#!/usr/bin/env bash
# Full bootstraps per second (seed steps 1-16) with every NF in its own process on loopback:
# SCEF, HSS, MME, A application servers and the UE simulator. N UEs (default 20,000), each
# attaching once and then running the DTLS-PSK handshake and one CoAP exchange with each AS,
# C at a time (default 500). HSS and SCEF commit durably (durability: full) before answering.
# MODE is the subscribers' bootstrapping mode: push (solution #12: S6t push and T6a report,
# the SCEF stores) or pull (solution #11: Ks in the vectors, the SCEF fetches it from the MME).
# Usage: bench/bootstrap/run.sh [BUILD_DIR] [UES] [CONCURRENCY] [ASES (1 or 2)] [MODE]
# PROFILE=1 also records where each NF spends its CPU time (perf, software clock).
# HSS_STORE and SCEF_STORE (sqlite:PATH or postgresql://URI) with UE_CSV=FILE: the HSS runs on
# that store, already provisioned (bench/scale), the SCEF on its own, the UEs are UE_CSV's.
# PLAINTEXT_KEYS=1: K, OPc and Ks stored in plaintext (run --plaintext-keys), the baseline of the
# default, keys sealed under the generated $work/kek (imported sealed: the HSS reseals nothing).
# METRICS=0 or 1: the NFs without metrics listener, or scraped by Prometheus (bench/metrics/setup.sh).
# GATEWAY=1: AS 1 forwards every request to a trivial HTTP backend (nginx, one worker, answering
# each request with "guti=<its Iotboot-Guti header>"), the AS as gateway (docs/application-servers.md).
set -euo pipefail
bin=${1:-build}/bin/iotboot
ues=${2:-20000}
concurrency=${3:-500}
ases=${4:-1}
mode=${5:-push}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; [[ -f "$work/nginx.pid" ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"' EXIT

cpu_s() { awk '{ printf "%.2f", ($14 + $15) / 100 }' "/proc/$1/stat"; }

# The lab network with $ases application servers, on free ports.
plaintext=()
[[ "${PLAINTEXT_KEYS:-0}" == 1 ]] && plaintext=(--plaintext-keys)
"$bin" run --write-configs "$work" --as "$ases" --log-level warn "${plaintext[@]}" >/dev/null
kek=()
[[ -f "$work/kek" ]] && kek=(--kek-file "$work/kek")
"$bin" certs --dir "$work/certs" >/dev/null
source "$(dirname "$0")/../metrics/setup.sh"  # METRICS=0|1: no listener, or scraped by Prometheus
if [[ -n "${HSS_STORE:-}" ]]; then
  sed -i "s|^  store: .*|  store: $HSS_STORE|" "$work/hss.yaml"
  [[ -n "${SCEF_STORE:-}" ]] && sed -i "s|^  store: .*|  store: $SCEF_STORE|" "$work/scef.yaml"
  cp "$UE_CSV" "$work/subs.csv"
else
  "$bin" subscriber generate --count "$ues" --bootstrap "$mode" -o "$work/subs.csv"
  "$bin" subscriber import --store sqlite:"$work/hss.db" "${kek[@]}" "$work/subs.csv" >/dev/null
fi
rss_kb() { awk '$1 == "VmRSS:" { print $2 }' "/proc/$1/status"; }
if [[ "${GATEWAY:-0}" == 1 ]]; then
  backend_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  cat >"$work/nginx.conf" <<CONF
worker_processes 1;
daemon on;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nginx-body;
  server {
    listen 127.0.0.1:$backend_port;
    keepalive_requests 100000000;
    keepalive_timeout 60s;
    location / { default_type text/plain; return 200 "guti=\$http_iotboot_guti"; }
  }
}
CONF
  /usr/sbin/nginx -c "$work/nginx.conf" -e "$work/nginx-error.log"
  printf '  upstream: {url: "http://127.0.0.1:%s", timeout_ms: 5000}\n' "$backend_port" >>"$work/as1.yaml"
fi

declare -A pid
start() { "$bin" "$1" -c "$work/$2.yaml" >"$work/$2.log" 2>&1 & pid[$2]=$!; }
start scef scef; sleep 0.3
start hss hss; sleep 0.3
start mme mme
for n in $(seq "$ases"); do start as "as$n"; done
sleep 1
start_scraper
if [[ -n "${STRACE:-}" ]]; then
  strace -c -w -f -p "${pid[$STRACE]}" -o "$work/strace.txt" 2>/dev/null & strace_pid=$!
fi
if [[ "${PROFILE:-0}" == 1 ]]; then
  for nf in "${!pid[@]}"; do perf record -q -e cpu-clock -g -p "${pid[$nf]}" -o "$work/$nf.perf" >/dev/null 2>&1 & done
fi
declare -A before
for nf in "${!pid[@]}"; do before[$nf]=$(cpu_s "${pid[$nf]}"); done
scef_before=$(rss_kb "${pid[scef]}")
TIMEFORMAT='%U %S'
prof=()
[[ "${PROFILE:-0}" == 1 ]] && prof=(perf record -q -e cpu-clock -g -o "$work/ue.perf" --)
{ time "${prof[@]}" "$bin" ue -c "$work/ue.yaml" --subscribers "$work/subs.csv" --count "$ues" --concurrency "$concurrency" \
    >"$work/ue.out" ; } 2>"$work/ue.time" || true
cat "$work/ue.out"
printf 'CPU seconds during the run:'
for nf in scef hss mme $(seq -f 'as%g' "$ases"); do
  awk -v nf="$nf" -v a="${before[$nf]}" -v b="$(cpu_s "${pid[$nf]}")" 'BEGIN { printf " %s %.2f", nf, b - a }'
done
awk '{ printf " ue %.2f\n", $1 + $2 }' "$work/ue.time"
done_ues=$(sed -nE 's/^RESULT attached=([0-9]+).*/\1/p' "$work/ue.out")
awk -v a="$scef_before" -v b="$(rss_kb "${pid[scef]}")" -v n="${done_ues:-0}" \
  'BEGIN { printf "SCEF: RSS %.1f MB before, %.1f MB after %d UEs: %.0f bytes per UE\n", a / 1024, b / 1024, n, (b - a) * 1024 / (n > 0 ? n : 1) }'
if [[ -n "${STRACE:-}" ]]; then kill -INT "$strace_pid"; sleep 0.5; head -20 "$work/strace.txt"; fi
if [[ "${PROFILE:-0}" == 1 ]]; then
  pkill -INT -f "perf record -q -e cpu-clock" || true
  sleep 1
  for nf in "${!pid[@]}" ue; do
    echo "== $nf: top shared objects"
    perf report -i "$work/$nf.perf" --no-children --sort dso -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -6 || true
    perf report -i "$work/$nf.perf" --no-children --sort dso,sym -g none 2>/dev/null | grep -v "^#" | grep -v "^$" | head -25 || true
  done
fi
