#!/usr/bin/env bash
# Sets up (installs missing Debian packages), builds, and runs latnas. With no arguments it runs
# the main job on the embedded defaults; any arguments are passed to latnas instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh build >/dev/null
if (($#)); then
  exec ./build/latnas "$@"
fi
exec ./build/latnas run budget-sweep
