#!/bin/sh
# Checks that the Debian packages selfnorm needs are installed. As root it installs the
# missing ones; otherwise it prints the exact apt-get line and fails, so that `make run` and
# `make test` never stop half-way with a cryptic compiler error.
set -eu
# Arb: Debian 12 ships it separately (libflint-arb-dev, FLINT 2.9); from Debian 13 on FLINT 3
# contains it and libflint-dev is all (scripts/detect_arb.sh finds either at build time). Only
# Debian 12 is tested here.
debian_major=$(. /etc/os-release 2>/dev/null; echo "${VERSION_ID:-12}" | cut -d. -f1)
case "$debian_major" in
''|*[!0-9]*|1[0-2]) ARB_PACKAGES="libflint-dev libflint-arb-dev" ;;
*) ARB_PACKAGES="libflint-dev" ;;
esac
PACKAGES="build-essential pkg-config libgsl-dev libmpfr-dev libgmp-dev $ARB_PACKAGES \
libopenblas-dev libcmocka-dev gnuplot-nox valgrind clang libclang-rt-14-dev time groff-base python3 \
zlib1g-dev dataset-fashion-mnist python3-numpy python3-scipy python3-pytest libopenmpi-dev openmpi-bin"
[ "${1:-}" = "--list" ] && { echo $PACKAGES; exit 0; }
command -v dpkg-query >/dev/null 2>&1 || { echo "deps: not a Debian system; install: $PACKAGES" >&2; exit 0; }
missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
    echo "deps: installing$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq $missing >/dev/null
else
    echo "deps: missing Debian packages. Run as root:" >&2
    echo "  apt-get update && apt-get install -y$missing" >&2
    exit 1
fi
