#!/bin/sh
# Runs the CLI's main paths and the quicker unit tests under valgrind: no invalid accesses,
# no definite leaks. (libgomp keeps its thread pool alive until exit: "possibly lost" blocks
# are its, and are not counted.)
set -u
BUILD=${1:-build}
BIN=$BUILD/selfnorm
# the CLI re-executes itself to set OMP_WAIT_POLICY (main.c) unless it is set; valgrind would
# not follow that exec, so set it here and valgrind sees the real run
export OMP_WAIT_POLICY=passive
VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite"
failed=0
passed=0
check() {
    if "$@" >/dev/null 2>"${TMPDIR:-/tmp}/selfnorm-vg.$$"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1)); echo "FAIL under valgrind: $*"; cat "${TMPDIR:-/tmp}/selfnorm-vg.$$"
    fi
}
P="--mu 0.05 --omega -0.1 --nu 1.2 --tau 1"
check $VG $BIN map $P --json
check $VG $BIN map $P --method quad
check $VG $BIN map $P --method mpfr --precision 200
check $VG $BIN jacobian $P --json
check $VG $BIN jacobian $P --method quad
check $VG $BIN jacobian $P --method mpfr
check $VG $BIN bench map --points 2000 --repeat 1
check $VG $BIN constants --digits 200
check $VG $BIN constants --mean -0.1 --var 2 --omega 1 --tau 1 --json
check sh -c "$VG $BIN constants --mean 1 --var 1; [ \$? -eq 1 ]"
check $VG $BIN dropout --rate 0.1 --mean 0.1 --var 0.9
check $VG $BIN fixedpoint --mu 0.5 --nu 3 --trace --json
check sh -c "$VG $BIN verify all --grid 6; [ \$? -eq 1 ]"   # the paper's Lemma 9 and Theorem 1 bounds fail
check $VG $BIN verify theorem3b --grid 6 --rigorous --certificate "${TMPDIR:-/tmp}/selfnorm-vg.cert"
check $VG $BIN check-certificate "${TMPDIR:-/tmp}/selfnorm-vg.cert"
check sh -c "head -c 500 ${TMPDIR:-/tmp}/selfnorm-vg.cert > ${TMPDIR:-/tmp}/selfnorm-vg2.cert; $VG $BIN check-certificate ${TMPDIR:-/tmp}/selfnorm-vg2.cert; [ \$? -eq 2 ]"
check $VG $BIN mlp --depth 3 --width 16 --batch 16 --gradients --dropout 0.1 --json
check $VG $BIN mlp --depth 3 --width 16 --batch 16 --activation tanh --precision double
check $VG $BIN mlp --depth 3 --width 16 --batch 16 --activation gelu --gradients --precision double
check $VG $BIN mlp --depth 3 --width 16 --batch 16 --activation silu
check $VG $BIN bench map --activation gelu --points 300 --repeat 1
check sh -c "$VG $BIN verify theorem3a --grid 6 --domain nu=0.02:1; [ \$? -eq 1 ]"
check sh -c "printf '0 0 1 1\n0.1 0.1 0.9 1\n' | $VG $BIN map --stdin"
check sh -c "printf '0 0 1 1\n0.1 0.1 x 1\n' | $VG $BIN map --stdin; [ \$? -eq 2 ]"
check sh -c "printf 'tau,nu,omega,mu\n1,1,0,0\n' | $VG $BIN jacobian --stdin --format jsonl"
check sh -c "printf '0 0 1 1 1.67 1.05\n' | $VG $BIN jacobian --stdin --method mpfr --format csv"
check sh -c "$VG $BIN map --mu 0 --omega 0 --nu -1 --tau 1; [ \$? -eq 2 ]"
check $VG $BIN activations --json
check $VG $BIN map $P --activation gelu --json
check $VG $BIN jacobian $P --activation leaky_relu:0.2
check $VG $BIN fixedpoint --activation tanh --tau 2 --json
check sh -c "$VG $BIN map $P --activation gelo; [ \$? -eq 2 ]"
check $VG $BIN plot vectorfield --activation silu --grid 3 --trajectories
check $VG $BIN init kaiming_normal --nonlinearity selu --depth 3 --width 32 --check --batch 16 --dropout 0.1 --json
check sh -c "$VG $BIN init lecun_normal --activation relu --depth 2 --width 16; [ \$? -eq 1 ]"
check $VG $BIN init orthogonal --width 16 --depth 2 --check --batch 8
check sh -c "$VG $BIN init kaiming_normall; [ \$? -eq 2 ]"
check $VG $BIN mlp --depth 2 --width 16 --batch 8 --pairs 0.5 --json

VGB=${TMPDIR:-/tmp}/selfnorm-vg.bundle
rm -f "$VGB"
check $VG $BIN atlas theorem1 --alpha 1.66:1.68:2 --lambda 1.04:1.06:2 --bundle "$VGB" --json
check $VG $BIN check-certificate "$VGB"
check $VG $BIN plot atlas --bundle "$VGB"
check sh -c "$VG $BIN atlas --alpha 1.7:1.6:2 --lambda 1:1.1:2; [ \$? -eq 2 ]"
rm -f "$VGB"

check $VG "$BUILD/tests/test_precise"
check $VG "$BUILD/tests/test_constants"
check $VG "$BUILD/tests/test_lib"
check $VG "$BUILD/tests/test_dataset"
check $VG "$BUILD/tests/test_npy"
rm -f "${TMPDIR:-/tmp}/selfnorm-vg.$$" "${TMPDIR:-/tmp}/selfnorm-vg.cert" "${TMPDIR:-/tmp}/selfnorm-vg2.cert"
echo "valgrind: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
