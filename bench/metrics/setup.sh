# Sourced by bench/attach/run.sh and bench/bootstrap/run.sh after the configurations are
# written to $work, before any NF starts: what the benchmark does with the NFs' metrics.
#   METRICS unset: as configured (each NF listens on its metrics port; nothing scrapes)
#   METRICS=0: no `metrics:` section, so no listener (the counters still count: they are
#              always compiled in, a few relaxed atomic adds per request)
#   METRICS=1: a real Prometheus (its own process, a temporary directory, a free port) scrapes
#              every NF each SCRAPE_INTERVAL (default 1s) for the whole run
# start_scraper is called once the NFs listen.
case "${METRICS:-}" in
  0) for f in "$work"/*.yaml; do sed -i '/^metrics:/,/^  port:/d' "$f"; done ;;
  1 | "") ;;
  *) echo "METRICS must be 0 or 1" >&2; exit 2 ;;
esac
start_scraper() {
  [[ "${METRICS:-}" == 1 ]] || return 0
  local port targets=()
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  for f in "$work"/*.yaml; do
    local p
    p=$(awk '/^metrics:/ { m = 1 } m && /^  port:/ { print $2; exit }' "$f")
    [[ -n "$p" ]] && targets+=("'127.0.0.1:$p'")
  done
  mkdir -p "$work/prometheus"
  printf 'global: {scrape_interval: %s, scrape_timeout: %s}\nscrape_configs:\n  - job_name: iotboot\n    static_configs: [{targets: [%s]}]\n' \
    "${SCRAPE_INTERVAL:-1s}" "${SCRAPE_INTERVAL:-1s}" "$(IFS=,; echo "${targets[*]}")" >"$work/prometheus/prometheus.yml"
  prometheus --config.file="$work/prometheus/prometheus.yml" --storage.tsdb.path="$work/prometheus/data" \
    --web.listen-address="127.0.0.1:$port" --log.level=warn >"$work/prometheus/log" 2>&1 &
  for _ in $(seq 200); do
    python3 -c 'import json, sys, urllib.request
r = json.load(urllib.request.urlopen(sys.argv[1]))["data"]["result"]
sys.exit(0 if r and r[0]["value"][1] == sys.argv[2] else 1)' \
      "http://127.0.0.1:$port/api/v1/query?query=count(up%3D%3D1)" "${#targets[@]}" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "Prometheus did not scrape the ${#targets[@]} NFs" >&2
  return 1
}
