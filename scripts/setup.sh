#!/usr/bin/env bash
# Installs what latnas needs to build on Debian 12 (run as root, or with sudo available).
# Only packages that are missing are installed, so a ready machine costs nothing.
set -euo pipefail
#   scripts/setup.sh          what the g++ build and the test suite need
#   scripts/setup.sh --fuzz   also clang, libFuzzer and the sanitizer runtimes (scripts/fuzz.sh)
pkgs=(g++ cmake make libboost-graph-dev libboost-program-options-dev libtbb-dev libeigen3-dev doctest-dev nlohmann-json3-dev libonnx-dev libprotobuf-dev)
if [[ ${1:-} == --fuzz ]]; then
  pkgs+=(clang-14 clang libclang-rt-14-dev llvm-14)  # llvm-14: llvm-symbolizer for readable crash reports
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo=sudo
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
