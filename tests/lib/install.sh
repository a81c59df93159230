#!/bin/sh
# The library as a user gets it: `make install` into a temporary prefix, then a C and a C++
# program built against it with pkg-config alone, linked shared and static, run, and their
# output compared with what they should print; the C program is the README's own example
# (section "The library"), compared with the output printed there. Also: installing into a
# second prefix writes a selfnorm.pc naming that prefix. Prints "install: N passed, M failed".
#   sh tests/lib/install.sh BUILD
set -u
BUILD=${1:-build}
MAKE=${MAKE:-make}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
check() {  # name, command...
    name=$1; shift
    if "$@" > "$tmp/log" 2>&1; then passed=$((passed + 1))
    else failed=$((failed + 1)); echo "install: FAILED: $name"; sed 's/^/    /' "$tmp/log" | head -n 30; fi
}
install_into() { env -u MAKEFLAGS -u MFLAGS $MAKE -s install BUILD="$BUILD" PREFIX="$1" > "$tmp/install.log" 2>&1 \
                 || { cat "$tmp/install.log"; return 1; }; }

# the README's C example and the output printed below it
awk '/^## The library/ { on = 1; next } /^## / { on = 0 }
     on && /^```c$/ && !done_c { c = 1; next } c && /^```$/ { c = 0; done_c = 1; next } c { print > "'"$tmp"'/readme.c" }
     on && done_c && /^```text$/ && !done_t { t = 1; next } t && /^```$/ { t = 0; done_t = 1; next } t { print > "'"$tmp"'/readme.expected" }' README.md
check "README's C example and its output found" test -s "$tmp/readme.c" -a -s "$tmp/readme.expected"

prefix=$tmp/prefix
check "make install PREFIX=$prefix" install_into "$prefix"
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
check "pkg-config --libs is short" sh -c "[ \"\$(echo \$(pkg-config --libs selfnorm))\" = '-L$prefix/lib -lselfnorm' ]"
check "installed: soname link, static library, headers, man page" \
    test -L "$prefix/lib/libselfnorm.so" -a -L "$prefix/lib/libselfnorm.so.0" -a -f "$prefix/lib/libselfnorm.a" \
         -a -f "$prefix/include/selfnorm/config.h" -a -f "$prefix/share/man/man1/selfnorm.1"

# shared: only pkg-config's flags; the binary needs libselfnorm.so.0 (the soname) at run time
cflags=$(pkg-config --cflags selfnorm)
libs=$(pkg-config --libs selfnorm)
# static: libselfnorm.a (libselfnorm.so beside it would win for -lselfnorm) and everything
# `pkg-config --static` names for it
slibs=$(pkg-config --static --libs selfnorm | sed 's/-lselfnorm\b/-l:libselfnorm.a/')
run_and_compare() {  # binary, expected output file
    LD_LIBRARY_PATH="$prefix/lib" "$1" > "$1.out" 2>&1 && diff -u "$2" "$1.out"
}
needs() {  # binary, yes|no: whether it needs libselfnorm.so.0
    n=$(readelf -d "$1" | grep -c 'NEEDED.*libselfnorm\.so\.0')
    [ "$2" = yes ] && [ "$n" -eq 1 ] || { [ "$2" = no ] && [ "$n" -eq 0 ]; }
}
check "C, shared: cc readme.c \$(pkg-config --cflags --libs selfnorm)" \
    sh -c "cc -std=c99 -Wall -Wextra -Werror $cflags '$tmp/readme.c' $libs -lm -o '$tmp/c_shared'"
check "C, shared: needs libselfnorm.so.0" needs "$tmp/c_shared" yes
check "C, shared: prints the README's output" run_and_compare "$tmp/c_shared" "$tmp/readme.expected"
check "C, static: cc readme.c \$(pkg-config --static ...)" \
    sh -c "cc -std=c99 -Wall -Wextra -Werror $cflags '$tmp/readme.c' $slibs -o '$tmp/c_static'"
check "C, static: does not need libselfnorm.so" needs "$tmp/c_static" no
check "C, static: prints the README's output" run_and_compare "$tmp/c_static" "$tmp/readme.expected"
check "C++, shared: c++ prog.cpp \$(pkg-config --cflags --libs selfnorm)" \
    sh -c "c++ -std=c++11 -Wall -Wextra -Werror $cflags tests/lib/prog.cpp $libs -o '$tmp/cpp_shared'"
check "C++, shared: needs libselfnorm.so.0" needs "$tmp/cpp_shared" yes
check "C++, shared: output" run_and_compare "$tmp/cpp_shared" tests/lib/prog.expected
check "C++, static: c++ prog.cpp \$(pkg-config --static ...)" \
    sh -c "c++ -std=c++11 -Wall -Wextra -Werror $cflags tests/lib/prog.cpp $slibs -o '$tmp/cpp_static'"
check "C++, static: does not need libselfnorm.so" needs "$tmp/cpp_static" no
check "C++, static: output" run_and_compare "$tmp/cpp_static" tests/lib/prog.expected

# a second prefix: its selfnorm.pc names it, not the first (the rule depends on PREFIX)
check "make install PREFIX=$tmp/second" install_into "$tmp/second"
check "second prefix's selfnorm.pc names it" grep -qx "prefix=$tmp/second" "$tmp/second/lib/pkgconfig/selfnorm.pc"
echo "install: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
