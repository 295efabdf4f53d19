# Sourced by the benchmarks that compare two setups, 0 and 1, in alternating rounds of one run
# (the machine is shared and noisy: only same-run ratios mean anything).

# The median of the numbers on standard input (separated by spaces or newlines).
median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# The order round R runs the setups in: "0 1" in odd rounds, "1 0" in even ones, so that neither
# setup always goes first (onto a cold machine, or one its predecessor left busy).
round_order() { if (($1 % 2)); then echo "0 1"; else echo "1 0"; fi; }

# A / B to three decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
