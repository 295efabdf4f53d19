#!/usr/bin/env bash
# `make run-cluster`: the system of `make run` with every network function doubled and each one
# its own `iotboot` process: two HSSs and two SCEFs sharing a private PostgreSQL 15, two MMEs, and
# two processes for each of the application servers as1.example.com and as2.example.com. 1,000
# UEs (half push, solution #12; half pull, solution #11) are taken through all 16 steps, then
# every process is stopped and a table of what each instance did is printed, then the UEs' RESULT.
# Work directory: ./var/pg (PostgreSQL) and ./var/cluster (configurations, certificates,
# subscribers, each process's .out and .err); both are recreated on every run.
# Usage: scripts/run_cluster.sh [UES] [CONCURRENCY]   (IOTBOOT=path/to/iotboot to override;
# MODE=push or pull: every subscriber in that mode)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
bin=${IOTBOOT:-$root/build/bin/iotboot}
ues=${1:-1000}
concurrency=${2:-100}
var=$root/var
work=$var/cluster
pg=$var/pg
pgbin=/usr/lib/postgresql/15/bin
ready_s=20 # how long a process may take to come up, or to stop

declare -A pid=()  # instance name -> pid of its iotboot process
declare -A kind=() # instance name -> hss, scef, mme or as
order=()           # instance names in start order
pg_started=0

say() { printf '%s\n' "$*"; }
fail() {
  printf 'run-cluster: %s\n' "$*" >&2
  exit 1
}

# initdb and postgres refuse to run as root: as root they run as the `postgres` user.
as_postgres() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# A TCP port nothing listens on (bash's /dev/tcp: a refused connection means free).
free_tcp_port() {
  local port
  for _ in $(seq 100); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  fail "no free TCP port found"
}

# The last lines of a process's logs, for a failure message.
show_tail() {
  local name=$1 f
  for f in "$work/$name.out" "$work/$name.err"; do
    [[ -s "$f" ]] || continue
    printf -- '--- tail of %s\n' "${f#"$root"/}" >&2
    tail -n 15 "$f" >&2
  done
}

# Stops whatever is still running: on success everything is already stopped and this is a
# no-op; on an error or Ctrl-C it ends the NFs (SIGTERM, then SIGKILL after the deadline) and
# PostgreSQL.
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
  local status=$? name deadline
  trap - EXIT INT TERM
  local alive=()
  for name in "${order[@]}"; do
    kill -0 "${pid[$name]}" 2>/dev/null && alive+=("$name")
  done
  if [[ ${#alive[@]} -gt 0 ]]; then
    echo "run-cluster: stopping ${alive[*]}" >&2
    for name in "${alive[@]}"; do kill -TERM "${pid[$name]}" 2>/dev/null || true; done
    deadline=$((SECONDS + ready_s))
    for name in "${alive[@]}"; do
      while kill -0 "${pid[$name]}" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
      kill -KILL "${pid[$name]}" 2>/dev/null || true
    done
    wait 2>/dev/null || true
  fi
  stop_postgres
  exit "$status"
}
trap cleanup EXIT
trap 'echo >&2; echo "run-cluster: interrupted" >&2; exit 130' INT TERM

stop_postgres() {
  ((pg_started)) || return 0
  as_postgres "$pgbin/pg_ctl" stop -w -m fast -D "$pg/data" >/dev/null 2>&1 || true
  pg_started=0
}

# A fresh private PostgreSQL 15 under var/pg, on 127.0.0.1 only, trust authentication, with
# the database `iotboot`. Prints nothing; sets pg_port.
start_postgres() {
  [[ -x "$pgbin/postgres" ]] || fail "PostgreSQL 15 is not installed ($pgbin); run scripts/deps.sh test"
  # A server left behind by a run that was killed outright would hold the old data directory.
  if [[ -f "$pg/data/postmaster.pid" ]]; then
    as_postgres "$pgbin/pg_ctl" stop -w -m immediate -D "$pg/data" >/dev/null 2>&1 || true
  fi
  rm -rf "$pg"
  mkdir -p "$pg"
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$pg"
    runuser -u postgres -- test -w "$pg" ||
      fail "the postgres user cannot reach $pg (a parent directory is not traversable by others)"
  fi
  as_postgres "$pgbin/initdb" -D "$pg/data" -U postgres --auth=trust --no-sync -E UTF8 --locale=C \
    >"$pg/initdb.log" 2>&1 || {
    tail -n 20 "$pg/initdb.log" >&2
    fail "initdb failed (log: var/pg/initdb.log)"
  }
  pg_port=$(free_tcp_port)
  pg_started=1
  as_postgres "$pgbin/pg_ctl" start -w -t 60 -D "$pg/data" -l "$pg/postgres.log" \
    -o "-c listen_addresses=127.0.0.1 -c port=$pg_port -c unix_socket_directories=$pg -c max_connections=200" \
    >/dev/null || {
    tail -n 20 "$pg/postgres.log" >&2
    fail "PostgreSQL did not start (log: var/pg/postgres.log)"
  }
  as_postgres "$pgbin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres iotboot
  pg_uri="postgresql://postgres@127.0.0.1:$pg_port/iotboot"
}

# Starts `iotboot KIND -c var/cluster/NAME.yaml`, its stdout and stderr in NAME.out and NAME.err.
start_nf() {
  local kind_=$1 name=$2
  "$bin" "$kind_" -c "$work/$name.yaml" >"$work/$name.out" 2>"$work/$name.err" &
  pid[$name]=$!
  kind[$name]=$kind_
  order+=("$name")
}

# Waits until every PATTERN (fixed strings) is in NAME's log, or fails with the log's tail.
wait_for() {
  local name=$1 p
  shift
  local deadline=$((SECONDS + ready_s))
  for p in "$@"; do
    until grep -qF -- "$p" "$work/$name.out" "$work/$name.err" 2>/dev/null; do
      if ! kill -0 "${pid[$name]}" 2>/dev/null; then
        show_tail "$name"
        fail "$name exited before it was ready (waiting for \"$p\")"
      fi
      if ((SECONDS >= deadline)); then
        show_tail "$name"
        fail "$name not ready after ${ready_s} s (waiting for \"$p\")"
      fi
      sleep 0.1
    done
  done
}

# SIGTERM to each instance named, then waits (bounded) until it has exited: an NF stops
# gracefully and prints its SUMMARY line.
stop_nfs() {
  local name deadline
  for name in "$@"; do kill -TERM "${pid[$name]}" 2>/dev/null || true; done
  deadline=$((SECONDS + ready_s))
  for name in "$@"; do
    while kill -0 "${pid[$name]}" 2>/dev/null; do
      if ((SECONDS >= deadline)); then
        echo "run-cluster: $name did not stop within ${ready_s} s; killing it" >&2
        kill -KILL "${pid[$name]}" 2>/dev/null || true
        break
      fi
      sleep 0.1
    done
    wait "${pid[$name]}" 2>/dev/null || true
  done
}

# FIELD=value from NAME's SUMMARY line, or "?" when it printed none.
summary_field() {
  local name=$1 field=$2 v
  v=$(sed -nE "s/^SUMMARY .*[ ]$field=([0-9]+).*/\1/p" "$work/$name.out" | tail -n 1)
  echo "${v:-?}"
}

print_table() {
  local name airs rirs key hs att label
  printf '%-24s %6s %6s %8s %11s %9s\n' instance AIRs RIRs "Key API" handshakes attaches
  for name in hss hss2 scef scef2 mme mme2 as1 as2 as3 as4; do
    airs=- rirs=- key=- hs=- att=-
    label=$name
    case ${kind[$name]} in
      hss) airs=$(summary_field "$name" airs) ;;
      scef)
        rirs=$(summary_field "$name" rirs)
        key=$(summary_field "$name" key_api_requests)
        ;;
      mme) att=$(summary_field "$name" attaches) ;;
      as)
        label="$name (${as_id[$name]})"
        key=$(summary_field "$name" key_api_calls)
        hs=$(summary_field "$name" handshakes)
        ;;
    esac
    printf '%-24s %6s %6s %8s %11s %9s\n' "$label" "$airs" "$rirs" "$key" "$hs" "$att"
  done
}

# ---------------------------------------------------------------------------------------------

[[ -x "$bin" ]] || fail "$bin is missing: build it first (make build)"
start_time=$SECONDS
rm -rf "$work"
mkdir -p "$work"

say "PostgreSQL 15 in var/pg ..."
start_postgres
say "  $pg_uri"

# The lab network's configurations on free ports (after PostgreSQL took its port), the
# development certificates, and the schemas created once before two HSSs and two SCEFs share them.
"$bin" run --write-configs "$work" --hss 2 --scef 2 --mme 2 --as 2 --as-instances 2 \
  --postgres "$pg_uri" --log-level info >"$work/network.txt"
"$bin" certs --dir "$work/certs" >/dev/null
"$bin" db migrate --store "$pg_uri" --nf hss >/dev/null
"$bin" db migrate --store "$pg_uri" --nf scef >/dev/null

# Which AS_ID each asN.yaml serves ("as as1.example.com coap 15101 config as3.yaml").
declare -A as_id=()
while read -r k id _ _ _ file; do
  [[ $k == as ]] && as_id[${file%.yaml}]=$id
done <"$work/network.txt"

# Subscribers: half push, half pull, as in `make run` (MODE=push or pull: all of them so).
case "${MODE:-both}" in
  both) half=$((ues / 2)) ;;
  push) half=0 ;;
  pull) half=$ues ;;
  *) fail "MODE must be push, pull or both" ;;
esac
# push ones first, then pull ones after them (IMSIs follow on).
gen() { # COUNT MODE FIRST_INDEX FILE
  "$bin" subscriber generate --count "$1" --bootstrap "$2" -o "$4" --first-imsi "$(printf '00101%010d' "$3")"
}
if ((ues - half > 0)); then gen "$((ues - half))" push 1 "$work/subs.csv"; fi
if ((half > 0)); then
  gen "$half" pull "$((ues - half + 1))" "$work/pull.csv"
  if ((ues - half > 0)); then
    tail -n +2 "$work/pull.csv" >>"$work/subs.csv" # without its header line
    rm "$work/pull.csv"
  else
    mv "$work/pull.csv" "$work/subs.csv"
  fi
fi
"$bin" subscriber import --store "$pg_uri" "$work/subs.csv" >/dev/null
say "$ues subscribers in var/cluster/subs.csv, imported"

# Dependency order: the SCEFs (the HSSs and MMEs connect to them), the HSSs, the MMEs (ready
# when their Diameter connections to every HSS and SCEF are open), then the ASs.
hosts=$(awk '$1 == "hss" || $1 == "scef" { print $2 }' "$work/network.txt")
start_nf scef scef
start_nf scef scef2
wait_for scef "Key API on"
wait_for scef2 "Key API on"
start_nf hss hss
start_nf hss hss2
wait_for hss "listening"
wait_for hss2 "listening"
start_nf mme mme
start_nf mme mme2
for m in mme mme2; do
  wait_for "$m" "S1-lite on"
  for h in $hosts; do wait_for "$m" "peer $h open"; done
done
for a in as1 as2 as3 as4; do start_nf as "$a"; done
for a in as1 as2 as3 as4; do wait_for "$a" "CoAP over DTLS-PSK"; done
say "running: ${order[*]} (logs in var/cluster/)"
say "$ues UEs bootstrapping, $concurrency at a time ..."

# The UE simulator: its progress bar on stderr (drawn when that is a terminal), its report on
# stdout, kept in ue.out and shown when it ends: its RESULT line is held back for the end.
ue_status=0
"$bin" ue -c "$work/ue.yaml" --subscribers "$work/subs.csv" --count "$ues" --concurrency "$concurrency" \
  >"$work/ue.out" || ue_status=$?
# The bar's last line is left without its newline: end it before the report.
[[ -t 2 ]] && printf '\n' >&2
grep -v '^RESULT ' "$work/ue.out" || true

# Graceful stop in reverse dependency order; each NF prints its SUMMARY as it exits.
stop_nfs as1 as2 as3 as4
stop_nfs mme mme2
stop_nfs hss hss2
stop_nfs scef scef2
stop_postgres

echo
print_table
missing=()
for name in "${order[@]}"; do
  grep -q '^SUMMARY ' "$work/$name.out" || missing+=("$name")
done
echo
result=$(grep '^RESULT ' "$work/ue.out" | tail -n 1 || true)
say "${result:-RESULT missing: see var/cluster/ue.out}"
say "($((SECONDS - start_time)) s)"

[[ ${#missing[@]} -eq 0 ]] || fail "no SUMMARY from ${missing[*]} (see their .out/.err in var/cluster/)"
[[ -n "$result" ]] || fail "the UE simulator printed no RESULT (exit status $ue_status)"
failed=$(sed -nE 's/.* failed=([0-9]+).*/\1/p' <<<"$result")
bootstrapped=$(sed -nE 's/.* bootstrapped=([0-9]+).*/\1/p' <<<"$result")
[[ "$failed" == 0 && "$bootstrapped" == "$ues" ]] || fail "$failed UEs failed, $bootstrapped of $ues bootstrapped"
exit 0
