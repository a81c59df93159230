#!/bin/sh
# CLI contract tests: exit codes, messages on stderr, nothing on stdout on error, JSON keys.
# Usage: test_cli.sh path/to/selfnorm. Prints "cli: N passed, M failed".
set -u
BIN=${1:?usage: test_cli.sh BINARY}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0

ok()   { pass=$((pass + 1)); }
bad()  { fail=$((fail + 1)); echo "FAIL: $*"; }

# run CODE ARGS...: runs the binary, checks the exit code; keeps stdout/stderr in $TMP.
run() {
    want=$1; shift
    "$BIN" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
    got=$?
    if [ "$got" -ne "$want" ]; then bad "exit $got (want $want): selfnorm $*"; sed 's/^/    /' "$TMP/err"; return 1; fi
    ok
    return 0
}

# usage_error ARGS...: exit 2, one line on stderr naming the problem, nothing on stdout.
usage_error() {
    run 2 "$@" || return
    if [ -s "$TMP/out" ]; then bad "stdout not empty: selfnorm $*"; else ok; fi
    if [ "$(wc -l <"$TMP/err")" -ne 1 ]; then bad "stderr not one line: selfnorm $*"; cat "$TMP/err"; else ok; fi
}

# has PATTERN: stdout contains the fixed string
has() {
    if grep -qF -- "$1" "$TMP/out"; then ok; else bad "output lacks '$1'"; sed 's/^/    /' "$TMP/out"; fi
}

P="--mu 0 --omega 0 --nu 1 --tau 1"

# --- general
run 0 --version && has "selfnorm "
run 0 help && has "map"
run 0 help map && has "usage: selfnorm map"
usage_error
usage_error frobnicate
for c in map jacobian bench; do run 0 $c --help && has "usage: selfnorm $c"; done

# --- map at the fixed point
run 0 map $P --json && has '"nu_new":1' && has '"mu_new":'
run 0 map $P && has "nu_new = 1"
run 0 map $P --method quad --json && has '"method":"quad"'
run 0 map $P --method mpfr --precision 128 --json && has '"mu_new":"' && has '"precision":128'
run 0 map --mu=0.1 --omega=-0.1 --nu=0.8 --tau=1.1 --json && has '"mu_new":'

# --- map: bad input of every kind
usage_error map --mu 0 --omega 0 --nu 1
usage_error map --mu 0 --omega 0 --nu abc --tau 1
usage_error map --mu 0 --omega 0 --nu 0x --tau 1
usage_error map --mu 0 --omega 0 --nu 0x10 --tau 1
usage_error map --mu nan --omega 0 --nu 1 --tau 1
usage_error map --mu 0 --omega inf --nu 1 --tau 1
usage_error map --mu 0 --omega 0 --nu -1 --tau 1
usage_error map --mu 0 --omega 0 --nu 0 --tau 1
usage_error map --mu 0 --omega 0 --nu 1 --tau 0
usage_error map $P --alpha 0
usage_error map $P --lambda -1
usage_error map --mu 1e999 --omega 0 --nu 1 --tau 1
usage_error map --mu 1e-999 --omega 0 --nu 1 --tau 1
usage_error map --mu 1e200 --omega 1e200 --nu 1 --tau 1
usage_error map --mu 0 --omega 0 --nu 1e-200 --tau 1e-200
usage_error map $P --bogus 1
usage_error map $P --method simpson
usage_error map $P --precision 64
usage_error map $P --method mpfr --precision 5
usage_error map $P --method mpfr --precision 1000001
usage_error map $P --mu 1
usage_error map $P extra
usage_error map --mu
usage_error map $P --json=yes
usage_error map --mu 0 --omega 0 --nu "" --tau 1

# --- jacobian
run 0 jacobian $P --json && has '"jacobian":[[0,0.0888347551' && has '"spectral_norm":0.7876733604'
run 0 jacobian $P --method quad --json && has '"spectral_norm":0.78767336'
run 0 jacobian $P --method mpfr --precision 100 --json && has '"spectral_norm":"0.78767336046571560205'
usage_error jacobian --mu 0 --omega 0 --nu -1 --tau 1
usage_error jacobian $P --stdin

# --- map --stdin
printf '0 0 1 1\n# a comment\n\n0.1 -0.1 0.8 1.1\n  -1   2  3 0.5  \n' | "$BIN" map --stdin >"$TMP/out" 2>"$TMP/err"
if [ $? -eq 0 ] && [ "$(wc -l <"$TMP/out")" -eq 3 ] && [ "$(awk 'NF != 6' "$TMP/out" | wc -l)" -eq 0 ]; then ok; else bad "map --stdin rows"; cat "$TMP/out" "$TMP/err"; fi
if head -n 1 "$TMP/out" | grep -q '^0 0 1 1 -1.16651242815844e-16 1$\|^0 0 1 1 [-0-9.e]* 1$'; then ok; else bad "map --stdin first row"; head -n 1 "$TMP/out"; fi
if sed -n 3p "$TMP/out" | grep -q '^-1 2 3 0.5 '; then ok; else bad "map --stdin echo"; sed -n 3p "$TMP/out"; fi

stdin_error() {  # stdin_error LINE_NO INPUT [ARGS]: exit 2, message names the line
    input=$2; shift 2
    printf "$input" | "$BIN" map --stdin "$@" >"$TMP/out" 2>"$TMP/err"
    if [ $? -eq 2 ] && grep -q "line $line_no" "$TMP/err"; then ok; else bad "stdin error at line $line_no for '$input'"; cat "$TMP/err"; fi
}
line_no=2; stdin_error 2 '0 0 1 1\n0 0 1\n'
line_no=3; stdin_error 3 '0 0 1 1\n# c\n0 0 1 1 5\n'
line_no=1; stdin_error 1 '0 0 -1 1\n'
line_no=2; stdin_error 2 '0 0 1 1\n0 0 nan 1\n'
line_no=1; stdin_error 1 'a b c d\n'
line_no=1; stdin_error 1 '0,0,1,1\n'
printf '0 0 1 1\n0 0 1\n' | "$BIN" map --stdin >"$TMP/out" 2>/dev/null
if [ "$(wc -l <"$TMP/out")" -eq 1 ]; then ok; else bad "rows before a bad line are written"; fi
printf '' | "$BIN" map --stdin >"$TMP/out" 2>"$TMP/err"
if [ $? -eq 0 ] && [ ! -s "$TMP/out" ]; then ok; else bad "empty stdin"; fi
printf '0 0 1 1\n' | "$BIN" map --stdin --method mpfr --precision 80 >"$TMP/out" 2>"$TMP/err"
if [ $? -eq 0 ] && grep -q '^0 0 1 1 [-0-9.e]* 1$' "$TMP/out"; then ok; else bad "stdin mpfr"; cat "$TMP/out" "$TMP/err"; fi
usage_error map --stdin --json
usage_error map --stdin --mu 0

# --- constants and dropout
run 0 constants && has "alpha  = 1.67326324235437728481704299167" && has "lambda = 1.05070098735548049341933498529"
run 0 constants --digits 32 --json && has '"alpha":"1.6732632423543772848170429916717"' && has '"lambda":"1.0507009873554804934193349852946"'
run 0 constants --mean -0.1 --var 2 --omega 1 --tau 1 --digits 15 && has "1.97690219542420" && has "1.07385123961605"
run 0 constants --mean 0.1 --digits 2000 && has "alpha  = 1.3119574562734102226470439237156435919754909166294020012831"
run 0 dropout --rate 0.1 --mean 0.1 --digits 500 && has "alpha_prime = -"
run 1 constants --mean 1 --var 1
if [ -s "$TMP/out" ]; then bad "no-solution prints nothing on stdout"; else ok; fi
usage_error constants --digits 0
usage_error constants --digits -3
usage_error constants --digits abc
usage_error constants --digits 1000001
usage_error constants --var -1
usage_error constants --var 0
usage_error constants --tau 0
usage_error constants --mean abc
usage_error constants --mean nan
run 0 dropout --rate 0.05 --json && has '"a":"0.95484447600503088"' && has '"b":"0.083935572193810187"' && has '"alpha_prime":"-1.7580993408473769"'
run 0 dropout --rate 0 && has "a           = 1"
usage_error dropout
usage_error dropout --rate 1
usage_error dropout --rate -0.1
usage_error dropout --rate 1.5
usage_error dropout --rate x
usage_error dropout --rate 0.1 --var -1
usage_error dropout --rate 0.1 --digits 0

# --- fixedpoint
run 0 fixedpoint --json && has '"mu":' && has '"spectral_norm":0.787673' && has '"converged":true'
run 0 fixedpoint --omega 0.1 --tau 1.1 --from 0.5,3 --trace && has "distance" && has "reaches it in"
run 0 fixedpoint --from=0.5,3 --trace --json && has '"trace":[{"k":0,"mu":0.5,"nu":3'
usage_error fixedpoint --from 0.5
usage_error fixedpoint --from 0.5,-3
usage_error fixedpoint --from a,b
usage_error fixedpoint --tau 0
usage_error fixedpoint --alpha -1
usage_error fixedpoint --max-iterations 0

# --- verify
run 0 verify all --json && has '"holds":true' && has '"name":"theorem1"' && has '"max_spectral_norm":0.8976083' && has '"max_var_increase":-0.1197442' && has '"min_var_increase":'
run 0 verify theorem1 && has "Banach" && has "published 0.897608" && has "looser -0.03106"
run 0 verify theorem2 theorem3b --grid 10 && has "theorem3b"
run 1 verify theorem3a --domain nu=0.02:1.0 --grid 12 --json && has '"holds":false' && has '"counterexample":{"quantity":"min_var_increase"'
run 1 verify theorem3a --domain nu=0.02:1.0 --grid 12 && has "FAILS"
usage_error verify
usage_error verify theorem9
usage_error verify all theorem1
usage_error verify theorem1 theorem1
usage_error verify theorem1 --grid 1
usage_error verify theorem1 --grid 201
usage_error verify theorem1 --rigorous --max-boxes 20000001
usage_error verify all --domain mu=0:1
usage_error verify theorem1 --domain ''
usage_error verify theorem1 --domain mu=1:0
usage_error verify theorem1 --domain nu=0:1
usage_error verify theorem1 --domain nu=-1:1
usage_error verify theorem1 --domain tau=0:1
usage_error verify theorem1 --domain sigma=0:1
usage_error verify theorem1 --domain mu=a:b
usage_error verify theorem1 --domain mu=0.1
usage_error verify theorem1 --domain mu=0:1,mu=0:1
usage_error verify theorem1 --domain mu=0:1,
usage_error verify theorem1 --domain garbage
usage_error verify theorem1 --alpha 0
run 0 verify all --rigorous --json && has '"rigorous":true' && has '"max_spectral_norm":[0.8976' && has '"certified":{"max_var_increase":"holds"}'
run 0 verify theorem1 --rigorous && has "proven by ball arithmetic" && has "consistent with the enclosure"
run 1 verify theorem3a --rigorous --domain nu=0.02:1.0 --grid 10 && has "FAILS (certified)"
run 1 verify theorem1 --rigorous --max-boxes 10 && has "UNDECIDED"
run 0 verify theorem3a --rigorous --explore nu.hi --max-boxes 100000 --json && has '"bound":"nu.hi","certified":0.4070'
usage_error verify theorem3a --explore nu.hi
usage_error verify all --rigorous --explore nu.hi
usage_error verify theorem3a --rigorous --explore sigma.hi
usage_error verify theorem3a --rigorous --explore nu.top
# --- certificates: written, re-verified, and hostile variants rejected
run 0 verify theorem3a --rigorous --certificate "$TMP/t3.cert" && ok
run 0 check-certificate "$TMP/t3.cert" && has "proves the statement"
run 0 check-certificate "$TMP/t3.cert" --json --precision 200 && has '"verified":true' && has '"holds":true'
head -c 600 "$TMP/t3.cert" > "$TMP/trunc.cert"; usage_error check-certificate "$TMP/trunc.cert"
sed 's/^enclosure .*/enclosure 0x1p-7 0x1p-7/' "$TMP/t3.cert" > "$TMP/lie.cert"; run 1 check-certificate "$TMP/lie.cert" && has "DOES NOT VERIFY"
awk '/^boxes/ { print "boxes " $2 - 1; next } { print } ' "$TMP/t3.cert" | awk 'NR != 9' > "$TMP/gap.cert"; run 1 check-certificate "$TMP/gap.cert" && has "do not tile"
sed '9s/^[^ ]* /-0x1p+3 /' "$TMP/t3.cert" > "$TMP/out.cert"; run 1 check-certificate "$TMP/out.cert" && has "outside the domain"
sed 's/^statement .*/statement theorem7/' "$TMP/t3.cert" > "$TMP/stmt.cert"; usage_error check-certificate "$TMP/stmt.cert"
sed 's/^boxes .*/boxes 99999999999/' "$TMP/t3.cert" > "$TMP/huge.cert"; usage_error check-certificate "$TMP/huge.cert"
sed '9s/0x/nan /' "$TMP/t3.cert" > "$TMP/nan.cert"; usage_error check-certificate "$TMP/nan.cert"
printf 'garbage\n' > "$TMP/garbage.cert"; usage_error check-certificate "$TMP/garbage.cert"
: > "$TMP/empty.cert"; usage_error check-certificate "$TMP/empty.cert"
usage_error check-certificate "$TMP/does-not-exist.cert"
usage_error check-certificate "$TMP"
usage_error check-certificate
usage_error verify all --rigorous --certificate "$TMP/x.cert"
usage_error verify theorem1 --certificate "$TMP/x.cert"
usage_error verify theorem1 --width 1e-4
usage_error verify theorem1 --rigorous --width 0
usage_error verify theorem1 --rigorous --max-boxes 0

# --- mlp
run 0 mlp --depth 5 --width 64 --batch 128 --json && has '"layers":[{"layer":0' && has '"predicted_var":' && has '"activation":"selu"'
run 0 mlp --depth 4 --width 64 --batch 64 --gradients --activation relu && has "gradient norm factor" && has "pred var"
# the gradient factor says which way it runs and what it compounds to over the depth
run 0 mlp --depth 4 --width 64 --batch 64 --gradients --activation relu && has "< 1: vanishing" && has " over 4 layers (predicted x"
run 0 mlp --depth 6 --width 256 --batch 64 --gradients && has "> 1: exploding" && has " over 6 layers"
run 0 mlp --depth 3 --width 32 --batch 32 --gradients --json && has '"measured_over_depth":' && has '"predicted_over_depth":' && has '"init":"lecun"'
run 0 mlp --depth 3 --width 32 --batch 32 --activation relu --init he --json && has '"init":"he"'
run 0 mlp --depth 3 --width 32 --batch 32 --tsv --gradients && has "layer	mean	var	predicted_mean	predicted_var	grad_norm"
run 0 mlp --depth 3 --width 32 --batch 32 --activation tanh --dropout 0.2 --precision double --json && has '"precision":"double"'
run 0 mlp --depth 3 --width 32 --batch 32 --weight-omega 0 --weight-tau 1 --json && has '"omega_sd":'
usage_error mlp --depth 0
usage_error mlp --depth -3
usage_error mlp --width 0
usage_error mlp --batch 0
usage_error mlp --width 1 --batch 1
usage_error mlp --activation softmax
usage_error mlp --init xavier
usage_error mlp --precision half
usage_error mlp --dropout 1
usage_error mlp --dropout -0.1
usage_error mlp --input-var 0
usage_error mlp --width 1000000 --batch 1000000
usage_error mlp --depth 100000 --width 100000 --batch 100000 --gradients
usage_error mlp --init he --weight-omega 0.1
usage_error mlp --weight-omega 10 --weight-tau 1 --width 4
usage_error mlp --json --tsv
usage_error mlp --depth abc

# --- plot data and the report
for fig in vectorfield activations varincrease spectral constants; do
    run 0 plot $fig && has "# "
done
run 0 plot vectorfield && if [ "$(grep -vc '^#' "$TMP/out")" -gt 100 ]; then ok; else bad "vectorfield rows"; fi
usage_error plot
usage_error plot piechart
# the report written as the default analysis/REPRODUCTION.md would be: relative to its directory
BIN_ABS=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
mkdir -p "$TMP/analysis"
if (cd "$TMP" && "$BIN_ABS" report --output analysis/report.md >"$TMP/out" 2>"$TMP/err"); then ok; else bad "report failed"; cat "$TMP/err"; fi
has "0 fail)"
mv "$TMP/analysis/report.md" "$TMP/report.md"
# provenance, scope, and figure links that work from analysis/ (../build/plots/)
for want in "## Provenance" "| selfnorm | " "commit \`" "| compiler | " "| GSL | " "| MPFR | " "| FLINT / Arb | " \
            "| OpenBLAS | " "| CPU | " "| threads | OpenMP " "| seeds | " "| run time | " "## Scope" "training curves of Figure 1" \
            "UCI" "Tox21" "HTRU2" "](../build/plots/mlp.png)" "](../build/plots/vectorfield.svg)" "make plots"; do
    if grep -qF -- "$want" "$TMP/report.md"; then ok; else bad "report lacks '$want'"; fi
done
# the paper's stated Theorem 1 bounds, compared with the certified extremes
if grep -qF -- "- μ̃ ≥ −0.03106: **violated**" "$TMP/report.md" && grep -qF -- "- ν̃ ≤ 1.48617: holds" "$TMP/report.md"; then ok; else bad "stated bounds"; fi
if grep -q "verdicts pass, 0 fail" "$TMP/report.md" && grep -qF '| 1.6732632423543772848170429916717 | `selu.py`' "$TMP/report.md" \
    && grep -qF '| 1.6732632423543772848170429916717 | 0 (every digit) | pass |' "$TMP/report.md"; then ok; else bad "report content"; fi
# every published figure names its source: no row of a sourced table has an empty source column
if grep -E '^\| [^|]+ \| [^|]+ \|  \|' "$TMP/report.md"; then bad "report row without a source"; else ok; fi
run 1 report --output "$TMP/report2.md" --alpha 1.7 && has "fail)"
if grep -q '\*\*FAIL\*\*' "$TMP/report2.md"; then ok; else bad "a changed constant must fail verdicts"; fi
# an absolute --output gets absolute figure links
if grep -qF -- "]($(pwd)/build/plots/mlp.png)" "$TMP/report2.md"; then ok; else bad "absolute figure links"; fi
usage_error report --output /nonexistent-dir/r.md
usage_error report --alpha -1

# --- bench
run 0 bench map --points 1000 --repeat 1 --json && has '"evals_per_second":'
usage_error bench
usage_error bench warp
usage_error bench map --points 0
usage_error bench map --points 1e12
usage_error bench map --points 1000000000000
usage_error bench map --threads -1
run 0 bench constants --digits 1000 --repeat 1 --json && has '"seconds":'
usage_error bench constants --digits 0
run 0 bench verify --grid 8 --json && has '"seconds":'
run 0 bench mlp --depth 2 --width 64 --batch 64 --repeat 1 --json && has '"fraction_of_gemm":'
run 0 bench gemm --depth 2 --width 64 --batch 64 --repeat 1 && has "GFLOP/s"
usage_error bench mlp --width 0
usage_error bench mlp --precision half

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
