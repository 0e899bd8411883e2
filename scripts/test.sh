#!/usr/bin/env bash
# Sets up, builds and runs the whole doctest suite through ctest.
#   scripts/test.sh            Release build in build/
#   scripts/test.sh --sanitize AddressSanitizer + UndefinedBehaviorSanitizer build in build-asan/
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ${1:-} == --sanitize ]]; then
  bash scripts/build.sh build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLATNAS_SANITIZE=ON -DLATNAS_WERROR=ON -DLATNAS_BENCH=OFF
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  ctest --test-dir build-asan --output-on-failure -j "$(nproc)"
else
  bash scripts/build.sh build -DLATNAS_WERROR=ON
  ctest --test-dir build --output-on-failure -j "$(nproc)"
fi
