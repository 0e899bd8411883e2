#!/bin/sh
# Installs the built latnas into a fresh prefix, builds tests/package/consumer against it with
# find_package(latnas), and checks that the consumer scores a network as the installed tool does.
#   check_package.sh BUILD_DIR SOURCE_DIR [LINKER_FLAGS]   (the sanitizers' flags for a sanitized build)
set -eu
build=$1
source=$2
ldflags=${3:-}
work=$(mktemp -d "${TMPDIR:-/tmp}/latnas-package.XXXXXX")
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >"$work/install.log"
test -f "$work/prefix/lib/cmake/latnas/latnasConfig.cmake" || test -f "$work/prefix/lib64/cmake/latnas/latnasConfig.cmake"
test -x "$work/prefix/bin/latnas"
cmake -S "$source/tests/package/consumer" -B "$work/consumer" -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_EXE_LINKER_FLAGS="$ldflags" >"$work/configure.log"
cmake --build "$work/consumer" -j2 >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
arch=$("$work/prefix/bin/latnas" cost --model efficientnet_b0 --format json | sed -n 's/.*"arch": *"\([^"]*\)".*/\1/p' | head -n 1)
test -n "$arch"
"$work/consumer/score_network" "$arch" >"$work/consumer.txt"
cat "$work/consumer.txt"
macs=$(sed -n 's/^macs //p' "$work/consumer.txt")
params=$(sed -n 's/^params //p' "$work/consumer.txt")
# The installed tool's own totals for the same network.
"$work/prefix/bin/latnas" cost --arch "$arch" --format json >"$work/tool.json"
grep -q "\"macs\": *$macs[,}]" "$work/tool.json" || { echo "MACs differ: consumer $macs"; cat "$work/tool.json"; exit 1; }
grep -q "\"params\": *$params[,}]" "$work/tool.json" || { echo "params differ: consumer $params"; exit 1; }
echo "find_package(latnas) consumer: $macs MACs, $params params, as the installed latnas reports"
