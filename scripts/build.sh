#!/usr/bin/env bash
# Configures and builds latnas into build/ (or the folder given as $1) after installing what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
dir=${1:-build}; shift || true
echo "build: configuring and building latnas in $dir/ (the first build takes a few minutes on 2 cores)" >&2
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build "$dir" -j "$(nproc)" >/dev/null || cmake --build "$dir" -j 1  # re-run serially so a failure prints readably
