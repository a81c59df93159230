#!/bin/sh
# `make bench`: the project's benchmarks, with NumPy/SciPy baselines when they are installed
# (python3-numpy, python3-scipy; not needed for anything else). Results go to stdout and to
# build/bench/results.txt (the Makefile tees it there).
set -eu
BUILD=${1:-build}
BIN=$BUILD/selfnorm
OUT=$BUILD/bench
mkdir -p "$OUT"

echo "== moment map, closed form, Theorem 1 domain (4e6 points, best of 5)"
"$BIN" bench map --points 4000000 --json
"$BIN" bench map --points 4000000 --threads 1 --json

echo "== moment map of GELU by quadrature (activation table), Theorem 1 domain (2e5 points)"
"$BIN" bench map --activation gelu --points 200000 --repeat 3 --json
"$BIN" bench map --activation gelu --points 200000 --repeat 3 --threads 1 --json

echo "== alpha01, lambda01 to proven digits"
"$BIN" bench constants --digits 10000 --json
"$BIN" bench constants --digits 1000000 --repeat 1 --json

echo "== numeric check of Theorems 1-3 (4 theorems x grid^4 points, refinement included)"
"$BIN" bench verify --grid 40 --json
"$BIN" bench verify --grid 100 --repeat 1 --json

echo "== the whole paper proven: verify all --rigorous (every statement of the theorems table; exit 1 is"
echo "   expected, two of the paper's bounds are violated), wall and CPU seconds"
if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '{"benchmark":"verify_all_rigorous","wall_seconds":%e,"cpu_seconds":"%U+%S"}' \
        "$BIN" verify all --rigorous > /dev/null || true
else
    echo "(GNU time missing: apt-get install time)"
fi

echo "== MLP forward pass with statistics (depth 20, width 1024, batch 512) and the GEMMs alone"
"$BIN" bench mlp --json
"$BIN" bench mlp --dtype double --json

ROWS=$OUT/rows.txt
if [ ! -s "$ROWS" ]; then
    # one million rows of the Theorem 1 domain, generated reproducibly with awk
    awk 'BEGIN { srand(7); for (i = 0; i < 1000000; i++)
                 printf "%.17g %.17g %.17g %.17g\n", -0.1 + 0.2 * rand(), -0.1 + 0.2 * rand(),
                        0.8 + 0.7 * rand(), 0.95 + 0.15 * rand() }' > "$ROWS"
fi
echo "== map --stdin over 1e6 rows"
t0=$(date +%s%N)
"$BIN" map --stdin < "$ROWS" > "$OUT/rows_out.txt"
t1=$(date +%s%N)
echo "{\"benchmark\":\"map_stdin\",\"rows\":1000000,\"milliseconds\":$(( (t1 - t0) / 1000000 ))}"

# the first python3 that has the modules: bench_python MODULES SCRIPT ARGS...
python_with() {
    for candidate in python3 /usr/bin/python3; do
        if command -v "$candidate" >/dev/null && "$candidate" -c "import $1" 2>/dev/null; then
            echo "$candidate"; return
        fi
    done
}
MP=$(python_with mpmath)
if [ -n "$MP" ]; then
    echo "== mpmath baseline (closed forms at 10000 digits)"
    "$MP" analysis/bench_mpmath.py 10000
else
    echo "== mpmath baseline skipped: install python3-mpmath"
fi
TORCH=$(python_with torch)
if [ -n "$TORCH" ]; then
    echo "== PyTorch baseline (the same MLP forward pass with statistics, CPU)"
    "$TORCH" analysis/bench_torch.py
    echo "== training: one epoch of Figure 1's depth-8 SNN, selfnorm and PyTorch side by side"
    "$BIN" bench train --json
    "$TORCH" analysis/bench_train_torch.py 8
else
    echo "== PyTorch baseline skipped: install python3-torch"
fi
# the Python package (ctypes over libselfnorm.so, `make python`) against the SciPy closed form,
# side by side over the same 1e6 points, with Debian's python3
if /usr/bin/python3 -c "import numpy, scipy" 2>/dev/null && [ -f "$BUILD/python/selfnorm/libselfnorm.so.0" ]; then
    echo "== Python package vs SciPy closed form: map and jacobian over 1e6 points ($(uptime | sed 's/.*load/load/'))"
    PYTHONPATH="$BUILD/python" /usr/bin/python3 analysis/bench_python.py 1000000
else
    echo "== Python package benchmark skipped: needs python3-numpy python3-scipy and 'make python'"
fi
PY=$(python_with "numpy, scipy")
if [ -n "$PY" ]; then
    echo "== NumPy/SciPy baselines (textbook closed form, vectorized)"
    "$PY" analysis/bench_numpy.py map 4000000
    "$PY" analysis/bench_numpy.py stdin "$ROWS" "$OUT/rows_numpy.txt"
    echo "== NumPy/SciPy GELU map (fixed 96-point Gauss-Legendre in Z, vectorized)"
    "$PY" analysis/bench_act_numpy.py map 200000
    # the two outputs agree to the textbook formula's accuracy in this domain
    paste "$OUT/rows_out.txt" "$OUT/rows_numpy.txt" | awk '{ d = $6 - $12; if (d < 0) d = -d;
        r = d / $6; if (r > m) m = r } END { printf "max relative nu_new difference vs numpy: %.2g\n", m }'
else
    echo "== NumPy/SciPy baselines skipped: install python3-numpy python3-scipy"
fi
