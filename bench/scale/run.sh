#!/usr/bin/env bash
# The subscriber base at scale, on each store engine. For SQLite and for PostgreSQL (a private,
# durable server: fsync on): provision SUBSCRIBERS (default 10,000,000) subscribers and report
# the import rate; then run the attach and bootstrap benchmarks with UES (default 20,000) UEs
# drawn at random from all of them, next to the same benchmarks on a store of only those UES
# subscribers, in the same run; then the Key API with SUBSCRIBERS live contexts in the SCEF's
# store next to the same with none but the run's own.
# Usage: bench/scale/run.sh [BUILD_DIR] [SUBSCRIBERS] [UES] [ENGINES (default "sqlite postgresql")]
# PARTS="attach bootstrap key_api" (the default) picks the benchmarks.
set -euo pipefail
build=${1:-build}
bin=$build/bin/iotboot
subscribers=${2:-10000000}
ues=${3:-20000}
engines=${4:-sqlite postgresql}
parts=" ${PARTS:-attach bootstrap key_api} "
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d -p "${TMPDIR:-/var/tmp}")
pg_file=$work/postgres
trap '[[ -f "$pg_file" ]] && "$build/bin/postgres_fixture" stop "$pg_file"; rm -rf "$work"' EXIT

now() { date +%s.%N; }
result() { sed -nE "s/.*$1=([0-9.]+).*/\1/p" | tail -1; }

echo "== $subscribers subscribers, $ues UEs drawn at random from them"
t0=$(now)
"$bin" subscriber generate --count "$subscribers" --bootstrap push -o "$work/all.csv"
{ head -1 "$work/all.csv"; tail -n +2 "$work/all.csv" | shuf -n "$ues"; } >"$work/drawn.csv"
awk -v s="$t0" -v e="$(now)" -v n="$subscribers" 'BEGIN { printf "generated in %.0f s\n", e - s }'

# sqlite:PATH for SQLite; for PostgreSQL a new database on the private server.
new_store() {
  if [[ $1 == sqlite ]]; then
    echo "sqlite:$work/$2.db"
  else
    psql -q "$(cat "$work/pg_admin")" -c "CREATE DATABASE $2" >/dev/null
    echo "$(dirname "$(cat "$work/pg_admin")")/$2"
  fi
}
import() {  # store csv → seconds
  local s; s=$(now)
  "$bin" subscriber import --store "$1" "$2" >/dev/null
  awk -v s="$s" -v e="$(now)" 'BEGIN { printf "%.1f", e - s }'
}
# The SCEF's store with N contexts and KeySets that no UE will ask for (random keys).
fill_contexts() {  # store n
  if [[ $1 == sqlite:* ]]; then
    "$bin" db migrate --store "$1" --nf scef >/dev/null
    python3 - "${1#sqlite:}" "$2" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1]); n = int(sys.argv[2])
rows = ((("9%014d" % i), i.to_bytes(16, "big"), bytes(32), 4102444800) for i in range(n))
db.executemany("INSERT INTO key_sets VALUES (?, ?, ?, ?)", rows)
ctx = ((b"\xfe" + i.to_bytes(9, "big"), "9%014d" % i, i.to_bytes(16, "big"), 1, 4102444800) for i in range(n))
db.executemany("INSERT INTO auth_contexts VALUES (?, ?, ?, ?, ?)", ctx)
db.commit()
PY
  else
    "$bin" db migrate --store "$1" --nf scef >/dev/null
    psql -q "$1" <<SQL >/dev/null
INSERT INTO key_sets SELECT '9' || lpad(i::text, 14, '0'), decode(lpad(to_hex(i), 32, '0'), 'hex'),
  decode(md5(i::text) || md5(i::text), 'hex'), 4102444800 FROM generate_series(1, $2) AS i;
INSERT INTO auth_contexts SELECT decode('fe' || lpad(to_hex(i), 18, '0'), 'hex'), '9' || lpad(i::text, 14, '0'),
  decode(lpad(to_hex(i), 32, '0'), 'hex'), true, 4102444800 FROM generate_series(1, $2) AS i;
ANALYZE;
SQL
  fi
}

for engine in $engines; do
  echo
  echo "== $engine"
  if [[ $engine == postgresql ]]; then
    "$build/bin/postgres_fixture" start "$pg_file" durable
    read -r port _ <"$pg_file"
    echo "postgresql://postgres@127.0.0.1:$port/postgres" >"$work/pg_admin"
  fi
  big=$(new_store "$engine" big)
  small=$(new_store "$engine" small)
  s=$(import "$big" "$work/all.csv")
  awk -v s="$s" -v n="$subscribers" 'BEGIN { printf "import: %d subscribers in %.1f s, %.0f per second\n", n, s, n / s }'
  import "$small" "$work/drawn.csv" >/dev/null

  [[ $parts == *" attach "* ]] && for run in small big small big; do
    store=${!run}
    out=$(HSS_STORE=$store UE_CSV=$work/drawn.csv "$here/attach/run.sh" "$build" "$ues" 500)
    printf 'attach   %-5s %s | %s\n' "$run" "$(grep '^RESULT' <<<"$out")" "$(grep -E '^(MME|HSS):' <<<"$out" | tr '\n' ' ')"
  done
  [[ $parts == *" bootstrap "* ]] && for run in small big small big; do
    store=${!run}
    scef=$(new_store "$engine" "scef_${run}_$RANDOM")
    out=$(HSS_STORE=$store SCEF_STORE=$scef UE_CSV=$work/drawn.csv "$here/bootstrap/run.sh" "$build" "$ues" 100 1 push)
    printf 'bootstrap %-5s %s | %s\n' "$run" "$(grep '^RESULT' <<<"$out")" "$(grep '^SCEF:' <<<"$out")"
  done
  [[ $parts == *" key_api "* ]] && for run in none full; do
    scef=$(new_store "$engine" "keys_$run")
    [[ $run == full ]] && fill_contexts "$scef" "$subscribers"
    out=$(SCEF_STORE=$scef "$here/key_api/run.sh" "$build" 32 5)
    printf 'key_api  %-5s %s\n' "$run" "$(grep '^RESULT' <<<"$out")"
  done
  if [[ $engine == postgresql ]]; then "$build/bin/postgres_fixture" stop "$pg_file"; fi
done
