#!/bin/sh
# The atlas: bad input, threads vs one thread, MPI vs one process, a run killed (kill -9) and
# resumed vs an uninterrupted one, and bundles tampered with (a box, a CRC, a duplicated,
# missing or relabelled cell) rejected by check-certificate.
# Usage: test_atlas.sh BUILD_DIR. Prints "atlas: N passed, M failed".
set -u
BUILD=${1:?usage: test_atlas.sh BUILD_DIR}
BIN=$BUILD/selfnorm
MPIBIN=$BUILD/selfnorm-mpi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0
ok()   { pass=$((pass + 1)); }
bad()  { fail=$((fail + 1)); echo "FAIL: $*"; }
# one thread per process: the tests compare results, not speed, and the machine is shared
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=passive

run() {
    want=$1; shift
    "$BIN" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
    got=$?
    if [ "$got" -ne "$want" ]; then bad "exit $got (want $want): selfnorm $*"; sed 's/^/    /' "$TMP/err"; return 1; fi
    ok
}
usage_error() {
    run 2 "$@" || return
    if [ -s "$TMP/out" ]; then bad "stdout not empty: selfnorm $*"; else ok; fi
    if [ "$(wc -l <"$TMP/err")" -ne 1 ]; then bad "stderr not one line: selfnorm $*"; cat "$TMP/err"; else ok; fi
}
has_err() { if grep -qF -- "$1" "$TMP/err"; then ok; else bad "stderr lacks '$1'"; sed 's/^/    /' "$TMP/err"; fi; }
has()     { if grep -qF -- "$1" "$TMP/out"; then ok; else bad "output lacks '$1'"; sed 's/^/    /' "$TMP/out"; fi; }
# the atlas of a TSV output without its timing column, in cell order
cells() { grep -v '^#' "$1" | grep -v '^i	' | cut -f1-14 | sort -n -k1,1 -k2,2; }
same() {
    if cells "$1" | cmp -s - "$TMP/ref.cells"; then ok; else bad "$2: not the same atlas"; cells "$1" | diff - "$TMP/ref.cells" | head; fi
}

# ---- bad input -----------------------------------------------------------------------------
usage_error atlas theorem9 --alpha 1.6:1.7:3 --lambda 1:1.1:3
has_err "unknown statement"
usage_error atlas --alpha 1.6:1.7:3 --lambda 1.05
has_err "two parameters must be gridded"
usage_error atlas --alpha 1.7:1.6:3 --lambda 1:1.1:3
has_err "is empty"
usage_error atlas --alpha 1.6:1.6:3 --lambda 1:1.1:3
usage_error atlas --alpha 1.6:1.7:0 --lambda 1:1.1:3
usage_error atlas --alpha 1.6:1.7:1 --lambda 1:1.1:3
usage_error atlas --alpha 1.6:1.7:100000 --lambda 1:1.1:3
usage_error atlas --alpha 1.6:1.7:4096 --lambda 1:1.1:4096
has_err "cells: more than"
usage_error atlas --alpha 1.6:1.7:-3 --lambda 1:1.1:3
usage_error atlas --alpha nan:1.7:3 --lambda 1:1.1:3
usage_error atlas --alpha 1.6:inf:3 --lambda 1:1.1:3
usage_error atlas --alpha 1.6:1.7:x --lambda 1:1.1:3
usage_error atlas --alpha 1.6:1.7 --lambda 1:1.1:3
usage_error atlas --alpha 1.6:1.7:3 --lambda 1:1.1:3 --nu-lo 0.5:0.7:3
has_err "only two parameters"
usage_error atlas --alpha 1.6:1.7:3 --tau-lo 0.9:1:3
has_err "go together"
usage_error atlas --nu-lo 0.5:2:3 --mu-hi 0:0.2:3
has_err "no valid problem"
usage_error atlas --alpha -1:1.7:3 --lambda 1:1.1:3
usage_error atlas --alpha 1.6:1.7:3 --lambda 1:1.1:3 --omega-halfwidth -0.1
usage_error atlas --alpha 1.6:1.7:3 --lambda 1:1.1:3 --sigma 2
usage_error atlas --alpha 1.6:1.7:3 --lambda 1:1.1:3 --width 0
usage_error atlas --alpha 1.6:1.7:3 --lambda 1:1.1:3 --threads 0
# years at the measured rate: refused (after one timed cell), nothing left behind
usage_error atlas --alpha 1.6:1.75:2048 --lambda 1:1.1:2048 --bundle "$TMP/huge.bundle"
has_err "refused"
if [ -e "$TMP/huge.bundle" ]; then bad "a refused atlas left its bundle"; else ok; fi

# ---- one thread, the reference; threads; JSON Lines --------------------------------------
GRID="theorem1 --alpha 1.64:1.72:4 --lambda 1.03:1.07:4"
run 0 atlas $GRID --bundle "$TMP/ref.bundle" && cp "$TMP/out" "$TMP/ref.tsv"
cells "$TMP/ref.tsv" > "$TMP/ref.cells"
if [ "$(wc -l <"$TMP/ref.cells")" -eq 16 ]; then ok; else bad "16 cells expected"; fi
# (alpha, lambda) = (1.66667, 1.05667), next to (alpha01, lambda01) = (1.67326, 1.05070) where
# the paper proves theorem1: certified
if grep -q "^1	2	1.66667	1.05667	certified	" "$TMP/ref.cells"; then ok
else bad "the cell next to (alpha01, lambda01) is not certified"; grep "1.66667" "$TMP/ref.cells"; fi
if grep -q "	refuted	" "$TMP/ref.cells"; then ok; else bad "no refuted cell in the reference grid"; fi
OMP_NUM_THREADS=2 run 0 atlas $GRID --threads 2 && same "$TMP/out" "2 threads"
run 0 atlas $GRID --json
if python3 -c "
import json, sys
rows = [json.loads(l) for l in open('$TMP/out')]
assert len(rows) == 16 and all(r['verdict'] in ('certified', 'refuted', 'undecided') for r in rows)
assert all(float(r['enclosure'][0]) <= float(r['enclosure'][1]) for r in rows)
" 2>"$TMP/py"; then ok; else bad "JSON Lines"; cat "$TMP/py"; fi
run 0 check-certificate "$TMP/ref.bundle" && has "=> the atlas verifies"

# ---- plot atlas from the bundle ------------------------------------------------------------
run 0 plot atlas --bundle "$TMP/ref.bundle" && has "# certified = 3" && has "# mark01 = 1"
run 0 plot atlas --bundle "$TMP/ref.bundle" --output "$TMP/atlas.png"
if [ "$(head -c 4 "$TMP/atlas.png" | od -An -c | tr -d ' ')" = "211PNG" ]; then ok; else bad "plot atlas: no PNG"; fi
usage_error plot atlas --bundle "$TMP/none.bundle"
printf 'selfnorm-atlas 1\n' > "$TMP/empty.bundle"
usage_error plot atlas --bundle "$TMP/empty.bundle"

# ---- undecided cells (a budget of 2 boxes), and a grid over domain bounds -----------------
run 0 atlas theorem1 --alpha 1.67:1.675:2 --lambda 1.05:1.051:2 --max-boxes 2 --bundle "$TMP/und.bundle"
if [ "$(grep -c '	undecided	' "$TMP/out")" -eq 4 ]; then ok; else bad "budget 2: not 4 undecided cells"; cat "$TMP/out"; fi
run 0 check-certificate "$TMP/und.bundle" --json && has '"undecided":4'
run 0 atlas theorem1 --omega-halfwidth 0.05:0.1:2 --nu-hi 1.4:1.6:2 --tau-lo 0.95 --bundle "$TMP/dom.bundle"
has "omega-halfwidth	nu-hi"
run 0 check-certificate "$TMP/dom.bundle"

# ---- resume: a complete bundle computes nothing; another atlas's bundle is refused ---------
run 0 atlas $GRID --bundle "$TMP/ref.bundle" && same "$TMP/out" "resumed from a complete bundle"
has_err "0 computed"
usage_error atlas theorem1 --alpha 1.64:1.72:5 --lambda 1.03:1.07:4 --bundle "$TMP/ref.bundle"
has_err "another atlas"

# ---- killed part-way (kill -9) and resumed --------------------------------------------------
"$BIN" atlas $GRID --bundle "$TMP/kill.bundle" >"$TMP/kill1.tsv" 2>/dev/null &
pid=$!
n=0
count_cells() { c=$(grep -c '^cell ' "$1" 2>/dev/null); echo "${c:-0}"; }
while [ "$(count_cells "$TMP/kill.bundle")" -lt 3 ] && [ $n -lt 600 ]; do sleep 0.05; n=$((n + 1)); done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
done_before=$(grep -c '^cell ' "$TMP/kill.bundle")
# and a last record cut short, as a kill during a write leaves it
printf 'cell 999 0badc0de\nresult 0 0' >> "$TMP/kill.bundle"
run 0 atlas $GRID --bundle "$TMP/kill.bundle" && same "$TMP/out" "killed and resumed"
has_err "cut-off last record"
if [ "$done_before" -lt 16 ]; then ok; else bad "the run finished before it was killed: resume untested"; fi
if [ "$(grep -c '^cell ' "$TMP/kill.bundle")" -eq 16 ]; then ok; else bad "resumed bundle: not 16 cells"; fi
run 0 check-certificate "$TMP/kill.bundle"

# ---- tampered bundles ----------------------------------------------------------------------
# tamper.py MODE IN OUT: rewrites a bundle's records (CRCs recomputed unless MODE is crc)
cat > "$TMP/tamper.py" <<'EOF'
import sys, zlib
mode, src, dst = sys.argv[1:4]
data = open(src, 'rb').read()
magic = b'selfnorm-atlas 1\n'
pos, recs = len(magic), []
while pos < len(data):
    nl = data.index(b'\n', pos)
    kind, n, crc = data[pos:nl].split()
    n = int(n)
    recs.append([kind, data[nl + 1:nl + 1 + n], crc])
    pos = nl + 1 + n
cells = [r for r in recs if r[0] == b'cell']
def box_line(payload):
    lines = payload.split(b'\n')
    i = next(k for k, l in enumerate(lines) if l.startswith(b'boxes '))
    return lines, i + 1
if mode in ('box', 'crc'):
    lines, i = box_line(cells[0][1])
    f = lines[i].split(b' ')
    f[1] = b'0x1p+0' if f[1] != b'0x1p+0' else b'0x1p-1'    # a box's upper mu bound moved
    lines[i] = b' '.join(f)
    cells[0][1] = b'\n'.join(lines)
elif mode == 'duplicate':
    recs.append(list(cells[1]))
elif mode == 'missing':
    recs.remove(cells[2])
elif mode == 'relabel':   # two cells swap their (i, j)
    a, b = cells[0][1].split(b'\n', 1), cells[1][1].split(b'\n', 1)
    fa, fb = a[0].split(b' '), b[0].split(b' ')
    fa[1:3], fb[1:3] = fb[1:3], fa[1:3]
    fa[3:5], fb[3:5] = fb[3:5], fa[3:5]
    cells[0][1] = b' '.join(fa) + b'\n' + a[1]
    cells[1][1] = b' '.join(fb) + b'\n' + b[1]
elif mode == 'verdict':   # a refuted cell relabelled certified
    for c in cells:
        f = c[1].split(b'\n', 1)
        w = f[0].split(b' ')
        if w[5] == b'1':
            w[5] = b'0'
            c[1] = b' '.join(w) + b'\n' + f[1]
            break
out = bytearray(magic)
for kind, payload, crc in recs:
    if mode != 'crc':
        crc = b'%08x' % (zlib.crc32(payload) & 0xffffffff)
    out += kind + b' ' + str(len(payload)).encode() + b' ' + crc + b'\n' + payload
open(dst, 'wb').write(out)
EOF
for mode in box crc duplicate missing relabel verdict; do
    if python3 "$TMP/tamper.py" $mode "$TMP/ref.bundle" "$TMP/t-$mode.bundle" 2>"$TMP/py"; then ok; else bad "tamper $mode"; cat "$TMP/py"; fi
    run 1 check-certificate "$TMP/t-$mode.bundle" && has "does not verify"
done
run 1 check-certificate "$TMP/t-crc.bundle" && has "CRC"
run 1 check-certificate "$TMP/t-duplicate.bundle" && has "appears twice"
run 1 check-certificate "$TMP/t-missing.bundle" && has "missing"
# an unfinished atlas draws: the missing cell is left blank
run 0 plot atlas --bundle "$TMP/t-missing.bundle" --output "$TMP/missing.png" && [ -s "$TMP/missing.png" ] && ok || bad "plot atlas of an unfinished bundle"
run 1 check-certificate "$TMP/t-relabel.bundle" && has "another domain"
run 1 check-certificate "$TMP/t-verdict.bundle" && has "contradicts its own enclosures"
# resuming trusts no record that contradicts itself, CRC or not (a refuted cell made certified)
usage_error atlas $GRID --bundle "$TMP/t-verdict.bundle" && has_err "contradicts its own enclosures"
head -c 2000 "$TMP/ref.bundle" > "$TMP/cut.bundle"
run 1 check-certificate "$TMP/cut.bundle" && has "does not verify"
# a damaged record in the middle is not a cut-off tail: resuming refuses it
usage_error atlas $GRID --bundle "$TMP/t-crc.bundle"

# ---- MPI: the same atlas as one process ------------------------------------------------------
if [ -x "$MPIBIN" ] && command -v mpirun >/dev/null 2>&1; then
    # Open MPI's own allocations are not ours to account for under LeakSanitizer; its
    # shared-memory transport's single-copy mode (CMA) fails in containers without ptrace
    # rights (CI), so it copies through the shared segment instead
    MPIRUN="env ASAN_OPTIONS=detect_leaks=0 OMPI_MCA_btl_vader_single_copy_mechanism=none mpirun --oversubscribe --allow-run-as-root -x OMP_NUM_THREADS -x OMP_WAIT_POLICY -x ASAN_OPTIONS"
    for np in 2 3; do
        if timeout 600 $MPIRUN -np $np "$MPIBIN" atlas $GRID --bundle "$TMP/mpi$np.bundle" \
               >"$TMP/mpi$np.tsv" 2>"$TMP/mpi.err"; then
            ok; same "$TMP/mpi$np.tsv" "mpirun -np $np"
        else
            bad "mpirun -np $np failed"; tail -n 20 "$TMP/mpi.err"
        fi
        run 0 check-certificate "$TMP/mpi$np.bundle"
    done
    # resumed under MPI from the killed single-process run's bundle, cut back to 5 cells
    python3 - "$TMP/kill.bundle" "$TMP/mpiresume.bundle" <<'EOF'
import sys
data = open(sys.argv[1], 'rb').read()
pos, seen = len(b'selfnorm-atlas 1\n'), 0
while pos < len(data):
    nl = data.index(b'\n', pos)
    kind, n, _ = data[pos:nl].split()
    seen += kind == b'cell'
    if seen > 5: break
    pos = nl + 1 + int(n)
open(sys.argv[2], 'wb').write(data[:pos])
EOF
    if timeout 600 $MPIRUN -np 2 "$MPIBIN" atlas $GRID --bundle "$TMP/mpiresume.bundle" \
           >"$TMP/mpir.tsv" 2>"$TMP/mpi.err"; then ok; same "$TMP/mpir.tsv" "resumed under MPI"
    else bad "resume under mpirun failed"; tail -n 20 "$TMP/mpi.err"; fi
else
    echo "atlas: no $MPIBIN or mpirun: MPI tests skipped"
fi

echo "atlas: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
