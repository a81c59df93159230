#!/bin/sh
# Runs every unit test binary and the CLI tests; prints one closing line
# "tests: N passed, M failed" and fails if any test failed.
set -u
BUILD=${1:-build}
passed=0
failed=0
status=0
for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    out=$("$t" 2>&1)
    rc=$?
    printf '%s\n' "$out" | grep -vE '^\[ (RUN|      OK) ' 
    p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0}))
    if [ "$rc" -ne 0 ] && [ -z "$f" ]; then failed=$((failed + 1)); echo "$t crashed (exit $rc)"; fi
    [ "$rc" -eq 0 ] || status=1
done
# the certificate fuzz target (parser and checker), for a bounded time (10 s)
if [ -x build/fuzz/fuzz_certificate ]; then
    mkdir -p build/fuzz/corpus
    cp tests/fuzz/corpus/* build/fuzz/corpus/
    if build/fuzz/fuzz_certificate -max_total_time=10 -max_len=8192 build/fuzz/corpus \
           > build/fuzz/log.txt 2>&1; then
        passed=$((passed + 1)); echo "fuzz: certificate parser and checker, 10 s: no crash ($(grep -o 'DONE.*' build/fuzz/log.txt | head -n 1))"
    else
        failed=$((failed + 1)); status=1; echo "fuzz: certificate parser and checker FAILED"; tail -n 30 build/fuzz/log.txt
    fi
fi
# the library as users get it (tests/lib/): headers alone in C99 and C++; `make install` into a
# temporary prefix and C/C++ programs built with pkg-config, shared and static; the Python
# package with pytest. The sanitized build is not installable (its objects need the sanitizer
# runtime that pkg-config does not name) and CPython is not built with ASan: those two run on
# the plain build only.
suite() {  # name, command...: adds the "NAME: N passed, M failed" line's counts
    name=$1; shift
    out=$("$@" 2>&1)
    rc=$?
    printf '%s\n' "$out"
    p=$(printf '%s\n' "$out" | sed -n "s/^$name: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p" | tail -n 1)
    f=$(printf '%s\n' "$out" | sed -n "s/^$name: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p" | tail -n 1)
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-1}))
    [ "$rc" -eq 0 ] || status=1
}
suite headers sh tests/lib/headers.sh "$BUILD"
case "$BUILD" in
*san*) echo "install, python: not run on the sanitized build (see tests/run.sh)" ;;
*) suite install sh tests/lib/install.sh "$BUILD"
   suite python sh tests/lib/python.sh "$BUILD" ;;
esac
out=$(sh tests/cli/test_cli.sh "$BUILD/selfnorm" 2>&1)
rc=$?
printf '%s\n' "$out"
p=$(printf '%s\n' "$out" | sed -n 's/^cli: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
f=$(printf '%s\n' "$out" | sed -n 's/^cli: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
passed=$((passed + ${p:-0}))
failed=$((failed + ${f:-1}))
[ "$rc" -eq 0 ] || status=1
# the atlas: threads, MPI (when built), resume after kill -9, tampered bundles
out=$(sh tests/cli/test_atlas.sh "$BUILD" 2>&1)
rc=$?
printf '%s\n' "$out"
p=$(printf '%s\n' "$out" | sed -n 's/^atlas: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
f=$(printf '%s\n' "$out" | sed -n 's/^atlas: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
passed=$((passed + ${p:-0}))
failed=$((failed + ${f:-1}))
[ "$rc" -eq 0 ] || status=1
echo "tests: $passed passed, $failed failed"
exit $status
