#!/bin/sh
# The Python package's tests (python/tests, pytest) against `make python`'s copy in
# BUILD/python, with Debian's python3. Prints "python: N passed, M failed".
#   sh tests/lib/python.sh BUILD
set -u
BUILD=${1:-build}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
out=$(cd python/tests && PYTHONPATH="$(cd "../../$BUILD/python" && pwd)" "$PY" -m pytest -q -p no:cacheprovider . 2>&1)
rc=$?
printf '%s\n' "$out" | tail -n 25
# pytest's last line: "3 failed, 38 passed, 1 warning in 3.45s"
last=$(printf '%s\n' "$out" | tail -n 1)
count() { printf '%s\n' "$last" | grep -o "[0-9][0-9]* $1" | grep -o '^[0-9]*'; }
p=$(count passed)
f=$(count failed)
e=$(count error)
f=$(( ${f:-0} + ${e:-0} ))
[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
echo "python: ${p:-0} passed, $f failed"
[ "$rc" -eq 0 ]
