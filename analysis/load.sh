#!/bin/bash
# `make bench-load`: is selfnorm steady on a busy machine? Each command runs alone, then
# beside BUSY CPU-bound processes (default 2, one per core here), REPS times each; GNU time
# measures wall and CPU (user + system) seconds. Prints one line per run and, per command,
# the ratios loaded/quiet of the best (smallest) wall and CPU times.
# Usage: analysis/load.sh [BUILD] [BUSY] [REPS]
set -eu
BUILD=${1:-build}
BUSY=${2:-2}
REPS=${3:-3}
BIN=$BUILD/selfnorm
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "load.sh: GNU time is missing (apt-get install time)" >&2; exit 2; }
OUT=$BUILD/bench
mkdir -p "$OUT"
ROWS=$OUT/rows_1e5.txt
[ -s "$ROWS" ] || awk 'BEGIN { srand(11); for (i = 0; i < 100000; i++)
    printf "%.17g %.17g %.17g %.17g\n", -0.1 + 0.2 * rand(), -0.1 + 0.2 * rand(),
           0.8 + 0.7 * rand(), 0.95 + 0.15 * rand() }' > "$ROWS"

COMMANDS=(
    "verify all --rigorous"
    "verify all --grid 60"
    "map --stdin"
    "mlp --depth 32 --width 1024 --batch 512"
)

busy_pids=()
start_busy() { for _ in $(seq "$BUSY"); do sh -c 'while :; do :; done' & busy_pids+=($!); done; }
stop_busy() { kill "${busy_pids[@]}" 2>/dev/null || true; wait "${busy_pids[@]}" 2>/dev/null || true; busy_pids=(); }
trap stop_busy EXIT

# best "wall cpu" of REPS runs of one command
measure() {
    local cmd=$1 best_wall="" best_cpu=""
    for _ in $(seq "$REPS"); do
        local t
        if [ "$cmd" = "map --stdin" ]; then
            t=$( { "$TIME" -f "%e %U %S" "$BIN" map --stdin < "$ROWS" > /dev/null; } 2>&1 | tail -n 1)
        else
            # shellcheck disable=SC2086
            t=$( { "$TIME" -f "%e %U %S" "$BIN" $cmd > /dev/null; } 2>&1 | tail -n 1)
        fi
        local wall cpu
        wall=$(echo "$t" | awk '{ print $1 }')
        cpu=$(echo "$t" | awk '{ print $2 + $3 }')
        echo "    $cmd: wall $wall s, cpu $cpu s" >&2
        best_wall=$(awk -v a="$wall" -v b="$best_wall" 'BEGIN { print (b == "" || a < b) ? a : b }')
        best_cpu=$(awk -v a="$cpu" -v b="$best_cpu" 'BEGIN { print (b == "" || a < b) ? a : b }')
    done
    echo "$best_wall $best_cpu"
}

echo "== steady under load: $BUSY busy processes beside each command, best of $REPS (OMP_WAIT_POLICY ${OMP_WAIT_POLICY:-unset})"
for cmd in "${COMMANDS[@]}"; do
    quiet=$(measure "$cmd")
    start_busy
    loaded=$(measure "$cmd")
    stop_busy
    echo "$cmd | $quiet | $loaded" | awk -F' [|] ' '{ split($2, q, " "); split($3, l, " ");
        printf "%-40s quiet %6.2f s wall %6.2f s cpu | loaded %6.2f s wall %6.2f s cpu | x%.2f wall x%.2f cpu\n",
               $1, q[1], q[2], l[1], l[2], l[1] / q[1], l[2] / q[2] }'
done
