#!/usr/bin/env bash
# Key API requests per second over keep-alive TLS 1.3 with mutual TLS, against nginx serving
# a static JSON file over TLS 1.3 with mutual TLS, the same load from the same client
# (key_api_load) on the same machine in the same run. Both servers get one worker thread.
# The SCEF's store first gets UES real authentications (SCEF, HSS, MME, UE simulator).
# Usage: bench/key_api/run.sh [BUILD_DIR] [CONNECTIONS] [SECONDS] [UES]
# PROFILE=1 also records where the SCEF spends its CPU time (perf, software clock).
# SCEF_STORE=sqlite:PATH|postgresql://URI: the SCEF runs on that store (bench/scale fills it
# with millions of contexts first).
# PLAINTEXT_KEYS=1: K, OPc and Ks stored in plaintext (run --plaintext-keys), the baseline of the
# default, keys sealed under the generated $work/kek (imported sealed: the HSS reseals nothing).
set -euo pipefail
build=${1:-build}
bin=$build/bin/iotboot
connections=${2:-32}
seconds=${3:-5}
ues=${4:-1000}
work=$(mktemp -d)
chmod 755 "$work"
trap 'kill $(jobs -p) 2>/dev/null || true; [[ -f "$work/nginx.pid" ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"' EXIT

cpu_s() { awk '{ printf "%.2f", ($14 + $15) / 100 }' "/proc/$1/stat"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
nginx_port=$(free_port)
# The lab network with one AS (its certificate is the load's) on free ports; it prints them.
plaintext=()
[[ "${PLAINTEXT_KEYS:-0}" == 1 ]] && plaintext=(--plaintext-keys)
api_port=$("$bin" run --write-configs "$work" --as 1 --log-level warn "${plaintext[@]}" | awk '$1 == "scef" { print $6 }')
kek=()
[[ -f "$work/kek" ]] && kek=(--kek-file "$work/kek")
sed -i 's/durability: full/durability: normal/' "$work/hss.yaml"
[[ -n "${SCEF_STORE:-}" ]] && sed -i "s|^  store: .*|  store: $SCEF_STORE|" "$work/scef.yaml"
"$bin" certs --dir "$work/certs" >/dev/null
chmod 644 "$work"/certs/*
"$bin" subscriber generate --count "$ues" --bootstrap push -o "$work/subs.csv"
"$bin" subscriber import --store sqlite:"$work/hss.db" "${kek[@]}" "$work/subs.csv" >/dev/null
sed -i '/application_servers/,$d' "$work/ue.yaml"  # attaches only: the load is the Key API's
"$bin" scef -c "$work/scef.yaml" >"$work/scef.log" 2>&1 & scef_pid=$!
sleep 0.3
"$bin" hss -c "$work/hss.yaml" >"$work/hss.log" 2>&1 & hss_pid=$!
sleep 0.3
"$bin" mme -c "$work/mme.yaml" >"$work/mme.log" 2>&1 & mme_pid=$!
sleep 0.7
"$bin" ue -c "$work/ue.yaml" --subscribers "$work/subs.csv" --count "$ues" --concurrency 50 --key-log "$work/keys.jsonl" >/dev/null
kill -TERM "$mme_pid" "$hss_pid"

# nginx: the same certificates, TLS 1.3 only, client certificates required, one worker; a POST
# to the file is answered with the file (error_page turns nginx's 405 for static POSTs into 200).
mkdir -p "$work/www/iotboot-keys/v1"
printf '{"ksAs":"%064d","expiry":"2026-11-29T00:00:00Z"}' 0 >"$work/www/iotboot-keys/v1/retrieve"
chmod -R a+rX "$work/www"
cat >"$work/nginx.conf" <<CONF
worker_processes 1;
daemon on;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  default_type application/json;
  client_body_temp_path $work/nginx-body;
  server {
    listen 127.0.0.1:$nginx_port ssl;
    ssl_protocols TLSv1.3;
    ssl_certificate $work/certs/scef.pem;
    ssl_certificate_key $work/certs/scef.key;
    ssl_client_certificate $work/certs/ca.pem;
    ssl_verify_client on;
    keepalive_requests 100000000;
    keepalive_timeout 60s;
    root $work/www;
    location = /iotboot-keys/v1/retrieve { error_page 405 =200 \$uri; }
  }
}
CONF
/usr/sbin/nginx -c "$work/nginx.conf" -e "$work/nginx-error.log"
sleep 0.5

load() {
  "$build/bin/key_api_load" --port "$1" --ca "$work/certs/ca.pem" --cert "$work/certs/as1.example.com.pem" \
    --key "$work/certs/as1.example.com.key" --gutis "$work/keys.jsonl" --connections "$connections" --seconds "$seconds"
}
if [[ "${PROFILE:-0}" == 1 ]]; then
  perf record -q -e cpu-clock -g -p "$scef_pid" -o "$work/scef.perf" >/dev/null 2>&1 & perf_pid=$!
fi
scef_cpu=$(cpu_s "$scef_pid")
scef=$(load "$api_port")
scef_cpu=$(awk -v a="$scef_cpu" -v b="$(cpu_s "$scef_pid")" 'BEGIN { print b - a }')
[[ "${PROFILE:-0}" == 1 ]] && { kill -INT "$perf_pid"; wait "$perf_pid" 2>/dev/null || true; }
nginx=$(load "$nginx_port")
echo "SCEF Key API: $scef"
echo "nginx static: $nginx"
s=$(sed -nE 's/.*requests_per_s=([0-9]+).*/\1/p' <<<"$scef")
n=$(sed -nE 's/.*requests_per_s=([0-9]+).*/\1/p' <<<"$nginx")
awk -v s="$s" -v n="$n" -v c="$connections" 'BEGIN { printf "RESULT key_api_per_s=%d nginx_per_s=%d ratio=%.2f connections=%d target>=1.00\n", s, n, s / n, c }'
# CPU time per request: what the SCEF's work costs, less moved than a rate by other load.
awk -v c="$scef_cpu" -v r="$s" -v t="$seconds" \
  'BEGIN { printf "SCEF CPU: %.2f s, %.1f us per Key API request\n", c, c * 1e6 / (r * t > 0 ? r * t : 1) }'
if [[ "${PROFILE:-0}" == 1 ]]; then
  perf report -i "$work/scef.perf" --no-children --sort dso -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -8 || true
  perf report -i "$work/scef.perf" --no-children --sort sym -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -25 || true
fi
