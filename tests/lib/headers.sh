#!/bin/sh
# Every public header compiles alone, as the first and only include of a translation unit, in
# C99 (-pedantic) and in C++11, and its functions get C linkage in C++ (extern "C": the C++
# object must refer to the unmangled sn_ names). Prints "headers: N passed, M failed".
#   sh tests/lib/headers.sh BUILD
set -u
BUILD=${1:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
check() {  # name, command...
    name=$1; shift
    if "$@" > "$tmp/log" 2>&1; then passed=$((passed + 1))
    else failed=$((failed + 1)); echo "headers: FAILED: $name"; sed 's/^/    /' "$tmp/log" | head -n 20; fi
}
for h in include/selfnorm/*.h; do
    base=${h#include/}
    printf '#include <%s>\n#include <%s>\nint sn_header_check_%s;\n' "$base" "$base" "$(basename "$h" .h)" > "$tmp/t.c"
    cp "$tmp/t.c" "$tmp/t.cpp"
    check "$base in C99" cc -std=c99 -pedantic-errors -Wall -Wextra -Werror -Iinclude -I"$BUILD/include" -c "$tmp/t.c" -o "$tmp/t.o"
    check "$base in C++11" c++ -std=c++11 -Wall -Wextra -Werror -Iinclude -I"$BUILD/include" -c "$tmp/t.cpp" -o "$tmp/t.o"
done
# every header that declares functions wraps them in extern "C"
for h in include/selfnorm/*.h; do
    grep -q '^[a-z].*(' "$h" || continue
    check "$h declares its functions extern \"C\"" grep -q 'extern "C"' "$h"
done
# C linkage: a C++ call of a library function refers to its C name
printf '#include <selfnorm/selfnorm.h>\nint main() { return sn_strerror(SN_EDOM)[0] == 0; }\n' > "$tmp/link.cpp"
check "extern \"C\": C++ object refers to the C names" sh -c \
    "c++ -std=c++11 -Iinclude -I'$BUILD/include' -c '$tmp/link.cpp' -o '$tmp/link.o' && nm -u '$tmp/link.o' | grep -qx ' *U sn_strerror'"
echo "headers: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
