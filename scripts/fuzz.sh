#!/usr/bin/env bash
# Builds the libFuzzer harnesses of fuzz/ with clang (ASan + UBSan) in build-fuzz/ and runs each for
# SECONDS (default 60), starting from a seed corpus of the repository's own files. Prints each
# harness's executions and coverage; fails if any harness finds a crash, a leak, a timeout or an
# out-of-memory input (saved as build-fuzz/artifacts/HARNESS-*, to replay: build-fuzz/fuzz/fuzz_HARNESS FILE).
#   scripts/fuzz.sh [SECONDS] [SEED]
# SEED (default 1) fixes libFuzzer's mutation sequence, so a CI run explores what a local run of the
# same length explored (a red CI is then reproducible); give another seed to explore further.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
seed=${2:-1}
[[ $seed =~ ^[0-9]+$ ]] || { echo "fuzz.sh: expected SEED as a whole number, got '$seed'" >&2; exit 2; }
[[ $seconds =~ ^[0-9]+$ && $seconds -ge 1 ]] || { echo "fuzz.sh: expected SECONDS as a whole number >= 1, got '$seconds'" >&2; exit 2; }
bash scripts/setup.sh --fuzz
dir=build-fuzz
harnesses=(arch_string space_file device_profile config_file onnx_import)
echo "fuzz: building the harnesses in $dir/ with clang (ASan + UBSan + libFuzzer)" >&2
CC=clang CXX=clang++ cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLATNAS_FUZZ=ON >/dev/null
targets=()
for h in "${harnesses[@]}"; do targets+=(--target "fuzz_$h"); done
cmake --build "$dir" -j "$(nproc)" "${targets[@]}" >/dev/null || cmake --build "$dir" -j 1 "${targets[@]}"

# Seed corpora from the repository's own files. (awk, not head: head would stop reading and, under
# pipefail, sort's SIGPIPE would end the script once the repository has more than 200 strings.)
seeds=$dir/seeds
rm -rf "$seeds"
mkdir -p "$seeds"/{arch_string,space_file,device_profile,config_file,onnx_import} "$dir/artifacts"
i=0
{ grep -rhoE "res=[0-9]+;[^\"' ,]*" data experiments tests 2>/dev/null || true
  cut -d, -f2- data/models/families.csv | tr ',' '\n' | grep -E '^[a-z]+_r[0-9]' || true; } | sort -u | awk 'NR <= 200' |
  while IFS= read -r line; do i=$((i + 1)); printf '%s' "$line" >"$seeds/arch_string/seed$i"; done
cp data/spaces/*.space "$seeds/space_file/"
cp data/devices/*.profile "$seeds/device_profile/"
cp data/spaces/*.space data/devices/*.profile experiments/shipped/*.experiment "$seeds/config_file/"
cp tests/fixtures/onnx/*.onnx "$seeds/onnx_import/"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
summary=()
for h in "${harnesses[@]}"; do
  corpus=$dir/corpus/$h
  mkdir -p "$corpus"
  log=$dir/fuzz_$h.log
  echo "fuzz: $h for ${seconds} s" >&2
  rc=0
  "$dir/fuzz/fuzz_$h" -seed="$seed" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$dir/artifacts/$h-" "$corpus" "$seeds/$h" >"$log" 2>&1 || rc=$?
  execs=$(grep -oE '^stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo '?')
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo '?')
  ft=$(grep -oE 'ft: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo '?')
  rate=$(grep -oE 'exec/s: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo '?')
  verdict=ok
  if [[ $rc -ne 0 ]]; then
    verdict="FAILED (exit $rc; see $log and $dir/artifacts/)"
    grep -E '^==[0-9]+==|SUMMARY|runtime error|deadly signal|timeout|out-of-memory' "$log" | head -5 >&2 || true
    status=1
  fi
  summary+=("$(printf '%-16s %12s execs %8s exec/s  cov %6s  ft %6s  %s' "$h" "$execs" "$rate" "$cov" "$ft" "$verdict")")
done
echo "fuzz: ${seconds} s per harness, seed $seed"
printf '%s\n' "${summary[@]}"
exit $status
