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

# lacks PATTERN: stdout does not contain the fixed string
lacks() {
    if grep -qF -- "$1" "$TMP/out"; then bad "output has '$1'"; sed 's/^/    /' "$TMP/out"; else ok; fi
}

# has_err PATTERN: stderr contains the fixed string
has_err() {
    if grep -qF -- "$1" "$TMP/err"; then ok; else bad "stderr lacks '$1'"; sed 's/^/    /' "$TMP/err"; fi
}

# quiet: nothing on stderr
quiet() {
    if [ -s "$TMP/err" ]; then bad "stderr not empty"; sed 's/^/    /' "$TMP/err"; else ok; fi
}
# quiet but for training progress: one line per epoch of each run
quiet_but_progress() {
    if grep -v '^figure1: .*: epoch [0-9]*: training loss' "$TMP/err" | grep -q .; then bad "stderr has more than progress"; sed 's/^/    /' "$TMP/err"; else ok; fi
}

P="--mu 0 --omega 0 --nu 1 --tau 1"
# Debian's python3 (NumPy is installed for it; a python3 earlier on PATH may lack it)
PY=python3; [ -x /usr/bin/python3 ] && PY=/usr/bin/python3
BIN_ABS=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
# magic NAME: the first bytes of $TMP/NAME say PNG, SVG or PDF as its extension does
magic() {
    case $1 in
    *.png) head -c 4 "$TMP/$1" | od -An -c | grep -q 'P   N   G' ;;
    *.svg) grep -q '<svg' "$TMP/$1" ;;
    *.pdf) head -c 5 "$TMP/$1" | grep -q '%PDF-' ;;
    esac
    if [ $? -eq 0 ]; then ok; else bad "$1 is not what its extension says"; fi
}
json_ok() { if $PY -c 'import json,sys; json.load(sys.stdin)' <"$TMP/out" 2>/dev/null; then ok; else bad "invalid JSON: selfnorm $*"; fi; }

# --- general
run 0 --version && has "selfnorm "
run 0 help && has "map" && has "  check-certificate  re-verify a proof certificate and say exactly what it proves"
usage_error verfy all
if grep -qF "did you mean 'verify'?" "$TMP/err"; then ok; else bad "no suggestion for a mistyped command"; fi
usage_error verify all --rigourous
if grep -qF "did you mean '--rigorous'?" "$TMP/err"; then ok; else bad "no suggestion for a mistyped option"; fi
usage_error map --zzzzzz 1
if grep -qF "did you mean" "$TMP/err"; then bad "a far-off option got a suggestion"; else ok; fi
run 0 map --version && has "selfnorm 0."
# one vocabulary: mlp takes --mu/--nu, --omega/--tau, --dtype; the old spellings stay
run 0 mlp --depth 3 --width 64 --batch 32 --mu 0.5 --nu 3 --json && cp "$TMP/out" "$TMP/new.json"
run 0 mlp --depth 3 --width 64 --batch 32 --input-mean 0.5 --input-var 3 --json
if cmp -s "$TMP/out" "$TMP/new.json"; then ok; else bad "mlp --mu/--nu differ from --input-mean/--input-var"; fi
run 0 mlp --depth 3 --width 64 --batch 32 --omega 0 --tau 1 --dtype double --json && has '"init":"normalized"' && has '"dtype":"double"'
usage_error mlp --mu 1 --input-mean 1
usage_error mlp --dtype half
usage_error mlp --nu 0
# bash completion: commands, and each command's options, from the program itself
COMPL=$(dirname "$0")/../../scripts/selfnorm-completion.bash
complete_words() { bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _selfnorm; printf "%s\n" "${COMPREPLY[@]}"' _ "$COMPL" "$@"; }
if complete_words "$BIN" ver | grep -qx verify; then ok; else bad "completion of commands"; fi
if complete_words "$BIN" verify --rig | grep -qx -- --rigorous; then ok; else bad "completion of options"; fi
if complete_words "$BIN" check-certificate --req | grep -qx -- --require-paper; then ok; else bad "completion of options"; fi
# the man page, generated from the help texts: well-formed troff, every command in it
MANSH=$(dirname "$0")/../../scripts/manpage.sh
if sh "$MANSH" "$BIN" > "$TMP/selfnorm.1" && [ -z "$(preconv "$TMP/selfnorm.1" | groff -man -Tutf8 -ww -z 2>&1)" ]; then ok; else bad "man page has troff warnings"; fi
for c in map jacobian constants dropout fixedpoint verify check-certificate mlp init plot report bench; do
    if grep -q "^\.SS $c\$" "$TMP/selfnorm.1"; then ok; else bad "man page lacks $c"; fi
done
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
run 0 jacobian $P --json && has '"input":{"mu":0,"omega":0,"nu":1,"tau":1,"alpha":1.6732632423543772,"lambda":1.0507009873554805,"activation":"selu","method":"closed"}' \
    && has '"mu_new":-1.1665124281584399e-16,"nu_new":1,"fixed_point":true'
# stability at the paper's fixed point: eigenvalues 0.782648 and 0 (published), both verdicts yes
run 0 jacobian $P --json && has '"eigenvalues":[{"re":0.78264788319681' && has '{"re":0,"im":0}]' \
    && has '"spectral_radius":0.78264788319681' && has '"attracting":true' \
    && has '"contraction_2norm":true' && has '"fixed_point":true'
run 0 jacobian $P && has "eigenvalues      0.78264788319681" && has "< 1: attracting" \
    && has "< 1: a contraction in the 2-norm" && has "is a fixed point of g"
run 0 jacobian $P --method quad --json && has '"spectral_radius":0.78264788' && has '"attracting":true'
run 0 jacobian $P --method mpfr --precision 100 --json && has '"spectral_radius":0.78264788' && has '"attracting":true'
run 0 jacobian --mu 0.5 --omega 1 --nu 3 --tau 1 --json && has '"fixed_point":false' && has '"attracting":false'
run 0 jacobian --mu 0.5 --omega 1 --nu 3 --tau 1 && has "is not a fixed point of g"
# a point where H has a complex pair of eigenvalues, 0.8055968 ± 0.0012544605i
run 0 jacobian --mu 1 --omega 0.75 --nu 1 --tau 0.75 && has "eigenvalues      0.8055968" \
    && has " ± 0.0012544605"
run 0 jacobian --mu 1 --omega 0.75 --nu 1 --tau 0.75 --json && has '"im":0.0012544605' && has '"im":-0.0012544605'

# --- map --stdin and jacobian --stdin: one reader, three formats, nothing on stdout on error
printf '0 0 1 1\n# a comment\n\n0.1 -0.1 0.8 1.1\n  -1   2  3 0.5  \n' | "$BIN" map --stdin >"$TMP/out" 2>"$TMP/err"
if [ $? -eq 0 ] && [ "$(wc -l <"$TMP/out")" -eq 4 ] && [ "$(grep -v '^#' "$TMP/out" | awk -F '\t' 'NF != 6' | wc -l)" -eq 0 ]; then ok; else bad "map --stdin rows"; cat "$TMP/out" "$TMP/err"; fi
has "# mu	omega	nu	tau	mu_new	nu_new" && has "0	0	1	1	-1.1665124281584399e-16	1" && has "-1	2	3	0.5	" && quiet
# rows_in INPUT ARGS...: runs the binary with INPUT on stdin, output in $TMP/out, $TMP/err
rows_in() { input=$1; shift; printf "$input" | "$BIN" "$@" >"$TMP/out" 2>"$TMP/err"; rows_rc=$?; }
# commas, mixtures with spaces, and a header in any order give the same rows
rows_in '0 0 1 1\n0.1 -0.1 0.8 1.1\n' map --stdin; cp "$TMP/out" "$TMP/plain"
for input in '0,0,1,1\n0.1,-0.1,0.8,1.1\n' '0, 0, 1, 1\n0.1 ,-0.1,\t0.8 1.1\n' 'nu tau mu omega\n1 1 0 0\n0.8 1.1 0.1 -0.1\n' \
             '# a comment\ntau,omega,nu,mu\n\n1,0,1,0\n1.1,-0.1,0.8,0.1\n'; do
    rows_in "$input" map --stdin
    if [ $rows_rc -eq 0 ] && cmp -s "$TMP/out" "$TMP/plain"; then ok; else bad "map --stdin for '$input'"; cat "$TMP/out" "$TMP/err"; fi
done
rows_in 'mu,omega,nu,tau\n0,0,1,1\n' map --stdin --format csv
if [ $rows_rc -eq 0 ] && [ "$(cat "$TMP/out")" = "$(printf 'mu,omega,nu,tau,mu_new,nu_new\n0,0,1,1,-1.1665124281584399e-16,1')" ]; then ok; else bad "map --format csv"; cat "$TMP/out"; fi
# jsonl: one object per row with the keys of --json
"$BIN" map $P --json > "$TMP/single"
rows_in '0 0 1 1\n0 0 1 1\n' map --stdin --format jsonl
if [ $rows_rc -eq 0 ] && [ "$(sort -u "$TMP/out")" = "$(cat "$TMP/single")" ] && [ "$(wc -l <"$TMP/out")" -eq 2 ]; then ok; else bad "map --format jsonl = --json"; cat "$TMP/out" "$TMP/single"; fi
# alpha and lambda as columns: 6 fields without a header, or named in one; echoed
rows_in '0 0 1 1 1.6733 1.0507\n' map --stdin && has "# mu	omega	nu	tau	alpha	lambda	mu_new	nu_new" && has "0	0	1	1	1.6733	1.0507	"
rows_in 'lambda alpha mu omega nu tau\n1.0507 1.6733 0 0 1 1\n' map --stdin --format jsonl && has '"alpha":1.6733,"lambda":1.0507'
rows_in '0 0 1 1\n' map --stdin --alpha 1.6733 --lambda 1.0507 && has "0	0	1	1	-9.2081463637949893e-06	1.0000178042816195"
"$BIN" jacobian $P --json > "$TMP/single"
rows_in 'mu omega nu tau\n0 0 1 1\n' jacobian --stdin --format jsonl
if [ $rows_rc -eq 0 ] && cmp -s "$TMP/out" "$TMP/single"; then ok; else bad "jacobian --format jsonl = --json"; cat "$TMP/out" "$TMP/single"; fi
rows_in '0,0,1,1\n1 0.75 1 0.75\n' jacobian --stdin && has "# mu	omega	nu	tau	jacobian_11	jacobian_12	jacobian_21	jacobian_22	spectral_norm	spectral_radius	attracting	contraction_2norm	fixed_point" \
    && has "0	0	1	1	0	0.088834755106890068	0	0.78264788319681267	0.78767336046571546	0.78264788319681267	true	true	true" \
    && has "1	0.75	1	0.75	0.80483835761681977	" && has "	true	true	false"
rows_in '0 0 1 1\n' jacobian --stdin --format csv --method quad && has "spectral_radius,attracting" && has "0,0,1,1,0,0.0888347551"
rows_in '0 0 1 1\n' jacobian --stdin --method mpfr --precision 80 --format jsonl && has '"method":"mpfr","precision":80' && has '"attracting":true'

# stdin_error LINE_NO INPUT [COMMAND ARGS]: exit 2, one line naming the line on stderr, stdout empty
stdin_error() {
    line_no=$1; input=$2; shift 2
    [ $# -gt 0 ] || set -- map
    cmd=$1; shift
    rows_in "$input" "$cmd" --stdin "$@"
    if [ $rows_rc -eq 2 ] && grep -q "line $line_no:" "$TMP/err" && [ "$(wc -l <"$TMP/err")" -eq 1 ] && [ ! -s "$TMP/out" ]; then ok
    else bad "$cmd --stdin error at line $line_no for '$input' (exit $rows_rc)"; cat "$TMP/out" "$TMP/err"; fi
}
for c in map jacobian; do
    stdin_error 2 '0 0 1 1\n0 0 1\n' $c                      # field count
    stdin_error 3 '0 0 1 1\n# c\n0 0 1 1 5\n' $c
    stdin_error 2 '0 0 1 1\n0 0 1 1 1 1 1\n' $c
    stdin_error 1 '0 0 1\n' $c
    stdin_error 1 '0 0 -1 1\n' $c                           # negative variance
    stdin_error 1 '0 0 1 0\n' $c
    stdin_error 2 '0 0 1 1\n0 0 nan 1\n' $c                 # not numbers
    stdin_error 2 '0 0 1 1\n0 inf 1 1\n' $c
    stdin_error 2 '0 0 1 1\n0x1 0 1 1\n' $c
    stdin_error 2 '0 0 1 1\n1e999 0 1 1\n' $c
    stdin_error 1 'a b c d\n' $c                            # header: unknown, duplicate, missing
    stdin_error 1 'mu omega nu sigma\n' $c
    stdin_error 2 '# c\nmu omega nu nu\n0 0 1 1\n' $c
    stdin_error 1 'mu omega nu\n' $c
    stdin_error 1 'mu omega nu tau alpha lambda mu\n' $c
    stdin_error 3 'mu omega nu tau\n0 0 1 1\n0 0 1\n' $c
    stdin_error 1 '0,,1,1\n' $c                             # empty fields
    stdin_error 1 '0,0,1,1,\n' $c
    stdin_error 1 '0 0 1 1 -1 1\n' $c                       # alpha <= 0
    stdin_error 2 'mu omega nu tau lambda\n0 0 1 1 0\n' $c
done
# the rows before a bad one are not written: stdout stays empty, whatever the format
for f in tsv csv jsonl; do stdin_error 3 '0 0 1 1\n0.1 0 1 1\n0 0 1\n' map --format $f; done
# a bad row after a whole chunk of good ones (the chunks are 16384 rows)
awk 'BEGIN { for (i = 0; i < 20000; i++) print "0 0 1 1"; print "0 0 -1 1" }' > "$TMP/many"
"$BIN" map --stdin < "$TMP/many" >"$TMP/out" 2>"$TMP/err"
if [ $? -eq 2 ] && [ ! -s "$TMP/out" ] && grep -q "line 20001:" "$TMP/err"; then ok; else bad "bad row after a chunk"; fi
head -n 20000 "$TMP/many" | "$BIN" map --stdin --format csv >"$TMP/out" 2>"$TMP/err"
if [ $? -eq 0 ] && [ "$(wc -l <"$TMP/out")" -eq 20001 ]; then ok; else bad "20000 rows"; fi
rows_in '0 0 1 1 2 1\n' map --stdin --alpha 2
if [ $rows_rc -eq 2 ] && [ ! -s "$TMP/out" ] && grep -q "cannot be combined" "$TMP/err"; then ok; else bad "--alpha and an alpha column"; fi
rows_in '' map --stdin
if [ $rows_rc -eq 0 ] && [ ! -s "$TMP/out" ]; then ok; else bad "empty stdin"; fi
rows_in '0 0 1 1\n' map --stdin --method mpfr --precision 80
if [ $rows_rc -eq 0 ] && grep -q '^0	0	1	1	[-0-9.e]*	1$' "$TMP/out"; then ok; else bad "stdin mpfr"; cat "$TMP/out" "$TMP/err"; fi
usage_error map --stdin --json
usage_error map --stdin --mu 0
usage_error map --stdin --format xml
usage_error map $P --format csv
usage_error jacobian --stdin --json
usage_error jacobian --stdin --tau 1

# --- constants and dropout
run 0 constants && has "alpha  = 1.67326324235437728481704299167" && has "lambda = 1.05070098735548049341933498529"
run 0 constants --digits 32 --json && has '"alpha":"1.6732632423543772848170429916717"' && has '"lambda":"1.0507009873554804934193349852946"'
run 0 constants --mean -0.1 --var 2 --omega 1 --tau 1 --digits 15 && has "1.97690219542420" && has "1.07385123961605"
# the notebook's target is a fixed point of its alpha, lambda, but a repelling one (a saddle,
# eigenvalues 1.108 and 0.607): said on stdout, warned on stderr, still exit 0
run 0 constants --mu -0.1 --nu 2 --omega 1 --tau 1 --digits 15 && has "1.97690219542420" \
    && has "eigenvalues      1.10838848762" && has "> 1: NOT attracting" \
    && has "> 1: not a contraction in the 2-norm" && lacks "< 1: attracting" \
    && has_err "warning: (-0.1, 2) is a fixed point" && has_err "does NOT attract"
run 0 constants --mu -0.1 --nu 2 --omega 1 --tau 1 --json && has '"attracting":false' \
    && has '"contraction_2norm":false' && has '"eigenvalues":[{"re":1.10838848762' \
    && has '"spectral_radius":1.10838848762' && has '"stability_precision":"double"' \
    && has_err "does NOT attract"
run 0 constants --json && has '"attracting":true' && has '"contraction_2norm":true' \
    && has '"spectral_radius":0.78264788319681' && quiet
run 0 constants --digits 3 && has "alpha  = 1.67" && has "< 1: attracting" && quiet
# nu*tau = 1e-400 is beyond doubles: the constants are proven, the stability is not computed
run 0 constants --mu 0 --nu 1e-200 --tau 1e-200 --digits 5 --json && has '"lambda":"1.0000e+100"' \
    && has '"attracting":null' && has '"stability_error":' && has_err "could not be checked"
run 0 constants --mu 0.1 --nu 0.9 --digits 20 && cp "$TMP/out" "$TMP/mu_nu"
run 0 constants --mean 0.1 --var 0.9 --digits 20
if cmp -s "$TMP/out" "$TMP/mu_nu"; then ok; else bad "constants --mean/--var differ from --mu/--nu"; fi
usage_error constants --mu 0.1 --mean 0.1
usage_error constants --nu 2 --var 2
usage_error constants --nu -1
usage_error constants --mu abc
run 0 dropout --rate 0.1 --mu 0.1 --nu 0.9 && cp "$TMP/out" "$TMP/mu_nu"
run 0 dropout --rate 0.1 --mean 0.1 --var 0.9
if cmp -s "$TMP/out" "$TMP/mu_nu"; then ok; else bad "dropout --mean/--var differ from --mu/--nu"; fi
usage_error dropout --rate 0.1 --mu 0 --mean 0
usage_error dropout --rate 0.1 --nu -1
run 0 constants --mean 0.1 --digits 2000 && has "alpha  = 1.3119574562734102226470439237156435919754909166294020012831"
run 0 dropout --rate 0.1 --mean 0.1 --digits 500 && has "alpha_prime = -"
run 1 constants --mean 1 --var 1
if [ -s "$TMP/out" ]; then bad "no-solution prints nothing on stdout"; else ok; fi
# one vocabulary in JSON: the inputs under "input" by their options' names; exit 1 still prints
run 1 constants --mean 1 --var 1 --json && has '{"input":{"mu":"1","nu":"1","omega":"0","tau":"1","digits":30},"solved":false,"error":"no alpha > 0'
run 0 constants --mean 0.1 --var 0.9 --digits 5 --json && has '{"input":{"mu":"0.1","nu":"0.9","omega":"0","tau":"1","digits":5},"solved":true,"alpha":"' && lacks '"mean"'
run 0 dropout --rate 0.1 --var 0.9 --json && has '{"input":{"rate":"0.1","mu":"0","nu":"0.9","omega":"0","tau":"1","digits":17},"solved":true,"a":"' && lacks '"var"'
run 0 map $P --json && has '{"input":{"mu":0,"omega":0,"nu":1,"tau":1,"alpha":1.6732632423543772,"lambda":1.0507009873554805,"activation":"selu","method":"closed"},"mu_new":'
run 0 map --mu 0.1 --omega 0 --nu 1 --tau 1 --lambda 1.05 --method mpfr --precision 64 --json \
    && has '{"input":{"mu":"0.1","omega":"0","nu":"1","tau":"1","alpha":"alpha01","lambda":"1.05","activation":"selu","method":"mpfr","precision":64},"mu_new":"'
run 0 fixedpoint --from 0.5,3 --omega 0.1 --json && has '{"input":{"mu":0.5,"nu":3,"omega":0.10000000000000001,"tau":1,"alpha":1.6732632423543772,"lambda":1.0507009873554805,"activation":"selu","max_iterations":1000},"found":true,"mu":' 
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
run 0 fixedpoint --omega 0.1 --tau 1.1 --mu 0.5 --nu 3 --trace && has "distance" && has "reaches it in"
run 0 fixedpoint --mu=0.5 --nu=3 --trace --json && has '"trace":[{"k":0,"mu":0.5,"nu":3' && cp "$TMP/out" "$TMP/mu_nu"
# --from MU,NU: the older spelling of the start, the same output; never both
run 0 fixedpoint --from=0.5,3 --trace --json
if cmp -s "$TMP/out" "$TMP/mu_nu"; then ok; else bad "fixedpoint --from differs from --mu/--nu"; fi
run 0 fixedpoint --nu 3 && has "iterating g from (0, 3)"
run 0 fixedpoint --mu 0.5 && has "iterating g from (0.5, 1)"
usage_error fixedpoint --from 0.5,3 --mu 0.5 && has_err "give one or the other"
usage_error fixedpoint --from 0.5,3 --nu 3
usage_error fixedpoint --nu 0
usage_error fixedpoint --nu -3
usage_error fixedpoint --mu abc
usage_error fixedpoint --from 0.5
usage_error fixedpoint --from 0.5,-3
usage_error fixedpoint --from a,b
usage_error fixedpoint --tau 0
usage_error fixedpoint --alpha -1
usage_error fixedpoint --max-iterations 0
# stability: the paper's fixed point attracts and g contracts there
run 0 fixedpoint --json && has '"eigenvalues":[{"re":0.78264788319681' && has '"attracting":true' \
    && has '"contraction_2norm":true' && has '"spectral_radius":0.78264788319681'
run 0 fixedpoint && has "< 1: attracting" && has "< 1: a contraction in the 2-norm"
# PyTorch's SELU gain 3/4 (tau = 9/16): spectral radius 0.9406 < 1 attracts, although the
# spectral norm 1.031 > 1 is no contraction in the 2-norm; the iteration converges
run 0 fixedpoint --omega 0 --tau 0.5625 && has "spectral radius  0.9405930916" && has "< 1: attracting" \
    && has "spectral norm    1.03096669360" && has "> 1: not a contraction in the 2-norm" \
    && has "reaches it in"
run 0 fixedpoint --omega 0 --tau 0.5625 --json && has '"attracting":true' \
    && has '"contraction_2norm":false' && has '"converged":true'
# iterations that do not converge exit 1, say so on stdout and why on stderr:
# omega = -2 has eigenvalue -1.95 at (0, 1): the mean flips sign and grows into a 2-cycle
# (3.69, -1.76) while nu collapses toward 0, until g fails
run 1 fixedpoint --omega -2 --mu 0.1 --nu 1 && has "> 1: NOT attracting" && has "does not reach it" \
    && has_err "does not converge" && has_err "not attracting"
run 1 fixedpoint --omega -2 --mu 0.1 --nu 1 --json && has '"converged":false' && has '"attracting":false'
# the notebook's saddle (-0.1, 2): from next to it the iteration diverges
run 1 fixedpoint --omega 1 --tau 1 --alpha 1.9769021954242 --lambda 1.07385123961605 --mu -0.1 --nu 2.01 \
    && has "eigenvalues      1.108388" && has "does not reach it in 1000 steps" && has_err "does not converge"
# an attracting fixed point that the iterations do not reach in time
run 1 fixedpoint --omega 0 --tau 0.5625 --max-iterations 10 && has "< 1: attracting" \
    && has_err "--max-iterations is too small"

# --- verify
run 1 verify all --json && has '"holds":false' && has '"name":"theorem1"' && has '"max_spectral_norm":0.8976083' && has '"max_var_increase":-0.1197442' && has '"min_var_increase":'
run 0 verify theorem1 && has "Banach" && has "published 0.897608"
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
run 1 verify all --rigorous --json && has '"rigorous":true' && has '"max_spectral_norm":["0.8976' && has '"certified":{"max_var_increase":"holds"}'
# every statement of the paper: the violated bounds are findings, with their margins
has '"name":"theorem1_bounds"' && has '"mean_min":{"verdict":"violated","margin":["-5.01' && has '"var_min":{"verdict":"holds_loose"'
has '"name":"lemma9"' && has '"name":"theorem16"' && has '"name":"theorem3a_appendix"' && has '"name":"theorem1_fixed_points","statement"'
run 0 verify theorem1 theorem1_image_box theorem1_fixed_points lemma12 theorem2 theorem2_second_moment theorem2_point theorem3a theorem3b theorem3a_appendix theorem3b_appendix theorem3a_proof theorem3b_proof theorem16_mean --rigorous
run 1 verify theorem1_bounds --rigorous && has "attained at mu=-0.1 omega=0.1 nu=0.8 tau=0.95" && has "VIOLATED by 5.0e-07" && has "holds, loose by 0.0036" && has "holds, margin 4.8e-06"
run 1 verify lemma9 --rigorous && has "VIOLATED by 2.4e-07" && has "second_moment_min  in [0.7032577977, 0.7032577978] > 0.703257 holds, margin 7.9e-07"
run 1 verify theorem1 theorem1_bounds lemma9 && has "summary (numerically): 1 hold, 2 do not hold: theorem1_bounds lemma9"
run 0 verify list && has "theorem3a_appendix" && has "(a bound the paper states)"
run 0 verify list --json && has '"name":"lemma12"'
usage_error verify list theorem1
run 0 verify theorem1 --rigorous && has "proven by ball arithmetic" && has "consistent with the enclosure"
run 1 verify theorem3a --rigorous --domain nu=0.02:1.0 --grid 10 && has "VIOLATED by"
run 1 verify theorem1 --rigorous --max-boxes 10 && has "UNDECIDED"
run 0 verify theorem3a --rigorous --explore nu.hi --max-boxes 100000 --json && has '"bound":"nu.hi","certified":0.4072'
usage_error verify theorem3a --explore nu.hi
usage_error verify all --rigorous --explore nu.hi
usage_error verify theorem3a --rigorous --explore sigma.hi
usage_error verify theorem3a --rigorous --explore nu.top
# --- certificates: written, re-verified, and hostile variants rejected
run 0 verify theorem3a --rigorous --certificate "$TMP/t3.cert" && ok
run 0 check-certificate "$TMP/t3.cert" && has "proves the statement"
run 0 check-certificate "$TMP/t3.cert" --json --precision 200 && has '"verified":true' && has '"holds":true' && has "\"input\":{\"file\":\"$TMP/t3.cert\",\"precision\":200,\"require_paper\":false}"
run 0 verify theorem2 --json && has '"input":{"statements":["theorem2"],"grid":40,"domain":null,"alpha":"alpha01","lambda":"lambda01","rigorous":false,'
run 1 verify theorem1 --domain nu=0.5:1.5 --grid 8 --json && has '"input":{"statements":["theorem1"],"grid":8,"domain":"nu=0.5:1.5",' && has '"holds":false'
head -c 600 "$TMP/t3.cert" > "$TMP/trunc.cert"; usage_error check-certificate "$TMP/trunc.cert"
sed 's/^enclosure .*/enclosure 0x1p-7 0x1p-7/' "$TMP/t3.cert" > "$TMP/lie.cert"; run 1 check-certificate "$TMP/lie.cert" && has "does not verify"
awk '/^boxes/ { print "boxes " $2 - 1; next } { print } ' "$TMP/t3.cert" | awk 'NR != 10' > "$TMP/gap.cert"; run 1 check-certificate "$TMP/gap.cert" && has "do not tile"
sed '10s/^[^ ]* /-0x1p+3 /' "$TMP/t3.cert" > "$TMP/out.cert"; run 1 check-certificate "$TMP/out.cert" && has "outside the domain"
sed 's/^statement .*/statement theorem7/' "$TMP/t3.cert" > "$TMP/stmt.cert"; run 1 check-certificate "$TMP/stmt.cert" && has "unknown statement"
sed 's/^boxes .*/boxes 99999999999/' "$TMP/t3.cert" > "$TMP/huge.cert"; usage_error check-certificate "$TMP/huge.cert"
sed '10s/0x/nan /' "$TMP/t3.cert" > "$TMP/nan.cert"; usage_error check-certificate "$TMP/nan.cert"
# what a certificate proves is said: the paper's statement, or the condition on other terms
run 0 check-certificate "$TMP/t3.cert" --json && has '"paper_statement":true' && has '"domain":{"mu":["-0.1","0.1"]' && has '"alpha":"alpha01"'
sed 's/^statement .*/statement theorem3b/' "$TMP/t3.cert" > "$TMP/relabel.cert"; run 0 check-certificate "$TMP/relabel.cert" --json && has '"paper_statement":false' && has "theorem3b's condition on the domain mu [-0.1, 0.1], omega [-0.1, 0.1], nu [0.02, 0.16], tau [0.8, 1.25]"
sed 's/^constants .*/constants 2 1.5/' "$TMP/t3.cert" > "$TMP/consts.cert"; "$BIN" check-certificate "$TMP/consts.cert" --json > "$TMP/out" 2>&1; has '"paper_statement":false'
sed 's/^condition .*/condition min nu_new-nu > -1/' "$TMP/t3.cert" > "$TMP/cond.cert"; run 1 check-certificate "$TMP/cond.cert" && has "is not theorem3a's"
sed 's/^selfnorm-certificate 2/selfnorm-certificate 1/' "$TMP/t3.cert" > "$TMP/v1.cert"; usage_error check-certificate "$TMP/v1.cert"
# the issue's forgery: theorem 1 is false for nu down to 0.3; drop the spectral norm, paste
# mean_min twice: rejected
run 1 verify theorem1 --rigorous --width 0.01 --domain nu=0.3:1.5 --certificate "$TMP/t1.cert" && has "VIOLATED by"
run 1 check-certificate "$TMP/t1.cert" && has "shows the statement false"
awk '/^objective/ { o = $2 } o != "max_spectral_norm" && !/^end$/ { print }' "$TMP/t1.cert" > "$TMP/forged.cert"
awk '/^objective/ { o = $2 } o == "mean_min" { print }' "$TMP/t1.cert" >> "$TMP/forged.cert"; echo end >> "$TMP/forged.cert"
run 1 check-certificate "$TMP/forged.cert" --json && has '"verified":false' && has "appears more than once"
# round trip at every precision: long decimals, a point domain, custom constants
run 0 verify theorem3a --rigorous --domain nu=0.0200000000000000000000000000000000000000000000000000001:0.16 --alpha 1.6733 --lambda 1.0507 --certificate "$TMP/long.cert" && has "alpha = 1.6733, lambda = 1.0507" && has "not the paper's statement"
for b in 64 96 128 256; do run 0 check-certificate "$TMP/long.cert" --precision $b && has "proves the statement"; done
run 0 verify theorem3a --rigorous --domain mu=0.1:0.1,omega=-0.1:-0.1,nu=0.1:0.1,tau=1:1 --certificate "$TMP/point.cert"
for b in 64 96 128 256; do run 0 check-certificate "$TMP/point.cert" --precision $b && has "proves the statement"; done
# regressions from an attack on the checker: infinite enclosure ends, FIFOs, inexact numbers,
# unprintable names, relabelled certificates under --require-paper
run 1 verify theorem1_image_box --rigorous --max-boxes 1 --domain mu=-1e10:1e10 && has "VIOLATED by"
mkfifo "$TMP/fifo" && usage_error check-certificate "$TMP/fifo"
run 0 check-certificate "$TMP/t3.cert" --require-paper
sed 's/^statement .*/statement theorem3b/' "$TMP/t3.cert" > "$TMP/rl.cert"; run 1 check-certificate "$TMP/rl.cert" --require-paper && has "not the paper's"
sed 's/^point .*/point 0x1.9999999999999801p-1 -0.1 0.02 0.8/' "$TMP/t3.cert" > "$TMP/inexact.cert"; usage_error check-certificate "$TMP/inexact.cert"
sed 's/^enclosure .*/enclosure 1e-400 1/' "$TMP/t3.cert" > "$TMP/dec.cert"; usage_error check-certificate "$TMP/dec.cert"
printf 'selfnorm-certificate 2\nconstants alpha01 lambda01\nstatement th\033[31m\ndomain 0 0 0 0 1 1 1 1\nend\n' > "$TMP/esc.cert"; usage_error check-certificate "$TMP/esc.cert"
run 1 verify theorem1_image_box --rigorous --domain mu=-40:40,omega=-1:1 --max-boxes 20000 --certificate "$TMP/pad.cert" && has "VIOLATED"
run 1 check-certificate "$TMP/pad.cert" && has "shows the statement false"
# a point domain with a width below its ulp: not split into copies, undecided when it straddles
run 1 verify theorem1 --rigorous --width 1e-12 --domain mu=0.1:0.1,omega=0.1:0.1,nu=1:1,tau=1:1 --json && has '"mean_min":["0.0'
# printed enclosures contain the exact extremes (60-digit values at the exact corner, issue #10)
run 0 verify theorem1 --rigorous --json && has '"mean_min":["-0.031060501792217695","-0.031060501792217681"]' && has '"var_min":["0.80371175767911262","0.80371175767911285"]'
usage_error verify theorem1 --domain mu=-0.1000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001:0.1
usage_error verify theorem1 --alpha 1.7
usage_error verify theorem1 --alpha 1e-999999 --lambda 1
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
run 0 mlp --depth 5 --width 64 --batch 128 --json && has '"layers":[{"layer":0' && has '"predicted_nu":' && has '"input":{"depth":5,"width":64,"batch":128,"activation":"selu","init":"lecun","mu":0,"nu":1' && lacks '"mean"' && has '"activation":"selu"'
run 0 mlp --depth 4 --width 64 --batch 64 --gradients --activation relu && has "gradient norm factor" && has "pred var"
# the gradient factor says which way it runs and what it compounds to over the depth
run 0 mlp --depth 4 --width 64 --batch 64 --gradients --activation relu && has "< 1: vanishing" && has " over 4 layers (predicted x"
run 0 mlp --depth 6 --width 256 --batch 64 --gradients && has "> 1: exploding" && has " over 6 layers"
run 0 mlp --depth 3 --width 32 --batch 32 --gradients --json && has '"measured_over_depth":' && has '"predicted_over_depth":' && has '"init":"lecun"'
run 0 mlp --depth 3 --width 32 --batch 32 --activation relu --init he --json && has '"init":"he"'
run 0 mlp --depth 3 --width 32 --batch 32 --tsv --gradients && has "layer	mean	var	predicted_mean	predicted_var	grad_norm"
run 0 mlp --depth 3 --width 32 --batch 32 --activation tanh --dropout 0.2 --precision double --json && has '"dtype":"double"'
run 0 mlp --depth 3 --width 32 --batch 32 --weight-omega 0 --weight-tau 1 --json && has '"omega_sd":'
usage_error mlp --depth 0
usage_error mlp --depth -3
usage_error mlp --width 0
usage_error mlp --batch 0
usage_error mlp --width 1 --batch 1
usage_error mlp --activation softmax
usage_error mlp --activation gelo && has_err "did you mean 'gelu'"
usage_error mlp --activation leaky_relu:2 && has_err "slope must be in [0, 1]"
run 0 mlp --depth 3 --width 64 --batch 64 --activation gelu --json && has '"activation":"gelu"' && has '"predicted_nu":'
run 0 mlp --depth 3 --width 64 --batch 64 --activation silu --gradients --precision double && has "pred var" && has "gradient norm factor"
run 0 mlp --depth 3 --width 64 --batch 64 --activation elu:0.5 --json && has '"activation":"elu:0.5"'
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

# --- train: a tiny IDX dataset written here (python3 writes the files), then the real one
mkdir -p "$TMP/idx"
$PY - "$TMP/idx" <<'PY'
import gzip, struct, sys, random
d = sys.argv[1]; random.seed(1)
def write(name, magic, dims, data, gz):
    raw = struct.pack('>I', magic) + b''.join(struct.pack('>I', n) for n in dims) + bytes(data)
    (gzip.open if gz else open)(d + '/' + name + ('.gz' if gz else ''), 'wb').write(raw)
for split, n in (('train', 60), ('t10k', 20)):
    labels = [i % 3 for i in range(n)]
    pixels = [min(255, max(0, int(80 * labels[i // 16] + random.gauss(60, 30)))) for i in range(n * 16)]
    write(split + '-images-idx3-ubyte', 0x803, (n, 4, 4), pixels, split == 'train')
    write(split + '-labels-idx1-ubyte', 0x801, (n,), labels, False)
PY
T="train --data $TMP/idx --depth 2 --width 8 --batch 10"
run 0 $T --epochs 3 && has "epoch 3: training loss" && has "self-normalization at step 18" && has "(mu,nu) in Thm 1"
run 0 $T --epochs 2 --json && has '"figure":"train"' && has '"input":{"data":' && has '"datasets":{"epochs":{"columns":["epoch","step","train_loss"' && json_ok train --json
run 0 $T --epochs 2 --tsv --probe-every 2 && has "# dataset 2: probes" && has "# activation = selu" && has "# init = lecun"
# 2 epochs of 6 steps: probes at steps 0, 2, ..., 12, two layers each
if [ "$(awk '/^# dataset 2/{on=1} on && /^[0-9]/' "$TMP/out" | wc -l)" -eq 14 ]; then ok; else bad "train --probe-every 2: not 7 probes of 2 layers"; fi
# 5 does not divide 12: probes at 0, 5, 10 and the last step, 12
run 0 $T --epochs 2 --probe-every 5 && has "self-normalization at step 12"
# one line per epoch on stderr when it is not a terminal
run 0 $T --epochs 2 && if [ "$(grep -c '^train: epoch' "$TMP/err")" -eq 2 ]; then ok; else bad "train progress lines"; fi
# deterministic for a seed; another seed differs
run 0 $T --epochs 2 --tsv --seed 5 && grep -v '^# threads\|seconds' "$TMP/out" | cut -f1-6 > "$TMP/a.tsv"
run 0 $T --epochs 2 --tsv --seed 5 && grep -v '^# threads\|seconds' "$TMP/out" | cut -f1-6 > "$TMP/b.tsv"
if cmp -s "$TMP/a.tsv" "$TMP/b.tsv"; then ok; else bad "train is not reproducible"; fi
run 0 $T --epochs 2 --tsv --seed 6 && grep -v '^# threads\|seconds' "$TMP/out" | cut -f1-6 > "$TMP/b.tsv"
if cmp -s "$TMP/a.tsv" "$TMP/b.tsv"; then bad "another seed gave the same run"; else ok; fi
# --save writes NumPy's format; --load reads it back (0 epochs: the loaded network's probe)
run 0 $T --epochs 1 --normalization batch --activation relu --save "$TMP/net.npz"
if $PY -c "import numpy as np, sys; z = np.load(sys.argv[1]); assert z['W0'].shape == (16, 8) and z['W2'].shape == (8, 10) and z['gamma1'].shape == (8,) and z['input_sd'].shape == (16,)" "$TMP/net.npz" 2>/dev/null; then ok; else bad "the saved weights are not what NumPy reads"; fi
run 0 $T --epochs 1 --normalization batch --activation relu --seed 3 --save "$TMP/net.npz" && sed -n 's/^epoch 1: \(.*\) (.*/\1/p' "$TMP/out" > "$TMP/saved.txt"
run 0 $T --epochs 0 --normalization batch --activation relu --load "$TMP/net.npz" && has "self-normalization at step 0"
# evaluating the loaded network (with its saved standardization) gives the saved run's figures
sed -n 's/^epoch 0: \(.*\) (.*/\1/p' "$TMP/out" > "$TMP/loaded.txt"
if [ -s "$TMP/saved.txt" ] && cmp -s "$TMP/saved.txt" "$TMP/loaded.txt"; then ok; else bad "--load --epochs 0 does not evaluate the saved network as it was: $(cat "$TMP/saved.txt") vs $(cat "$TMP/loaded.txt")"; fi
grep -q '|dW|' "$TMP/out" && awk '/^ +1 /{print $NF}' "$TMP/out" | grep -qx -- '-' && ok || bad "the gradient norm before any step is not shown as absent"
run 0 $T --epochs 0 --normalization batch --activation relu --load "$TMP/net.npz" --json && has '"grad_norm"' && ! grep -q 'nan' "$TMP/out" && ok || bad "nan in train's JSON"
# hostile archives: a member that inflates far beyond the network (refused before inflating),
# values that overflow float32, a variance that is not positive
$PY - "$TMP" <<'PYEOF' 2>/dev/null
import numpy as np, sys
d = sys.argv[1]
z = dict(np.load(d + '/net.npz'))
np.savez_compressed(d + '/bomb.npz', junk=np.zeros(20_000_000), **z)
w = dict(z); w['W1'] = w['W1'].astype(np.float64); w['W1'][0, 0] = 1e39; np.savez(d + '/huge.npz', **w)
v = dict(z); v['var0'] = v['var0'].copy(); v['var0'][2] = 0; np.savez(d + '/var0.npz', **v)
PYEOF
usage_error $T --epochs 0 --normalization batch --activation relu --load "$TMP/bomb.npz" && has_err "refused before inflating"
usage_error $T --epochs 0 --normalization batch --activation relu --load "$TMP/huge.npz" && has_err "W1[0] = 1e+39 overflows float32"
usage_error $T --epochs 0 --normalization batch --activation relu --load "$TMP/var0.npz" && has_err "var0[2] = 0 is not positive"
# a saved standardization that overflows float (sd 1e-320)
$PY -c "import numpy as np, sys; z = dict(np.load(sys.argv[1])); z['input_sd'] = np.full_like(z['input_sd'], 1e-320); np.savez(sys.argv[2], **z)" "$TMP/net.npz" "$TMP/tinysd.npz" 2>/dev/null
usage_error $T --epochs 0 --normalization batch --activation relu --load "$TMP/tinysd.npz" && has_err "not finite in float"
usage_error $T --load "$TMP/net.npz" && has_err "batch normalization"
usage_error $T --depth 3 --normalization batch --activation relu --load "$TMP/net.npz"
usage_error $T --load "$TMP/nonexistent.npz"
usage_error $T --save /nonexistent/dir/net.npz
# a directory or a FIFO is refused before training, and the FIFO is left as it was
mkdir -p "$TMP/savedir"; usage_error $T --epochs 50 --save "$TMP/savedir" && has_err "a directory, not a regular file"
mkfifo "$TMP/save.fifo"; usage_error $T --epochs 50 --save "$TMP/save.fifo" && has_err "a FIFO"
[ -p "$TMP/save.fifo" ] && ok || bad "--save replaced a FIFO"
printf 'not a zip' > "$TMP/bad.npz"; usage_error $T --load "$TMP/bad.npz"
# a replaced file keeps its permissions; a link stays a link to the replaced file
touch "$TMP/kept.npz" && chmod 600 "$TMP/kept.npz" && ln -sf kept.npz "$TMP/link.npz"
run 0 $T --epochs 1 --save "$TMP/link.npz"
[ -L "$TMP/link.npz" ] && [ "$(stat -c %a "$TMP/kept.npz")" = 600 ] && [ -s "$TMP/kept.npz" ] && ok || bad "--save through a link or over a 0600 file"
touch "$TMP/kept.png" && chmod 600 "$TMP/kept.png" && ln -sf kept.png "$TMP/link.png"
run 0 plot vectorfield --grid 5 --output "$TMP/link.png"
[ -L "$TMP/link.png" ] && [ "$(stat -c %a "$TMP/kept.png")" = 600 ] && [ -s "$TMP/kept.png" ] && ok || bad "plot --output through a link or over a 0600 file"
mkfifo "$TMP/out.fifo.png"; usage_error plot vectorfield --output "$TMP/out.fifo.png" && has_err "is a FIFO"
[ -p "$TMP/out.fifo.png" ] && ok || bad "plot --output replaced a FIFO"
ln -sf nowhere.png "$TMP/dangling.png"; usage_error plot vectorfield --output "$TMP/dangling.png" && has_err "symbolic link to nothing"
# bad data: a missing directory, wrong magic, truncated images, counts that disagree
usage_error train --data "$TMP/none"
mkdir -p "$TMP/bad1" && cp "$TMP/idx/"* "$TMP/bad1/" && printf '\000\000\010\004' | dd of="$TMP/bad1/t10k-labels-idx1-ubyte" conv=notrunc 2>/dev/null
usage_error train --data "$TMP/bad1" && has_err "t10k-labels-idx1-ubyte"
mkdir -p "$TMP/bad2" && cp "$TMP/idx/"* "$TMP/bad2/" && head -c 100 "$TMP/idx/t10k-images-idx3-ubyte" > "$TMP/bad2/t10k-images-idx3-ubyte"
usage_error train --data "$TMP/bad2" && has_err "t10k-images-idx3-ubyte"
mkdir -p "$TMP/bad3" && cp "$TMP/idx/"* "$TMP/bad3/" && head -c 20 "$TMP/idx/t10k-labels-idx1-ubyte" > "$TMP/bad3/t10k-labels-idx1-ubyte"
usage_error train --data "$TMP/bad3"
# bad options
for o in "--depth 0" "--depth 1001" "--width 0" "--batch 0" "--epochs -1" "--subset 0" "--subset 61" "--seed -1" \
         "--learning-rate 0" "--learning-rate nan" "--momentum 1" "--dropout 1" "--input-dropout -0.1" \
         "--activation gelo" "--activation leaky_relu:2" "--activation gelu --alpha 2" "--init xavier" "--normalization layer" "--dtype half" "--probe-rows 0" \
         "--probe-every -1" "--alpha 0" "--json --tsv" "--width 100000 --depth 1000 --batch 100000"; do
    usage_error $T $o
done
# any row of the activation table trains (issue 14: the MLP's activation is the table's)
run 0 $T --epochs 1 --activation gelu --json && has '"activation":"gelu"' 
run 0 $T --epochs 1 --activation elu:0.5 --tsv && has "# activation = elu:0.5"
# divergence is exit 1 with a message, not NaN curves
run 1 $T --epochs 3 --learning-rate 1e30 && has_err "diverged"
# Figure 1 and its statistics on the tiny set: computed once, drawn from the saved data
run 0 plot figure1 --data "$TMP/idx" --depths 2,3 --epochs 2 --subset 60 --probe-every 2 && cp "$TMP/out" "$TMP/f1.tsv"
has "# run4_label = ReLU+BN, depth 3" && has "# dataset 3: probe_summary" && has "# learning_rate = 0.01"
for fig in figure1 training-stats; do
    run 0 plot $fig --data-file "$TMP/f1.tsv" --output "$TMP/$fig.png" && quiet && magic $fig.png
done
run 0 plot training-stats --data-file "$TMP/f1.tsv" && cmp -s "$TMP/out" "$TMP/f1.tsv" && ok || bad "figure1's data does not read back as it was"
usage_error plot figure1 --data-file "$TMP/f1.tsv" --epochs 3
usage_error plot vectorfield --data-file "$TMP/f1.tsv"
has_err "the data of another figure"
sed 's/^# run1_label = .*/# run1_label = x'"'"'; system("id")/' "$TMP/f1.tsv" > "$TMP/evil.tsv"
usage_error plot figure1 --data-file "$TMP/evil.tsv" --output "$TMP/evil.png"
head -c 2000 "$TMP/f1.tsv" > "$TMP/cut.tsv"; printf 'x\ty\n' >> "$TMP/cut.tsv"
usage_error plot figure1 --data-file "$TMP/cut.tsv"
# saved data missing a dataset, or with other columns: refused before gnuplot sees them
sed '/^# dataset 3: probe_summary/,$d' "$TMP/f1.tsv" > "$TMP/nosummary.tsv"
usage_error plot training-stats --data-file "$TMP/nosummary.tsv" --output "$TMP/ns.png" && has_err "dataset 3 'probe_summary' is missing"
sed 's/^# run step loss$/# run step lost/' "$TMP/f1.tsv" > "$TMP/columns.tsv"
usage_error plot figure1 --data-file "$TMP/columns.tsv" --output "$TMP/col.png" && has_err "not 'steps' with columns 'run step loss'"
sed '0,/^1\t/s/^1\t\([0-9]*\)\t[^\t]*$/1\t\1\t0x1p3/' "$TMP/f1.tsv" > "$TMP/hex.tsv"
cmp -s "$TMP/hex.tsv" "$TMP/f1.tsv" && bad "the hex-float row was not written" || ok
usage_error plot figure1 --data-file "$TMP/hex.tsv" --output "$TMP/hex.png" && has_err "not the TSV that"
# saved parameters: exactly the figure's, each once, of their kind; never gnuplot's 'datafile'
sed 's/^# runs = 4$/# runs = 4\n# datafile = \/etc\/passwd/' "$TMP/f1.tsv" > "$TMP/p1.tsv"
usage_error plot figure1 --data-file "$TMP/p1.tsv" --output "$TMP/p.png" && has_err "parameter 'datafile' is reserved"
sed 's/^# runs = 4$/# runs = 4\n# runs = 5/' "$TMP/f1.tsv" > "$TMP/p2.tsv"
usage_error plot figure1 --data-file "$TMP/p2.tsv" --output "$TMP/p.png" && has_err "parameter 'runs' appears twice"
grep -v '^# runs = ' "$TMP/f1.tsv" > "$TMP/p3.tsv"
usage_error plot figure1 --data-file "$TMP/p3.tsv" --output "$TMP/p.png" && has_err "parameter 'runs' is missing"
sed 's/^# runs = 4$/# runs = 6/' "$TMP/f1.tsv" > "$TMP/p4.tsv"
usage_error plot training-stats --data-file "$TMP/p4.tsv" --output "$TMP/p.png" && has_err "parameter 'run5_label' is missing"
for v in 0x4 1e999 +4 four 4.5 0 100000; do
    sed "s/^# runs = 4\$/# runs = $v/" "$TMP/f1.tsv" > "$TMP/p5.tsv"
    usage_error plot figure1 --data-file "$TMP/p5.tsv" --output "$TMP/p.png"
done
sed 's/^# width = .*/# width = wide/' "$TMP/f1.tsv" > "$TMP/p6.tsv"
usage_error plot figure1 --data-file "$TMP/p6.tsv" --output "$TMP/p.png" && has_err "parameter 'width' is a text, not a number"
sed 's/^# batch = .*/# batch = 128\n# colour = 1/' "$TMP/f1.tsv" > "$TMP/p7.tsv"
usage_error plot figure1 --data-file "$TMP/p7.tsv" --output "$TMP/p.png" && has_err "parameter 'colour' is not one of this figure's"
sed 's/^# dataset 1: epochs$/# dataset 7:Xepochs/' "$TMP/f1.tsv" > "$TMP/p8.tsv"
usage_error plot figure1 --data-file "$TMP/p8.tsv" --output "$TMP/p.png"
[ -e "$TMP/p.png" ] && bad "a refused data file was drawn" || ok
usage_error plot figure1 --depths 8,,16
usage_error plot figure1 --depths 0
usage_error plot figure1 --learning-rate 0
# the report reads the runs' data, or says how to make it
"$BIN_ABS" report --output "$TMP/r1.md" --training "$TMP/f1.tsv" >/dev/null 2>&1
if grep -qF "| SNN, depth 3 |" "$TMP/r1.md" && grep -qF "Does training keep an SNN where the theorems hold?" "$TMP/r1.md"; then ok; else bad "report lacks the training section"; fi
(cd "$TMP" && "$BIN_ABS" report --output "$TMP/r2.md" >/dev/null 2>&1)   # no build/plots/figure1.tsv there
if grep -qF "Not run: \`make figure1\`" "$TMP/r2.md"; then ok; else bad "report does not say how to train"; fi
# outputs that are FIFOs or devices are refused, not opened (which would block forever)
mkfifo "$TMP/report.fifo"; usage_error report --output "$TMP/report.fifo" && has_err "FIFO"
mkfifo "$TMP/cert.fifo"; usage_error verify theorem1 --rigorous --certificate "$TMP/cert.fifo" && has_err "FIFO"
usage_error verify theorem1 --rigorous --certificate /dev/null && has_err "not a regular file"
# saved data whose run column names a run that is not there
awk '/^# dataset 1/{d=1} d && /^1\t/ && !done {sub(/^1/, "99"); done=1} {print}' "$TMP/f1.tsv" > "$TMP/run99.tsv"
usage_error plot figure1 --data-file "$TMP/run99.tsv" --output "$TMP/r99.png" && has_err "run 99 is not one of"
usage_error report --output "$TMP/r99.md" --training "$TMP/run99.tsv"
# a training file named on the command line must be Figure 1's data
usage_error report --output "$TMP/r3.md" --training "$TMP/none.tsv" && has_err "--training: "
[ -e "$TMP/r3.md" ] && bad "report wrote despite a bad --training" || ok

# the training benchmark, on the tiny set
run 0 bench train --data "$TMP/idx" --depth 2 --width 8 --batch 10 --steps 3 --json && has '"benchmark":"train","input":{"depth":2,"width":8,"batch":10,"dtype":"float","steps":3,"threads":' && has '"fraction_of_gemm":'
usage_error bench train --data "$TMP/none"
usage_error bench train --steps -1

# the real Fashion-MNIST, when installed: a quick run
if [ -d /usr/share/datasets/fashion-mnist ]; then
    run 0 train --subset 1000 --depth 2 --width 64 --json && has '"test_examples":10000' && has '"width":64'
fi

# --- plot: data (TSV, JSON), rendering, options, errors
SMALL_MLP="--depth 4 --width 32 --batch 32"
run 0 plot list && has vectorfield && has boxes && has corrmap && has initwhatif && has atlas && if [ "$(wc -l <"$TMP/out")" -eq 12 ]; then ok; else bad "plot list"; fi
run 0 plot --help && has "vectorfield" && has "--output FILE" && has "--size SIZE"
for fig in $("$BIN" plot list); do
    extra=""; [ "$fig" = mlp ] && extra=$SMALL_MLP; [ "$fig" = initwhatif ] && extra="--width 64 --depth 5 --batch 64"
    [ "$fig" = atlas ] && extra="--grid 3"
    data=$fig
    case $fig in figure1|training-stats) extra="--data $TMP/idx --depths 2 --epochs 3 --subset 60 --probe-every 1"; data=figure1;; esac
    run 0 plot $fig $extra && has "# figure $data" && has "# dataset 0:" && quiet_but_progress
    run 0 plot $fig $extra --json && has "\"figure\":\"$data\"" && has '"datasets":{' && json_ok plot $fig $extra --json
    run 0 plot $fig --help && has "usage: selfnorm plot $fig" && has "Data: "
    run 0 plot $fig --print-script && has "datafile"
    for ext in png svg pdf; do
        rm -f "$TMP/f.$ext"
        run 0 plot $fig $extra --output "$TMP/f.$ext" && quiet_but_progress && magic f.$ext
    done
done
# the issue's example, and the options of vectorfield
run 0 plot vectorfield --omega 0.1 --tau 1.1 --alpha 1.6 --lambda 1.05 --trajectories --output "$TMP/field.pdf" && quiet && magic field.pdf
run 0 plot vectorfield --omega 0.1 --tau 1.1 --alpha 1.6 --lambda 1.05 --trajectories
has "# omega = 0.1" && has "# alpha = 1.6" && has "# dataset 1: trajectories" && has "# attracting = 1"
run 0 plot vectorfield --grid 5 --mu-range -1:1 --nu-range 0.5:3
if [ "$(grep -cv '^#\|^$' "$TMP/out")" -eq 25 ]; then ok; else bad "vectorfield --grid 5: not 25 arrows"; fi
has "# mu_range = -1.0:1.0" && has "# nu_range = 0.5:3.0" && has "# trajectories = 0" && lacks "# dataset 1"
# the fixed point at the paper's parameters: (0, 1), attracting, spectral radius 0.7826 (the
# paper's Jacobian at (0, 1) has eigenvalues 0 and 0.782648, section on the fixed point)
run 0 plot vectorfield && has "# fixed_point_nu = 1" && has "# spectral_radius = 0.78264" && has "# attracting = 1"
run 0 plot spectral --omega 0 --tau 1 --grid 4 && if [ "$(grep -cv '^#\|^$' "$TMP/out")" -eq 16 ]; then ok; else bad "spectral --grid 4: not 4x4 points"; fi
# numbers as the shortest decimal that reads back; integers stay integers for gnuplot
run 0 plot vectorfield --omega 0.1 --grid 3 && has "# omega = 0.1" && has "# mu_range = -0.4:0.4" && has "# grid = 3"
run 0 plot vectorfield --omega 1 --grid 3 && has "# fixed_point_kind = saddle"
# the bounds of a min objective are f's lower bounds: the smallest cell is the enclosure's lower end
run 0 plot boxes --statement theorem1 --objective var_min --grid 20
if [ "$(awk '!/^#/ && NF {print $3}' "$TMP/out" | sort -g | head -1 | cut -c1-7)" = "0.80371" ]; then ok; else bad "boxes: a minimum's worst cell is not the minimum"; fi
for st in theorem2 theorem16 theorem3b; do run 0 plot boxes --statement $st --grid 20 --output "$TMP/b.png" && quiet; done
run 0 plot spectral --mu-range 0:1 --nu-range 2:3 --grid 10 --output "$TMP/sp.png" && quiet
run 0 plot varincrease --grid 3 && has "# theorem2_edge = 2.49" && has "# theorem3a_edge = 0.40"
run 0 plot constants --means 0,0.2 && has "# nmeans = 2" && has "alpha2 lambda2" && has "# alpha_at_0_1 = 1.67326324"
run 0 plot mlp $SMALL_MLP --networks selu:lecun,relu:he && has "# network2 = relu:he" && has "predicted_grad2"
run 0 plot boxes --statement theorem2 && has "# statement = theorem2" && has "# objective = max_var_increase"
run 0 plot activations --alpha 2 --lambda 1 --json && has '"input":{"alpha":2,"lambda":1}' && json_ok plot activations --json
run 0 plot vectorfield --grid 3 --mu-range -1:1 --json && has '"input":{"omega":0,"tau":1,' && has '"mu_range":[-1,1]' && has '"derived":{"theorem1_domain":1,'
run 0 plot varincrease --grid 2 --json && has '"omega_range":null' && has '"theorem2_edge":2.49'
run 0 plot mlp $SMALL_MLP --json && has '"networks":"selu:lecun,relu:lecun,relu:he,tanh:lecun"' 
run 0 plot vectorfield --size slide --output "$TMP/s.png" && magic s.png
if [ "$(od -An -tu1 -j16 -N8 "$TMP/s.png" | tr -s ' ')" = " 0 0 5 0 0 0 2 208" ]; then ok; else bad "--size slide is not 1280x720"; fi
run 0 plot vectorfield --size 640x480 --output "$TMP/s.svg" && quiet && magic s.svg
# a user's script gets the same variables; gnuplot's own errors are passed on, and a failed
# rendering leaves no file behind
printf 'plot datafile index 0 u 1:2 w p t sprintf("omega %%g", omega)\n' > "$TMP/my.gp"
run 0 plot vectorfield --script "$TMP/my.gp" --output "$TMP/my.png" && magic my.png
printf 'plot datafile index 0 u 1:2 w frobnicate\n' > "$TMP/bad.gp"
rm -f "$TMP/bad.png"
run 2 plot vectorfield --script "$TMP/bad.gp" --output "$TMP/bad.png" && has_err "gnuplot failed" && has_err "\"script.gp\" line 1"
if [ -e "$TMP/bad.png" ]; then bad "a failed rendering left a file"; else ok; fi
if [ -z "$(ls "$TMP" | grep 'bad.png.')" ]; then ok; else bad "a failed rendering left a temporary file"; fi
# without gnuplot: a clear message (the binary is found through /proc, not PATH)
PATH=/nonexistent "$BIN_ABS" plot vectorfield --output "$TMP/x.png" >"$TMP/out" 2>"$TMP/err"
if [ $? -eq 2 ] && grep -qF "gnuplot is not installed" "$TMP/err"; then ok; else bad "no message without gnuplot"; cat "$TMP/err"; fi
# bad input of every kind
usage_error plot
usage_error plot piechart
usage_error plot vectorfeild && has_err "did you mean 'vectorfield'?"
usage_error plot --output x.png
usage_error plot list extra
usage_error plot activations --omega 0.1
usage_error plot vectorfield --output "$TMP/x.jpg"
usage_error plot vectorfield --output "$TMP/x"
usage_error plot vectorfield --output /nonexistent/dir/x.png
mkdir -p "$TMP/dir.png"
usage_error plot vectorfield --output "$TMP/dir.png"
usage_error plot vectorfield --json --output "$TMP/x.png"
usage_error plot vectorfield --size 1280x720
usage_error plot vectorfield --size huge --output "$TMP/x.png"
usage_error plot vectorfield --size 100x100 --output "$TMP/x.png"
usage_error plot vectorfield --size 99999x720 --output "$TMP/x.png"
usage_error plot vectorfield --size 12x --output "$TMP/x.png"
usage_error plot vectorfield --script "$TMP/none.gp" --output "$TMP/x.png"
usage_error plot vectorfield --print-script --json
for r in 1:0 0:0 a:b 1 :1 1: nan:1 0:inf 1e999:2; do usage_error plot vectorfield --mu-range "$r"; done
usage_error plot vectorfield --nu-range 0:1
usage_error plot vectorfield --nu-range -1:1
usage_error plot vectorfield --grid 1
usage_error plot vectorfield --grid 401
usage_error plot vectorfield --grid 2.5
usage_error plot vectorfield --tau 0
usage_error plot vectorfield --tau -1
usage_error plot vectorfield --alpha 0
usage_error plot vectorfield --lambda -1
usage_error plot vectorfield --omega nan
usage_error plot vectorfield --trajectories=1
usage_error plot vectorfield --grid 5 --grid 6
usage_error plot spectral --tau-range 1:2
usage_error plot varincrease --tau-range 0:1
usage_error plot constants --means ""
usage_error plot constants --means 0,,1
usage_error plot constants --means 0,1,2,3,4,5,6
usage_error plot constants --means zero
usage_error plot mlp --networks selu
usage_error plot mlp --networks selu:xavier
usage_error plot mlp --networks gelu:lecun
usage_error plot mlp --networks selu:lecun,
usage_error plot mlp --width 1
usage_error plot mlp --depth 0
usage_error plot mlp --depth 100000
usage_error plot mlp --nu 0
usage_error plot mlp --seed -1
usage_error plot boxes --statement theorem9
usage_error plot boxes --statement theorem1 --objective nope
usage_error plot boxes --statement theorem2_point
# hostile environments and inputs (found by a reviewer attacking the command line)
# TMPDIR with a newline: gnuplot runs in the temporary directory with relative names, so no
# path is ever part of a gnuplot command
TD="$TMP/inj
system(\"touch $TMP/PWNED\")
#"; mkdir -p "$TD"
TMPDIR="$TD" "$BIN" plot activations --output "$TMP/inj.png" >/dev/null 2>&1
if [ -e "$TMP/PWNED" ]; then bad "TMPDIR injected a gnuplot command"; else ok; fi
if [ -s "$TMP/inj.png" ]; then ok; else bad "no figure with an odd TMPDIR"; fi
# the output file respects the umask
(umask 077; "$BIN" plot activations --output "$TMP/um.png")
if [ "$(stat -c %a "$TMP/um.png")" = 600 ]; then ok; else bad "the figure ignores the umask ($(stat -c %a "$TMP/um.png"))"; fi
# an interrupted rendering leaves nothing behind
mkdir -p "$TMP/t"; printf 'while (1) { a = 1 }\n' > "$TMP/loop.gp"
TMPDIR="$TMP/t" timeout -s TERM 2 "$BIN" plot activations --script "$TMP/loop.gp" --output "$TMP/loop.png" >/dev/null 2>&1
if [ -z "$(ls -A "$TMP/t")" ] && [ ! -e "$TMP/loop.png" ]; then ok; else bad "an interrupted rendering left files: $(ls -A "$TMP/t")"; fi
mkfifo "$TMP/fifo.gp"; usage_error plot activations --script "$TMP/fifo.gp" --output "$TMP/x.png"
# nonsense refused before the work: too wide a window, a figure with no computable point,
# grids and networks that would run for hours, an output path that cannot be written
usage_error plot vectorfield --mu-range -1e308:1e308
usage_error plot spectral --omega 1e308 --grid 3
usage_error plot varincrease --grid 31
usage_error plot mlp --depth 201
usage_error plot mlp --width 8192
usage_error plot mlp --output /nonexistent/dir/x.png
# a full disk is an error, not a truncated result
if "$BIN" map $P --json > /dev/full 2>"$TMP/err"; then bad "writing to a full disk succeeded"; else grep -qF "cannot write the output" "$TMP/err" && ok || bad "no message for a full disk"; fi
# a line without end on stdin: refused at 4096 characters, in bounded memory
head -c 100000000 /dev/zero | tr '\000' a | "$BIN" map --stdin >"$TMP/out" 2>"$TMP/err"
if [ $? -eq 2 ] && grep -qF "longer than 4095" "$TMP/err" && [ ! -s "$TMP/out" ]; then ok; else bad "an endless line on stdin"; fi
# JSON stays valid whatever bytes a file name holds
cp "$TMP/t3.cert" "$TMP/bad$(printf '\377').cert"
run 0 check-certificate "$TMP/bad$(printf '\377').cert" --json && has '\ufffd' && json_ok check-certificate with a non-UTF-8 name
# map and jacobian still print their JSON object on exit 1, with the error
run 1 map --mu 1 --omega 1e155 --nu 1 --tau 1 --method quad --json && has '"error":"loss of accuracy"' && has '"input":{"mu":1,' && json_ok map exit 1
# float networks refuse inputs whose squares overflow float
usage_error mlp --nu 1e80 --depth 2 --width 16 --batch 16

# completion and man page know the figures and their options
if complete_words "$BIN" plot vec | grep -qx vectorfield; then ok; else bad "completion of figures"; fi
if complete_words "$BIN" plot vectorfield --traj | grep -qx -- --trajectories; then ok; else bad "completion of a figure's options"; fi
if grep -q '^\.SS plot vectorfield$' "$TMP/selfnorm.1"; then ok; else bad "man page lacks plot vectorfield"; fi
# the report written as the default analysis/REPRODUCTION.md would be: relative to its directory
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
if grep -qF -- '| `min mu_new > -0.03106` | [-0.03106050180, -0.03106050179] | **violated** | below by 5.0e-07 |' "$TMP/report.md" \
    && grep -qF -- '| `max nu_new < 1.48617` | [1.481574958, 1.481574959] | holds, loose | 0.0045 |' "$TMP/report.md" \
    && grep -qF -- '**finding**: 9.7e-08 above the proven minimum' "$TMP/report.md" \
    && grep -qF -- 'Where fixed points cannot lie' "$TMP/report.md"; then ok; else bad "stated bounds"; fi
if grep -q "verdicts pass, 0 fail" "$TMP/report.md" && grep -qF '| 1.6732632423543772848170429916717 | `selu.py`' "$TMP/report.md" \
    && grep -qF '| 1.6732632423543772848170429916717 | 0 (every digit) | pass |' "$TMP/report.md"; then ok; else bad "report content"; fi
# every published figure names its source: no row of a sourced table has an empty source column
if grep -E '^\| [^|]+ \| [^|]+ \|  \|' "$TMP/report.md"; then bad "report row without a source"; else ok; fi
# --json: the report is written all the same, its verdicts printed as one object, also on exit 1
run 1 report --output "$TMP/report2.md" --alpha 1.7 --lambda 1.0507 --json \
    && has "{\"input\":{\"output\":\"$TMP/report2.md\",\"alpha\":\"1.7\",\"lambda\":\"1.0507\"},\"passed\":" \
    && has '"failed":7,' && has '"verdicts":[{"section":"The constants α and λ","quantity":"α01","published":"1.6733"' \
    && has '{"section":"The paper'"'"'s statements, proven","statement":"theorem1",' && has '"pass":false' && lacks "fail)"
if python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); assert len(d["verdicts"]) == d["passed"] + d["failed"]' "$TMP/out" 2>/dev/null \
    || ! command -v python3 >/dev/null; then ok; else bad "report --json is not one JSON object with every verdict"; fi
if grep -q '\*\*FAIL\*\*' "$TMP/report2.md"; then ok; else bad "a changed constant must fail verdicts"; fi
# an absolute --output gets absolute figure links
if grep -qF -- "]($(pwd)/build/plots/mlp.png)" "$TMP/report2.md"; then ok; else bad "absolute figure links"; fi
usage_error report --output /nonexistent-dir/r.md
usage_error report --alpha -1
usage_error report --json=1

# --- bench
run 0 bench map --points 1000 --repeat 1 --json && has '"evals_per_second":' && has '"benchmark":"map","input":{"activation":"selu","points":1000,"repeat":1,"threads":'
run 0 bench gemm --depth 2 --width 32 --batch 32 --repeat 1 --dtype double --json && has '"dtype":"double"'
run 0 bench gemm --depth 2 --width 32 --batch 32 --repeat 1 --precision double --json && has '"dtype":"double"'
usage_error bench gemm --dtype double --precision double
usage_error bench gemm --dtype half
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

# --- init (issue 14 §2): the PyTorch and Keras cases, --check, bad input
run 0 init kaiming_normal --nonlinearity selu --depth 4 --width 256 && has "tau: mean 0.5625," && has "not (0, 1): the variance shrinks" && has "verdict       self-normalizing"
run 0 init kaiming_normal_ --nonlinearity selu --depth 3 --width 64 --json && has '"tau_mean":0.5625' && has '"verdict_kind":"self-normalizing"' && has '"fixed_point":{"of":"typical unit",'
run 0 init lecun_normal --depth 3 --width 256 --json && has '"distribution":"truncated_normal"' && has '"tau_mean":1,' && has '"limit":{"of":"layer map","mu":' && lacks 'not (0, 1)'
run 0 init lecun_normal --depth 4 --width 128 --check && has "pred var" && has "   chi" && has "verdict       self-normalizing to (mu*, nu*) = (" && lacks "not (0, 1)"
run 0 init kaiming_normal --nonlinearity selu --depth 3 --width 128 --check --batch 64 --json && has '"chi":' && has '"predicted_chi":' && has '"batch":64'
run 0 init orthogonal --gain 1 --depth 3 --width 64 --check && has "orthogonal times gain 1"
# SiLU and GELU at tau = 4: the variance explodes; (4.8e-15, 5.8e-15), where g moves the mean
# by 20%, was reported as a fixed point (an absolute test on the mean)
run 1 fixedpoint --activation silu --tau 4 && has_err "the variance explodes"
run 1 fixedpoint --activation gelu --tau 4 --json && has '"found":false'
# an estimate that includes f's own rounding: GELU at mu -8, nu 1e-14 (mean error 2.1e-29
# against mpmath at 80 digits; the estimate was 3.2e-30)
run 0 map --mu -8 --omega 1 --nu 1e-14 --tau 1 --activation gelu && has "(error <= 1.5e-28)"
# a result below the normal range: the bound is DBL_MIN, not 0 (exact nu_new ~ 2.7e-326)
run 0 map --mu -30 --omega 1 --nu 1e-300 --tau 1 && has "nu_new = 0  (error <= 2.2e-308)"
# truncated normals cut far out (no truncation) or close in (b/sqrt 3 by the series): tau 1
# after Keras' rescaling, not a NaN blamed on --gain
run 0 init lecun_normal --truncation 1e75 --depth 2 --width 64 && has "tau: mean 1," && lacks "nan"
run 0 init lecun_normal --truncation 1e-10 --depth 2 --width 64 && has "tau: mean 1," && lacks "nan"
# no NaN in a message: the estimate is not finite there
run 1 map --mu 1e150 --omega 1 --nu 1e10 --tau 1 --activation tanh && has_err "error estimate is not finite" && { if grep -q nan "$TMP/err"; then bad "stderr has nan"; else ok; fi; }
# fan_out is the layer's units: orthogonal_ on (fan_out, fan_in) = (100, 300) has tau = 1 per
# unit, on (300, 100) tau = 1/3 (torch.nn.init.orthogonal_); --fan-out and --width must agree
run 0 init orthogonal --gain 1 --fan-in 300 --fan-out 100 --depth 3 && has "tau: mean 1," && has "fan_in 300, fan_out 100"
run 1 init orthogonal --gain 1 --fan-in 100 --fan-out 300 --depth 3 && has "tau: mean 0.333333"
run 2 init orthogonal --fan-out 100 --width 200 && has_err "a layer's fan_out is its number of units"
run 1 init variance_scaling --scale 2 --mode fan_avg --distribution uniform --fan-in 128 --width 256 --depth 2 --activation relu && has "mode fan_avg" && has "U(-" && has "factor 0.666667 per layer"
run 0 init xavier_uniform --gain 1 --depth 2 --width 64 --activation selu --dropout 0.1 && has "with alpha dropout, rate 0.1"
run 1 init lecun_normal --activation relu --depth 3 --width 64 && has "collapses toward 0 (factor 0.5 per layer)" && has_err "no attracting fixed point"
run 1 init normal --std 0.1 --fan-in 200 --width 64 --activation linear --depth 2 && has "explodes (factor 2 per layer)"
# a start far from the fixed point jumps once, then converges: not "explodes" or "collapses"
for start in "--mu 1e8" "--nu 1e-20" "--nu 1e20" "--mu 0.5 --nu 1e-20"; do
    run 0 init lecun_normal --depth 8 $start && has "self-normalizing to (mu*, nu*)"
done
# a start that is a fixed point already (a linear unit: every (0, nu) is) is found, not missed
run 0 fixedpoint --activation linear && has "mu = 0, nu = 1" && has "reaches it in 0 steps"
usage_error mlp --depth 3 --width 64 --batch 32 --pairs 0.5 --dropout 0.1 && has_err "--pairs has no prediction with --dropout"
usage_error train --data "$TMP/idx" --depth 2 --width 8 --activation selu:2,1 --alpha 3 && has_err "not both"
run 0 help init && has "usage: selfnorm init"
usage_error init
usage_error init kaiming_normall
if grep -qF "did you mean 'kaiming_normal'" "$TMP/err"; then ok; else bad "init: no did-you-mean"; fi
usage_error init lecun_normal --activation selux
usage_error init normal --std -1
usage_error init kaiming_normal --gain 0
usage_error init kaiming_normal --nonlinearity foo
usage_error init lecun_normal --fan-in 0
usage_error init lecun_normal --truncation 0
usage_error init lecun_normal --std 1
usage_error init uniform --low 1 --high 0
usage_error init lecun_normal --check --fan-in 100 --width 64
usage_error init lecun_normal --gain nan
usage_error init lecun_normal --depth 0
usage_error init lecun_normal --width 2000000
usage_error init lecun_normal --dropout 1
run 1 init lecun_normal --check --activation gelu --depth 3 --width 64 --batch 64 && has "pred var" && has "verdict       variance collapses toward 0"
# issue 14 findings, 2: the initializer's number under its own name, the dropout rate named
run 1 init uniform --depth 1 --width 64 && has "initializer   uniform: bounds 0..1, fan_in 64" && lacks "nan" && lacks "gain"
run 1 init uniform --depth 1 --width 64 --json && has '"initializer":"uniform","low":0,"high":1,' && lacks '"gain"' && lacks '"mode"'
run 0 init normal --std 0.1 --depth 1 --width 64 && has "initializer   normal: std 0.1, fan_in 64" && lacks "gain"
run 0 init normal --std 0.1 --depth 1 --width 64 --json && has '"std":0.1' && lacks '"gain"'
run 0 init lecun_normal --depth 1 --width 64 --dropout 0.1 && has "initializer   lecun_normal: scale 1, mode fan_in" && has "with alpha dropout, rate 0.1"
run 0 init lecun_normal --depth 1 --width 64 --dropout 0.1 --json && has '"scale":1,' && has '"dropout":0.10000000000000001,"dropout_kind":"alpha dropout"'
run 0 init xavier_normal --activation tanh --dropout 0.2 --depth 1 --width 64 && has "initializer   xavier_normal: gain 1, mode fan_avg" && has "tanh with dropout, rate 0.2"
# issue 14 findings, 3: the typical unit's fixed point and the layer map's limit, labelled; which the verdict uses
run 0 init kaiming_normal --nonlinearity selu --depth 2 --width 256 && has "typical unit  fixed point (" && has "the paper's view, not the verdict's" && has "layer map     limit (mu*, nu*) = (" && has "what the verdict uses"
run 0 init kaiming_normal --nonlinearity selu --depth 2 --width 256 --json && has '"fixed_point":{"of":"typical unit","omega":0,"tau":0.5625,' && has '"limit":{"of":"layer map",' && has '"verdict_uses":"limit"'
# issue 14 findings, 7 and 8: every message names the option and its allowed range; exit 2
usage_error init kaiming_normal --gain 1e300 && has_err "--gain 1e+300 gives E tau" && has_err "--gain must be in [1e-50, 1e+50]"
usage_error init lecun_normal --scale 1e300 && has_err "--scale must be in [1e-100, 1e+100]"
usage_error init normal --std 1e-200 && has_err "--std must be in ["
usage_error init normal --std -1 && has_err "--std must be > 0 (got -1)"
usage_error init kaiming_normal --gain 0 && has_err "--gain must be > 0 (got 0)"
usage_error init lecun_normal --scale 0 && has_err "--scale must be > 0"
usage_error init uniform --high -1 && has_err "--low must be below --high" && has_err "--high -1"
usage_error init uniform --low -1e300 --high 1e300 && has_err "keep the bounds within about"
usage_error init lecun_normal --truncation 0 && has_err "--truncation must be > 0"
usage_error init lecun_normal --fan-out 0 && has_err "--width (or --fan-out) must be between 1 and 1000000"
usage_error init lecun_normal --depth 1000000 && has_err "--depth must be between 1 and 100000"
usage_error init lecun_normal --nu 1e301 && has_err "--nu must be in [1e-300, 1e+300]"
usage_error init lecun_normal --mu nan && has_err "--mu"
usage_error init kaiming_normal --nonlinearity leaky_relu:1e300 && has_err "--nonlinearity 'leaky_relu:1e300' gives gain 0"
usage_error init lecun_normal --std 1 && has_err "takes no --std"
usage_error init lecun_normal --check --width 1 --batch 1 && has_err "--check measures a mean and a variance over --width x --batch numbers" && has_err "at least 2"
usage_error init lecun_normal --check --width 16 --truncation 0.05 && has_err "--truncation must be >= 0.1"
usage_error init lecun_normal --check --fan-in 100 --width 64 && has_err "every layer after the first has fan_in = --width" && has_err "got --fan-in 100, --width 64"
# issue 14 findings, 4: fixedpoint's exit-1 reason says what g does to the variance, as init does; the solver on a second line
run 1 fixedpoint --activation relu && has_err "no fixed point with nu > 0 from (0, 1): iterating g from the start, the variance collapses toward 0 (factor 0.340845 per step)" && has_err "(the root solver"
run 1 fixedpoint --tau 3 && has_err "the variance explodes (factor 1.12885 per step)"
run 1 fixedpoint --activation tanh && has_err "slower than geometrically"
run 1 fixedpoint --activation gelu --json && has '"found":false,"verdict_kind":"collapse","error":"iterating g from the start, the variance collapses toward 0 (factor 0.25 per step)","solver":"the root solver stopped making progress"'
# issue 14 findings, 6: E w != 0 (PyTorch's uniform_ U(0, 1)): the prediction warns that it does not apply beyond layer 1
run 1 init uniform --check --width 64 --depth 2 --batch 64 && has "warning       E w = 0.5 != 0 (E omega = 32)" && has "do not apply" && has_err "warning: E w = 0.5"
run 1 init uniform --width 64 --depth 2 --json && has '"warning":"E w = 0.5 != 0'
run 0 init lecun_normal --width 64 --depth 2 && lacks "warning" && quiet
# a repelling fixed point's depth scale is "none", never "nan"; tanh's stable c* is 0, not -1
run 0 init orthogonal --gain 3 --activation tanh --width 64 --depth 3 && has "correlation c* = 0 (slope 0.80" && lacks "nan"
# issue 14 findings, 5: ReLU with He weights keeps any scale (rate 1): neutral, exit 1
run 1 init kaiming_normal --activation relu --depth 3 --width 64 && has "verdict       neutral: variance neither converges nor diverges (rate 1)" && lacks "self-normalizing" && has "chi1 = 1;" && has_err "neutral"
run 1 init he_normal --activation relu --depth 3 --width 64 --json && has '"verdict_kind":"neutral"'
# issue 14 findings, 1: never a NaN; the table stops where the variance leaves [1e-300, 1e300]
run 1 init kaiming_normal --activation gelu --depth 1100 --width 64 && lacks "nan" && has "falls below 1e-300 at layer 1008 (the table stops at layer 1007)" && lacks " 1008    " && has " 1007    "
run 1 init kaiming_normal --activation gelu --depth 1100 --width 64 --json && lacks ":null,\"predicted_nu" && lacks "nan" && has '"predicted_layers":1007,'
run 1 init lecun_normal --mu 1e200 --depth 10 && lacks "nan" && has "verdict       variance explodes: the variance exceeds 1e+300 at layer 1 (the table stops at layer 0)"
# mlp --pairs (issue 14 §3): the correlation of input pairs, measured beside the prediction
run 0 mlp --depth 3 --width 128 --batch 32 --pairs 0.5 && has "pred corr" && has "0.500000"
run 0 mlp --depth 3 --width 128 --batch 32 --pairs 0.5 --json && has '"pairs":0.5' && has '"predicted_corr":0.5}' && has '"corr":'
run 0 mlp --depth 2 --width 64 --batch 16 --pairs -1 --tsv && has "corr	predicted_corr"
usage_error mlp --pairs 1.5
usage_error mlp --pairs nan
usage_error mlp --pairs 0.5 --batch 1
# --- activations as data (issue 14 §1)
run 0 activations && has "gelu:tanh" && has "quadrature" && has "leaky_relu" && quiet
run 0 activations --json && json_ok activations --json && has '"name":"selu"' && has '"default":"leaky_relu:0.01"'
# every row of the table works in map, jacobian and fixedpoint (by its canonical name)
for act in $("$BIN" activations --json | $PY -c 'import json,sys; print(" ".join(r["name"] for r in json.load(sys.stdin)["activations"]))'); do
    run 0 map --mu 0.1 --omega 1 --nu 1.2 --tau 1 --activation "$act" --json && json_ok map "$act" && has '"nu_new":'
    run 0 jacobian --mu 0.1 --omega 1 --nu 1.2 --tau 1 --activation "$act" --json && has '"spectral_radius":'
done
# SELU by --activation is the same as by --alpha/--lambda, and the default
run 0 map $P --activation selu:1.97126,1.06071 && cp "$TMP/out" "$TMP/a.txt"
run 0 map $P --alpha 1.97126 --lambda 1.06071
if cmp -s "$TMP/out" "$TMP/a.txt"; then ok; else bad "selu:A,L differs from --alpha A --lambda L"; fi
run 0 map $P --activation selu --method mpfr --precision 64 && has "nu_new = 1"
# JSON input records the activation (canonical) and how its moments were computed
run 0 map $P --activation leaky_relu:0.2 --json && has '"activation":"leaky_relu:0.2","method":"closed"'
run 0 map $P --activation gelu:tanh --json && has '"activation":"gelu:tanh","method":"quadrature"' && lacks '"alpha"'
# a GELU map by quadrature agrees with a known value: E[z Phi(z)] = 1/(2 sqrt(pi)) for z ~ N(0, 1)
run 0 map --mu 0 --omega 1 --nu 1 --tau 1 --activation gelu --json
if $PY -c 'import json,sys,math; d=json.load(sys.stdin); sys.exit(abs(d["mu_new"]-0.5/math.sqrt(math.pi))>1e-14)' <"$TMP/out"; then ok; else bad "gelu E f for N(0,1)"; fi
# fixed points: tanh with tau = 2 attracts; relu with omega 0, tau 1 has none with nu > 0 (exit 1)
run 0 fixedpoint --activation tanh --tau 2 --json && has '"attracting":true' && has '"activation":"tanh"'
run 1 fixedpoint --activation relu --json && has '"found":false'
run 0 fixedpoint --activation elu --tau 2 && has "attracting"
printf '0 1 1 1\n0.5 1 2 1\n' | "$BIN" map --stdin --activation silu >"$TMP/out" 2>"$TMP/err" && ok || bad "map --stdin --activation"
if [ "$(grep -vc '^#' "$TMP/out")" -eq 2 ]; then ok; else bad "map --stdin --activation: rows"; fi
run 0 plot vectorfield --activation tanh --tau 2 --grid 4 --json && json_ok plot && has '"activation":"tanh"'
run 0 plot vectorfield --activation sigmoid --grid 3 --output "$TMP/vf.png" && magic vf.png
run 0 bench map --activation gelu --points 2000 --repeat 1 --json && has '"activation":"gelu"' && has '"evals_per_second":'
# bad names and parameters: exit 2, one line, did-you-mean
usage_error map $P --activation gelo
has_err "did you mean 'gelu'"
usage_error map $P --activation leaky_rel:0.1
has_err "did you mean 'leaky_relu'"
usage_error map $P --activation frobnicate
has_err "known: selu, elu"
usage_error map $P --activation selu:1
usage_error map $P --activation selu:1,2,3
usage_error map $P --activation selu:-1,1
usage_error map $P --activation leaky_relu:2
usage_error map $P --activation leaky_relu:nan
usage_error map $P --activation elu:abc
usage_error map $P --activation relu:1
usage_error map $P --activation gelu:
usage_error map $P --activation ""
usage_error map $P --activation tanh --alpha 2
usage_error map $P --activation gelu --method mpfr
usage_error map $P --activation selu:2,1 --lambda 1
usage_error map --mu 0 --omega 1 --nu -1 --tau 1 --activation tanh
usage_error jacobian $P --activation sigmoidd
usage_error fixedpoint --activation tanh --alpha 2
usage_error fixedpoint --activation nope
usage_error plot vectorfield --activation nope
usage_error bench map --activation nope
usage_error bench constants --activation gelu
printf '0 1 1 1 1.6 1.05\n' | "$BIN" map --stdin --activation tanh >"$TMP/out" 2>"$TMP/err"
if [ $? -eq 2 ] && [ ! -s "$TMP/out" ]; then ok; else bad "alpha/lambda columns with a non-SELU activation"; fi

# --- issue 14: extreme standardized means, quadrature accuracy, float gradients
run 0 map --mu 1e155 --omega 1 --nu 1 --tau 1 --activation relu && has "mu_new = 1e+155" && has "nu_new = 1  ("
run 0 map --mu 1000 --omega 1 --nu 1e-300 --tau 1e-7 --activation relu && has "mu_new = 1000  ("
run 0 map --mu 1000 --omega 1 --nu 1e-300 --tau 1e-7 && has "mu_new = 1050.7009873554805"
run 0 map --mu 1e17 --omega 1 --nu 1 --tau 1 --activation gelu && has "mu_new = 1e+17" && has "nu_new = 1  ("
run 1 map --mu 5 --omega 1 --nu 1e-30 --tau 1 --activation tanh && has_err "accuracy not reached (error estimate" && lacks "nu_new ="
run 1 map --mu 5 --omega 1 --nu 1e-30 --tau 1 --activation tanh --json && has '"error":"accuracy not reached' && json_ok
run 0 mlp --activation relu --depth 300 --width 256 --batch 64 --gradients && lacks "nan" && has "the float gradient underflows" && has "rerun with --dtype double" && has " measured layers (predicted x"
run 0 mlp --activation relu --depth 300 --width 256 --batch 64 --gradients --json && lacks "nan" && has '"measured_layers":'

run 0 mlp --activation relu --depth 300 --width 64 --batch 16 --gradients && lacks "nan" && lacks "246-245" && has "not measured (predicted"
run 0 mlp --activation relu --depth 300 --width 64 --batch 16 --gradients --json && has '"measured":null' && has '"measured_over_depth":null'
# messages name the option and its range (issue 14 item 5)
usage_error mlp --activation softplus --mu 1e300 && has_err "--mu 1e+300" && has_err "must be <= 1e18" && has_err "--dtype double"
usage_error mlp --activation softplus --mu 1e300 --dtype double --depth 2 --width 8 --batch 8 && has_err "with --mu 1e+300 and --nu 1"
usage_error mlp --init normalized --omega 1e10 --tau 1 --depth 2 --width 16 --batch 16 && has_err "--tau must be > 0 and at least omega^2/width"
usage_error map --mu 1 --omega 1 --nu 1.7e308 --tau 1 --activation gelu && has_err "nu*tau = 1.7e+308 (--mu, --omega, --nu, --tau)"
usage_error jacobian --mu 1.7e308 --omega 1 --nu 1 --tau 1 --activation elu && has_err "mu*omega = 1.7e+308"

# figures (issue 14 item 4): vectorfield of another activation centres on its fixed point and
# prints no SELU parameters; corrmap says which curves are at their fixed point q*
run 0 plot vectorfield --activation elu:0.5 --tau 2 && lacks "# alpha" && lacks "# lambda" && has "# activation = elu:0.5" && lacks "# mu_range = -0.4:0.4"
if awk '/^# mu_range/ { split($4, r, ":"); lo = r[1]; hi = r[2] } /^# fixed_point_mu/ { m = $4 } END { exit !(lo < m && m < hi) }' "$TMP/out"; then ok; else bad "vectorfield window misses the fixed point"; fi
run 0 plot vectorfield && has "# alpha = " && has "# mu_range = -0.4:0.4"
run 0 plot corrmap && has "# fixed_tanh = 0" && has "# fixed_selu = 1"

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
