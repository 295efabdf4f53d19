#!/usr/bin/env bash
# Soak (issue 16): BOOTSTRAPS full bootstraps (seed steps 1-16) at a steady RATE per second,
# SUBSCRIBERS UEs re-attaching over and over (each new attach supersedes the UE's context, and
# KeySets expire after the SCEF's key lifetime, KEY_LIFETIME_S, and are purged), every NF its own
# process on loopback. Every second it samples each process's RSS and open descriptors, the
# databases' sizes (with their WAL) and the attaches completed (the MME's counter); then it draws
# them with gnuplot into OUT/*.png and prints, per curve, its slope per hour after the warm-up
# (the first WARMUP_S seconds, by default twice the key lifetime: until the first KeySets have
# expired and been purged the SCEF's database and memory rightly grow): a flat curve has a slope
# near zero.
# Usage: bench/soak/run.sh [BUILD_DIR] [BOOTSTRAPS] [RATE] [SUBSCRIBERS] [OUT]
#   make soak: 1,000,000 at 500/s (about 35 minutes) into build/soak.
set -euo pipefail
build=${1:-build}
bootstraps=${2:-1000000}
rate=${3:-500}
subscribers=${4:-10000}
out=${5:-$build/soak}
warmup=${WARMUP_S:-$((2 * ${KEY_LIFETIME_S:-300}))}
bin=$build/bin/iotboot
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$out"

"$bin" run --write-configs "$work" --as 1 --log-level warn >"$work/ports"
"$bin" certs --dir "$work/certs" >/dev/null
# Short key lifetimes, purged often: the soak must see rows expire and go. The HSS gives each
# KeySet its lifetime; the SCEF's own is for contexts and KeySets without one.
sed -i "/^  bootstrap:/a\\    key_lifetime_s: ${KEY_LIFETIME_S:-300}" "$work/hss.yaml"
grep -q "^    key_lifetime_s: ${KEY_LIFETIME_S:-300}$" "$work/hss.yaml" || { echo "soak: no bootstrap section in hss.yaml" >&2; exit 1; }
sed -i "s/^  key_lifetime_s: .*/  key_lifetime_s: ${KEY_LIFETIME_S:-300}/; s/^  purge_interval_s: .*/  purge_interval_s: 10/" \
  "$work/scef.yaml"
grep -q '^  key_lifetime_s:' "$work/scef.yaml" ||
  sed -i "/^scef:/a\\  key_lifetime_s: ${KEY_LIFETIME_S:-300}\\n  purge_interval_s: 10" "$work/scef.yaml"
# The UEs try an AS a second time after a failed exchange, as devices do: a GUTI given again
# while the AS still caches the previous UE's key fails its first handshake (docs/bootstrap.md).
sed -i "s/^ue:$/ue:\n  ua_attempts: 2/" "$work/ue.yaml"
grep -q '^  ua_attempts: 2$' "$work/ue.yaml" || { echo "soak: no ue section in ue.yaml" >&2; exit 1; }
"$bin" subscriber generate --count "$subscribers" --bootstrap push -o "$work/subs.csv"
"$bin" subscriber import --store sqlite:"$work/hss.db" --kek-file "$work/kek" "$work/subs.csv" >/dev/null

declare -A pid
start() { "$bin" "$1" -c "$work/$2.yaml" >"$work/$2.log" 2>&1 & pid[$2]=$!; }
start scef scef; sleep 0.3
start hss hss; sleep 0.3
start mme mme
start as as1
sleep 1
mme_metrics=$(awk '$1 == "mme" { print $6 }' "$work/ports")
"$bin" ue -c "$work/ue.yaml" --subscribers "$work/subs.csv" --count "$bootstraps" --rate "$rate" \
  --concurrency "${CONCURRENCY:-200}" >"$work/ue.out" 2>"$work/ue.err" &
pid[ue]=$!

rss_kb() { awk '$1 == "VmRSS:" { print $2; f = 1 } END { if (!f) print 0 }' "/proc/$1/status" 2>/dev/null || echo 0; }
fds() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }
size_kb() { du -sk "$@" 2>/dev/null | awk '{ s += $1 } END { print s + 0 }'; }
attaches() {
  curl -s "http://127.0.0.1:$mme_metrics/metrics" |
    awk '/^iotboot_mme_attaches_total\{.*outcome="accepted"/ { s += $2 } END { print s + 0 }'
}
samples=$out/samples.csv
echo "t,rss_scef,rss_hss,rss_mme,rss_as,rss_ue,fd_scef,fd_hss,fd_mme,fd_as,fd_ue,hss_db_kb,scef_db_kb,attaches" >"$samples"
t0=$(date +%s)
while kill -0 "${pid[ue]}" 2>/dev/null; do
  t=$(($(date +%s) - t0))
  row="$t"
  for nf in scef hss mme as1 ue; do row+=",$(rss_kb "${pid[$nf]}")"; done
  for nf in scef hss mme as1 ue; do row+=",$(fds "${pid[$nf]}")"; done
  row+=",$(size_kb "$work"/hss.db*),$(size_kb "$work"/scef.db*),$(attaches)"
  echo "$row" >>"$samples"
  sleep 1  # the sampling period itself
done
wait "${pid[ue]}" || true
# The UE's whole report (failures by cause) and every NF's warnings outlive the work directory.
cp "$work/ue.out" "$work/ue.err" "$out/"
for nf in scef hss mme as1; do grep -E '\[(warning|error|critical)\]' "$work/$nf.log" >"$out/$nf.warnings" || true; done
cat "$work/ue.out"

# Slope per hour of each column after the warm-up (least squares), and the throughput.
awk -F, -v w="$warmup" 'NR == 1 { for (i = 2; i <= NF; i++) name[i] = $i; next }
  $1 >= w { n++; x = $1; sx += x; sxx += x * x
            for (i = 2; i <= NF; i++) { sy[i] += $i; sxy[i] += x * $i; last[i] = $i } }
  END { if (n < 2) { print "soak: too short for slopes"; exit }
        d = n * sxx - sx * sx
        for (i = 2; i < NF; i++) printf "SLOPE %s %.1f per hour (last %s)\n", name[i], 3600 * (n * sxy[i] - sx * sy[i]) / d, last[i]
        printf "THROUGHPUT %.1f attaches/s after warm-up\n", (n * sxy[NF] - sx * sy[NF]) / d }' "$samples" | tee "$out/slopes.txt"

gnuplot <<PLOT
set datafile separator ","
set terminal pngcairo size 1000,500 noenhanced
set xlabel "seconds"
set key outside
set output "$out/rss.png"; set title "RSS (MB)"; set ylabel "MB"
plot for [c=2:6] "$samples" using 1:(column(c)/1024) with lines title columnheader(c)
set output "$out/fds.png"; set title "open descriptors"; set ylabel "descriptors"
plot for [c=7:11] "$samples" using 1:c with lines title columnheader(c)
set output "$out/db.png"; set title "database files with WAL (MB)"; set ylabel "MB"
plot for [c=12:13] "$samples" using 1:(column(c)/1024) with lines title columnheader(c)
set output "$out/throughput.png"; set title "attaches per second (MME, accepted)"; set ylabel "per second"
old = 0
delta(x) = (d = x - old, old = x, d)
plot "$samples" using 1:(delta(column(14))) skip 1 with lines notitle
PLOT
echo "soak: samples in $samples, plots in $out/{rss,fds,db,throughput}.png, the UE's report in $out/ue.out"
